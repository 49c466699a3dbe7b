package jasyncio.kernel.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Javadoc of added libraries for inspect and {@code name?}: JShell reads documentation from
 * sources (the JDK's src.zip), so the sources jar of the library a documented name belongs to
 * is added to the sources JShell searches (a library with only a javadoc jar: its HTML page's
 * block for the member, {@link #fromJavadocJar}), fetched on demand by {@code sourcesOfClass} (the
 * %maven layer: the local repository, else a download). JShell has no API for that list: it
 * is the private {@code availableSources} of its SourceCodeAnalysisImpl (jdk.jshell is opened
 * to the kernel, see the jar's manifest), filled on the first documentation request; a JDK
 * without it leaves libraries undocumented, nothing worse.
 */
final class LibraryDocs {
    /** A qualified name in JShell's signatures: {@code org.apache.commons.lang3.StringUtils.capitalize}. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b[a-z_][\\w]*(?:\\.[\\w$]+)+");

    private final SourceCodeAnalysis analysis;
    private volatile Function<String, Path> sourcesOfClass;
    private final Set<Path> added = new HashSet<>();
    /** Classes whose library published a javadoc jar and no sources: the HTML is read instead. */
    private final Map<String, Path> javadocJars = new HashMap<>();
    private boolean broken;

    LibraryDocs(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    void setSources(Function<String, Path> sourcesOfClass) {
        this.sourcesOfClass = sourcesOfClass;
    }

    /**
     * Adds the sources of the classes this documentation names, where there are new ones;
     * true when one was added (then asking again finds the Javadoc).
     */
    boolean addSourcesFor(String documentation) {
        Function<String, Path> source = sourcesOfClass;
        if (source == null || broken || documentation == null) {
            return false;
        }
        boolean any = false;
        Matcher m = QUALIFIED.matcher(documentation);
        Set<String> classes = new HashSet<>();
        while (m.find()) {
            String className = className(m.group());
            if (className != null && classes.add(className)) {
                Path jar = source.apply(className);
                if (jar == null || added.contains(jar)) {
                    continue;
                }
                if (holds(jar, className.replace('.', '/') + ".java")) {
                    if (add(jar)) {
                        added.add(jar);
                        any = true;
                    }
                } else {
                    javadocJars.put(className, jar);
                }
            }
        }
        return any;
    }

    /**
     * For documentation without Javadoc text: the text from a javadoc jar's HTML page of the
     * first class it names that has one (the member's block, else the class's), or null.
     */
    String fromJavadocJar(String documentation) {
        if (documentation == null || documentation.contains("\n\n") || javadocJars.isEmpty()) {
            return null;
        }
        Matcher m = QUALIFIED.matcher(documentation);
        while (m.find()) {
            String qualified = m.group();
            String className = className(qualified);
            Path jar = className == null ? null : javadocJars.get(className);
            if (jar == null) {
                continue;
            }
            String rest = qualified.substring(className.length());
            String member = rest.startsWith(".") ? rest.substring(1).split("\\.")[0] : null;
            String html = read(jar, className.replace('.', '/') + ".html");
            String block = html == null ? null : block(html, member);
            if (block != null) {
                return JavadocText.toPlainText(block);
            }
        }
        return null;
    }

    /** The description block (and its notes: parameters, returns) of a member, else of the class. */
    static String block(String html, String member) {
        int from = -1;
        if (member != null) {
            Matcher anchor = Pattern.compile("(?:id|name)=\"" + Pattern.quote(member) + "[(\\-\"]").matcher(html);
            from = anchor.find() ? anchor.end() : -1;
        }
        if (from < 0) {
            from = Math.max(html.indexOf("class=\"class-description\""), html.indexOf("<div class=\"description\""));
        }
        if (from < 0) {
            return null;
        }
        Matcher next = Pattern.compile("<section class=\"detail\"|<a (?:id|name)=\"").matcher(html);
        int end = next.find(from) ? next.start() : html.length();
        Matcher block = Pattern.compile("(?s)<div class=\"block\">(.*?)</div>(\\s*<dl[^>]*>.*?</dl>)?").matcher(html).region(from, end);
        return block.find() ? block.group(1) + (block.group(2) == null ? "" : block.group(2)) : null;
    }

    private static boolean holds(Path jar, String entry) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(entry) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path jar, String entry) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry e = file.getJarEntry(entry);
            return e == null ? null : new String(file.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The class of a qualified name: up to its first segment that starts with a capital. */
    static String className(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(name.isEmpty() ? "" : ".").append(part);
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                return name.toString();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private boolean add(Path sources) {
        try {
            List<Path> list = (List<Path>) JShellInternals.read(analysis.getClass(), "availableSources", analysis);
            if (list == null) {
                list = (List<Path>) JShellInternals.method(analysis.getClass(), "findSources").invoke(analysis);
            }
            list.add(sources);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true; // another JDK's JShell: documentation of libraries is not shown
            return false;
        }
    }
}
