package jasyncio.kernel.shell;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads the classes JShell compiles from cells, in a class loader whose parent is the
 * kernel's own: a cell's {@code EventLoop} is the kernel's EventLoop class, so there is one
 * loop instance and one set of jasyncio classes. Jars added with %classpath are searched
 * after the parent (ordinary delegation).
 */
final class SnippetLoader implements LoaderDelegate {
    private final Loader loader;
    private final Map<String, Class<?>> loaded = new HashMap<>();

    SnippetLoader(ClassLoader parent) {
        loader = new Loader(parent);
    }

    ClassLoader classLoader() {
        return loader;
    }

    private static final class Loader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        Loader(ClassLoader parent) {
            super("jshell-snippets", new URL[0], parent);
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.remove(name); // a class is defined once: its bytes would only take memory
            if (bytes == null) {
                return super.findClass(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public void addURL(URL url) {
            super.addURL(url);
        }
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        try {
            for (ClassBytecodes c : classes) {
                loader.declare(c.name(), c.bytecodes());
            }
            for (int i = 0; i < classes.length; i++) {
                Class<?> type = loader.loadClass(classes[i].name());
                loaded.put(classes[i].name(), type);
                installed[i] = true;
                type.getDeclaredMethods(); // link now, so a bad class fails here and not in the middle of a cell
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            loader.declare(c.name(), c.bytecodes());
        }
    }

    /** Entries of the kernel's own class path are left out: the parent loader serves them already. */
    @Override
    public void addToClasspath(String path) throws InternalException {
        List<String> kernelClassPath = List.of(System.getProperty("java.class.path", "").split(File.pathSeparator));
        try {
            for (String entry : path.split(File.pathSeparator)) {
                if (kernelClassPath.contains(entry)) {
                    continue;
                }
                loader.addURL(new File(entry).toURI().toURL());
            }
        } catch (MalformedURLException e) {
            throw new InternalException(e.toString());
        }
    }

    /** JShell will not run the class again (its snippet is gone): only running code may still use it. */
    void forget(String className) {
        loaded.remove(className);
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = loaded.get(name);
        if (type == null) {
            throw new ClassNotFoundException(name + " not found");
        }
        return type;
    }
}
