package jasyncio.kernel.shell;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path of cells: the jars and folders added for them (%classpath, %maven), and what
 * of the kernel they may see: the loop's public API, the display API and the few kernel
 * classes that cells name or that the kernel's rewriting of their code calls. Nothing else: not
 * the kernel's wire, magics or interpreter, and none of its libraries (gson, jeromq, Maven
 * Resolver and what it brings), so that a cell naming {@code com.google.gson.Gson} gets a
 * compile error, and {@code %maven com.google.code.gson:gson:2.10.1} gives it that gson and no
 * other. Both sides obey this one list: the class loader cells' classes are defined under
 * ({@link #loader}) and JShell's compiler ({@link ApiFileManager}).
 *
 * <p>Invariant (at risk when a new package is added for cells): a name visible here must be
 * visible in both places, or a cell compiles and then fails with NoClassDefFoundError.
 */
final class CellClassPath {
    /** Packages cells see whole, with their subpackages. */
    private static final List<String> PACKAGES = List.of("jasyncio.loop.", "jasyncio.kernel.display.");
    /** Single kernel classes cells see, with their nested classes. */
    private static final List<String> CLASSES = List.of(
            Notebook.class.getName(),      // loop() (Prelude)
            "jasyncio.kernel.Stdin",       // input(prompt) (Prelude)
            "jasyncio.kernel.player.LoopState", // loopState(loop) (Prelude): a picture of a loop's state
            LastValue.class.getName(),     // the fast path's capture (FastPath)
            CellInterrupts.class.getName(),// the interrupt checks inserted in snippet classes
            CellInterrupted.class.getName(),
            ExitGuard.class.getName(),     // System.exit in a cell, rewritten (SnippetInstrumentation)
            SystemExitError.class.getName());

    private final Set<String> alsoVisible;
    /** The kernel's entries that hold classes cells see (the loop's, the kernel's own, a test's). */
    private final List<Path> apiEntries;
    /** The class path entries the kernel was started with (with their manifests' Class-Path), and its own classes. */
    private final Set<Path> kernelEntries;
    /** The entries added for cells, normalized, in order; written on the loop thread, read by javac too. */
    private final Set<Path> userEntries = new CopyOnWriteArraySet<>();

    /** @param alsoVisible more class names cells may see (tests share a class with cells) */
    CellClassPath(Set<String> alsoVisible, List<String> extraKernelEntries) {
        this.alsoVisible = Set.copyOf(alsoVisible);
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                addWithManifestClassPath(entries, normalize(Path.of(entry)));
            }
        }
        extraKernelEntries.forEach(e -> entries.add(normalize(Path.of(e))));
        this.kernelEntries = Set.copyOf(entries);
        Set<Path> api = new LinkedHashSet<>();
        List<Class<?>> anchors = new java.util.ArrayList<>(List.of(jasyncio.loop.EventLoop.class, Notebook.class,
                jasyncio.kernel.display.Display.class));
        for (String name : alsoVisible) {
            try {
                anchors.add(Class.forName(name, false, CellClassPath.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("no class " + name + " to make visible to cells", e);
            }
        }
        for (Class<?> type : anchors) {
            Path source = codeSource(type);
            if (source != null) {
                api.add(source);
            }
        }
        this.apiEntries = List.copyOf(api);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return normalize(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The compiler's class path at start: the entries holding the API (a jar or folders). */
    List<Path> apiEntries() {
        return apiEntries;
    }

    /** Does JShell's compiler leave this entry out (a kernel entry with nothing for cells, not added for them)? */
    boolean leftOutOfCompilation(Path entry) {
        Path p = normalize(entry);
        return hidden(p) && !apiEntries.contains(p);
    }

    /** Does a cell see this kernel class (binary name)? */
    boolean visible(String className) {
        for (String p : PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        String outer = className.indexOf('$') < 0 ? className : className.substring(0, className.indexOf('$'));
        return CLASSES.contains(outer) || alsoVisible.contains(outer);
    }

    /**
     * Is this entry of the kernel's own class path, and not also added for cells? Then cells
     * see of it only what {@link #visible} allows.
     */
    boolean hidden(Path entry) {
        Path p = normalize(entry);
        return kernelEntries.contains(p) && !userEntries.contains(p);
    }

    /** Adds an entry for cells (then also given to JShell, which gives it to the loader and the compiler). */
    void addUserEntry(Path entry) {
        userEntries.add(normalize(entry));
    }

    /** The entries added for cells, in order. */
    List<Path> userEntries() {
        return List.copyOf(userEntries);
    }

    /** A jar's Class-Path attribute names more entries (surefire's and many launchers' way). */
    private static void addWithManifestClassPath(Set<Path> entries, Path entry) {
        if (!entries.add(entry) || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            for (String url : classPath.trim().split("\\s+")) {
                try {
                    URI uri = entry.getParent().toUri().resolve(url);
                    if ("file".equals(uri.getScheme())) {
                        addWithManifestClassPath(entries, normalize(Path.of(uri)));
                    }
                } catch (IllegalArgumentException e) {
                    // not a path: the JVM ignores it too
                }
            }
        } catch (IOException e) {
            // not a jar: nothing more to add
        }
    }

    /** The kernel's own entries, normalized: jars and folders. */
    Set<Path> kernelEntries() {
        return kernelEntries;
    }

    static Path normalize(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * The parent of the loader of cells' classes and jars: the JDK (the platform loader, and
     * the JDK's modules the application loader defines, e.g. jdk.compiler), plus the visible
     * kernel classes from the kernel's loader. No resource of the kernel's class path shows
     * through (its META-INF/services would name classes cells cannot load).
     */
    ClassLoader loader(ClassLoader kernelLoader) {
        return new ApiLoader(kernelLoader);
    }

    private final class ApiLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader kernelLoader;
        /** Packages of the JDK's modules that the application class loader defines (jdk.compiler, jdk.jshell, ...); on first need. */
        private volatile Set<String> jdkAppPackages;

        ApiLoader(ClassLoader kernelLoader) {
            super("jasyncio-cell-api", ClassLoader.getPlatformClassLoader());
            this.kernelLoader = kernelLoader;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (visible(name)) {
                return kernelLoader.loadClass(name);
            }
            return super.loadClass(name, resolve); // the platform loader, then findClass
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            int dot = name.lastIndexOf('.');
            Set<String> packages = jdkAppPackages;
            if (packages == null) {
                packages = jdkAppPackages();
                jdkAppPackages = packages;
            }
            if (dot > 0 && packages.contains(name.substring(0, dot))) {
                return ClassLoader.getSystemClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }

    private static Set<String> jdkAppPackages() {
        Set<String> packages = new HashSet<>();
        ClassLoader app = ClassLoader.getSystemClassLoader();
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getClassLoader() == app) {
                ModuleDescriptor descriptor = module.getDescriptor();
                packages.addAll(descriptor.packages());
            }
        }
        return packages;
    }
}
