package jasyncio.kernel.shell;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * JShell's compiler sees the class path through this file manager (given to
 * {@code JShell.Builder.fileManager}): classes from the kernel's own class path entries are
 * left out of every listing unless {@link CellClassPath} lets cells see them; the entries added
 * for cells (%classpath, %maven) show whole, even one the kernel also has (a user's gson in a
 * test run, whose class path holds the kernel's gson jar). javac finds classes by listing
 * packages, so a hidden package is one that does not exist: "package com.google.gson does not
 * exist", as in a project without that dependency.
 */
final class ApiFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> implements StandardJavaFileManager {
    private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-classpath", "-cp", "--class-path");
    private final CellClassPath api;

    ApiFileManager(StandardJavaFileManager delegate, CellClassPath api) {
        super(delegate);
        this.api = api;
        try {
            delegate.setLocationFromPaths(StandardLocation.CLASS_PATH, api.apiEntries());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The compiler's class path is the entries that hold what cells may see and those added
     * for cells: the kernel's other entries (its libraries, a test run's whole class path) are
     * left out, so javac neither lists nor indexes them. JShell sets the class path again on
     * each addToClasspath, from java.class.path: the same entries are left out then.
     */
    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (!CLASS_PATH_OPTIONS.contains(current) || !remaining.hasNext()) {
            return super.handleOption(current, remaining);
        }
        List<String> kept = new ArrayList<>();
        for (String entry : remaining.next().split(File.pathSeparator)) {
            if (!entry.isEmpty() && !api.leftOutOfCompilation(Path.of(entry)) && !kept.contains(entry)) {
                kept.add(entry);
            }
        }
        return super.handleOption(current, List.of(String.join(File.pathSeparator, kept)).iterator());
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                         boolean recurse) throws IOException {
        Iterable<JavaFileObject> all = super.list(location, packageName, kinds, recurse);
        if (location != StandardLocation.CLASS_PATH) {
            return all;
        }
        List<JavaFileObject> shown = new ArrayList<>();
        for (JavaFileObject file : all) {
            if (visible(location, file)) {
                shown.add(file);
            }
        }
        return shown;
    }

    @Override
    public JavaFileObject getJavaFileForInput(Location location, String className, JavaFileObject.Kind kind)
            throws IOException {
        JavaFileObject file = super.getJavaFileForInput(location, className, kind);
        return file == null || location != StandardLocation.CLASS_PATH || visible(location, file) ? file : null;
    }

    private boolean visible(Location location, JavaFileObject file) {
        Path origin = origin(file.toUri());
        if (origin == null || !api.hidden(origin)) {
            return true;
        }
        String name = fileManager.inferBinaryName(location, file);
        return name != null && api.visible(name);
    }

    /** The class path entry a file comes from: the jar of a jar: URI, the kernel folder holding a file: URI. */
    private Path origin(URI uri) {
        String scheme = uri.getScheme();
        if ("jar".equals(scheme)) {
            String spec = uri.getRawSchemeSpecificPart();
            int bang = spec.indexOf("!/");
            return bang < 0 ? null : CellClassPath.normalize(Path.of(URI.create(spec.substring(0, bang))));
        }
        if ("file".equals(scheme)) {
            Path path = Path.of(uri);
            for (Path entry : api.kernelEntries()) {
                if (path.startsWith(entry)) {
                    return entry;
                }
            }
        }
        return null;
    }

    // ---- StandardJavaFileManager, delegated ----

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory f) {
        fileManager.setPathFactory(f);
    }
}
