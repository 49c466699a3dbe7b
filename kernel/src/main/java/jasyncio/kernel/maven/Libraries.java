package jasyncio.kernel.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The libraries this kernel has given cells, by %maven and %classpath, for its whole life (a
 * JVM cannot unload a class): one version of each library (group, artifact, classifier). A
 * resolution that wants another version of one already loaded does not add it: cells go on
 * seeing the one loaded first, and the conflict is said, naming both versions. Used on the loop
 * thread only.
 */
public final class Libraries {
    /** One library cells see. {@code origin}: "%maven REQUEST" or "%classpath". */
    public record Loaded(Coordinates coordinates, Path file, String repository, String origin) {
    }

    /** A wanted version that was not added, and the loaded one cells see instead. */
    public record Conflict(Resolution.Artifact wanted, Loaded loaded) {
        public String message() {
            return "warning: " + wanted.coordinates().key() + " " + wanted.coordinates().version() + " was not added: "
                    + loaded.coordinates().version() + " is already loaded (" + loaded.origin() + "), and cells will see "
                    + loaded.coordinates().version() + " (a JVM cannot unload classes: restart the kernel to use "
                    + wanted.coordinates().version() + ")";
        }
    }

    /** What a resolution adds: the new jars, those loaded already (same version), the conflicts, and what is no jar. */
    public record Plan(Resolution resolution, List<Resolution.Artifact> added, List<Resolution.Artifact> alreadyLoaded,
                       List<Conflict> conflicts, List<Resolution.Artifact> notJars) {
    }

    /** One %maven (request and plan) or %classpath (path, and its library when its jar names one) as --list shows it. */
    record Entry(String request, Plan plan, Path classpath, Loaded classpathLibrary) {
    }

    private final Map<String, Loaded> byKey = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    /** Sources (or javadoc) jars found for loaded artifacts, by key; empty when there are none. */
    private final Map<String, Optional<Path>> sources = new HashMap<>();
    /** The packages of each loaded jar, read when documentation is first asked for. */
    private final Map<Path, Set<String>> packages = new HashMap<>();

    /** Splits a resolution into what to add and what not; changes nothing. */
    public Plan plan(Resolution resolution) {
        List<Resolution.Artifact> added = new ArrayList<>();
        List<Resolution.Artifact> already = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        List<Resolution.Artifact> notJars = new ArrayList<>();
        Map<String, Resolution.Artifact> thisOne = new HashMap<>();
        for (Resolution.Artifact a : resolution.artifacts()) {
            String key = a.coordinates().key();
            Loaded loaded = byKey.get(key);
            if (!a.coordinates().extension().equals("jar") || a.file() == null) {
                notJars.add(a);
            } else if (loaded == null) {
                if (thisOne.putIfAbsent(key, a) == null) {
                    added.add(a);
                }
            } else if (loaded.coordinates().version().equals(a.coordinates().version())) {
                already.add(a);
            } else {
                conflicts.add(new Conflict(a, loaded));
            }
        }
        return new Plan(resolution, List.copyOf(added), List.copyOf(already), List.copyOf(conflicts), List.copyOf(notJars));
    }

    /** Records the plan's jars as loaded (the caller has given them to the interpreter). */
    public void apply(Plan plan) {
        String origin = "%maven " + plan.resolution().request();
        for (Resolution.Artifact a : plan.added()) {
            byKey.put(a.coordinates().key(), new Loaded(a.coordinates(), a.file(), a.repository(), origin));
        }
        entries.add(new Entry(plan.resolution().request(), plan, null, null));
    }

    /**
     * %classpath: the jar's Maven coordinates when it says them (META-INF/maven/.../pom.properties),
     * so a later %maven of another version is a conflict; returns the conflict's warning, or null.
     */
    public String addClasspath(Path path) {
        Coordinates c = pomCoordinates(path);
        Loaded library = c == null ? null : new Loaded(c, path, "file", "%classpath " + path);
        String warning = null;
        if (c != null) {
            Loaded loaded = byKey.get(c.key());
            if (loaded == null) {
                byKey.put(c.key(), library);
            } else if (!loaded.coordinates().version().equals(c.version())) {
                warning = "warning: " + path.getFileName() + " is " + c + ", but " + loaded.coordinates().version()
                        + " is already loaded (" + loaded.origin() + "); its classes come first, so cells will see "
                        + loaded.coordinates().version() + " where both have a class";
            }
        }
        entries.add(new Entry(null, null, path, library));
        return warning;
    }

    public List<Loaded> loaded() {
        return List.copyOf(byKey.values());
    }

    /**
     * The sources jar (else the javadoc jar) of the loaded %maven artifact holding this class, found
     * once with {@code fetch(coordinates, classifier)} (a download on first use, kept in the
     * local repository), or null.
     */
    public Path documentationFor(String className, BiFunction<Coordinates, String, Path> fetch) {
        Loaded owner = ownerOf(className);
        if (owner == null || owner.origin().startsWith("%classpath")) {
            return null;
        }
        return sources.computeIfAbsent(owner.coordinates().key(), k -> {
            Coordinates c = owner.coordinates();
            Path found = fetch.apply(c, "sources");
            return Optional.ofNullable(found != null ? found : fetch.apply(c, "javadoc"));
        }).orElse(null);
    }

    private Loaded ownerOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String pkg = className.substring(0, dot);
        for (Loaded l : byKey.values()) {
            if (packages.computeIfAbsent(l.file(), Libraries::packagesOf).contains(pkg)) {
                return l;
            }
        }
        return null;
    }

    private static Set<String> packagesOf(Path jar) {
        Set<String> names = new TreeSet<>();
        if (!Files.isRegularFile(jar)) {
            return names;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class") && n.indexOf('/') > 0)
                    .forEach(n -> names.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
        } catch (IOException e) {
            // no packages: no documentation
        }
        return names;
    }

    /** The coordinates a jar's single pom.properties gives, or null. */
    static Coordinates pomCoordinates(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            List<JarEntry> poms = jar.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                    && e.getName().endsWith("/pom.properties")).toList();
            if (poms.size() != 1) {
                return null;
            }
            Properties p = new Properties();
            try (InputStream in = jar.getInputStream(poms.getFirst())) {
                p.load(in);
            }
            String g = p.getProperty("groupId");
            String a = p.getProperty("artifactId");
            String v = p.getProperty("version");
            return g == null || a == null || v == null ? null : new Coordinates(g, a, "jar", "", v);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** %maven --list: every request as a tree of what it resolved, with versions and where each came from. */
    public String treeText() {
        return LibraryViews.tree(this, false);
    }

    public String treeHtml() {
        return LibraryViews.tree(this, true);
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    Loaded loadedByKey(String key) {
        return byKey.get(key);
    }
}
