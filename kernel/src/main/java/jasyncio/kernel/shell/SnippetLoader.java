package jasyncio.kernel.shell;

import java.io.File;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads the classes JShell compiles from cells. Their loaders' parent shows them the JDK and
 * the kernel's API ({@link KernelApi#loader}) from the kernel's own loader: a cell's
 * {@code EventLoop} is the kernel's EventLoop class, so there is one loop instance and one set
 * of jasyncio classes; the kernel's libraries stay out of sight. Jars added with %classpath and
 * %maven are searched after the parent (ordinary delegation).
 *
 * <p>Each compilation's classes (one {@link #load} call) get a class loader of their own, a
 * {@link Batch}, so that the JVM can unload them once JShell has forgotten them
 * ({@link SnippetPruner}) and nothing in use refers to them: the statements of a cell run long
 * ago, a variable declared again and the value it held. In one loader for all, every class of
 * every cell would stay for the whole session (about 10 KB of class metadata a cell, measured).
 * Snippet classes find each other by name in {@link #loaded}; {@link SnippetAccess} has made
 * them public, as classes of different loaders see only each other's public members. A batch
 * pins the snippet classes its code names, so a class JShell forgets stays there for the code
 * compiled against it while that code lives (a task of an old cell still reading the variable
 * it was written for).
 */
final class SnippetLoader implements LoaderDelegate {
    private final JarLoader jars;
    private final CellClassPath classPath;
    /** The snippet classes JShell may still run or compile against, by name. */
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

    /** @param parent the JDK and the kernel's API ({@link CellClassPath#loader}) */
    SnippetLoader(ClassLoader parent, CellClassPath classPath) {
        jars = new JarLoader(parent, loaded);
        this.classPath = classPath;
    }

    /** The context class loader of cells: the kernel's classes, the %classpath jars, the snippet classes in use by name. */
    ClassLoader classLoader() {
        return jars;
    }

    private static boolean isSnippetClass(String name) {
        return name.startsWith(JShellInternals.REPL_PACKAGE_PREFIX);
    }

    /** The jars of %classpath, after the kernel's classes; also the snippet classes in use, by name. */
    private static final class JarLoader extends URLClassLoader {
        private final Map<String, Class<?>> loaded;

        JarLoader(ClassLoader parent, Map<String, Class<?>> loaded) {
            super("jshell-snippets", new URL[0], parent);
            this.loaded = loaded;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isSnippetClass(name)) {
                return super.loadClass(name, resolve);
            }
            Class<?> type = loaded.get(name); // not asked of the parent: it would keep a lock for each name
            if (type == null) {
                throw new ClassNotFoundException(name);
            }
            return type;
        }

        @Override
        public void addURL(URL url) {
            super.addURL(url);
        }
    }

    /**
     * The classes of one compilation, and the snippet classes they name. Not parallel capable:
     * a parallel capable loader keeps a lock object for each class name it is asked for.
     */
    private final class Batch extends ClassLoader {
        private final Map<String, byte[]> pending;
        private final Map<String, Class<?>> pinned;

        Batch(Map<String, byte[]> pending, Map<String, Class<?>> pinned) {
            super("jshell-snippet", jars);
            this.pending = pending;
            this.pinned = pinned;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isSnippetClass(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    byte[] bytes = pending.remove(name); // defined once: the bytes would only take memory
                    type = bytes != null ? defineClass(name, bytes, 0, bytes.length) : pinned.get(name);
                }
                if (type == null) {
                    type = loaded.get(name);
                }
                if (type == null) {
                    throw new ClassNotFoundException(name);
                }
                return type;
            }
        }
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        try {
            Map<String, byte[]> pending = new HashMap<>();
            for (ClassBytecodes c : classes) {
                pending.put(c.name(), c.bytecodes());
            }
            Batch batch = new Batch(pending, snippetClassesNamedIn(pending));
            for (int i = 0; i < classes.length; i++) {
                Class<?> type = batch.loadClass(classes[i].name());
                loaded.put(classes[i].name(), type);
                installed[i] = true;
                type.getDeclaredMethods(); // link now, so a bad class fails here and not in the middle of a cell
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e, installed);
        }
    }

    /** The classes of earlier snippets that these class files name, as they are loaded now. */
    private Map<String, Class<?>> snippetClassesNamedIn(Map<String, byte[]> classFiles) {
        Map<String, Class<?>> named = new HashMap<>();
        for (byte[] bytes : classFiles.values()) {
            for (PoolEntry entry : ClassFile.of().parse(bytes).constantPool()) {
                if (entry instanceof ClassEntry c) {
                    String name = c.asInternalName().replace('/', '.');
                    Class<?> type = isSnippetClass(name) && !classFiles.containsKey(name) ? loaded.get(name) : null;
                    if (type != null) {
                        named.put(name, type);
                    }
                }
            }
        }
        return named;
    }

    /** The direct execution engine cannot redefine a class, so JShell never reports one redefined. */
    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
    }

    /**
     * The kernel's own entries are left out (JShell's compiler gets them too, and
     * CompilerRecycler adds one again): of those, cells see only the API, through the parent.
     * An entry added for cells is added, even one the kernel also has.
     */
    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String entry : path.split(File.pathSeparator)) {
                if (!classPath.hidden(Path.of(entry))) {
                    jars.addURL(new File(entry).toURI().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new InternalException(e.toString());
        }
    }

    /** JShell will not run the class again (its snippet is gone): only code that named it may still use it. */
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
