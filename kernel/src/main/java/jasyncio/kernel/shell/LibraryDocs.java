package jasyncio.kernel.shell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Javadoc of added libraries for inspect and {@code name?}: JShell reads documentation from
 * sources (the JDK's src.zip), so the sources jar of the library a documented name belongs to
 * is added to the sources JShell searches, fetched on demand by {@code sourcesOfClass} (the
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
                Path sources = source.apply(className);
                if (sources != null && !added.contains(sources) && add(sources)) {
                    added.add(sources);
                    any = true;
                }
            }
        }
        return any;
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
            Field field = analysis.getClass().getDeclaredField("availableSources");
            field.setAccessible(true);
            List<Path> list = (List<Path>) field.get(analysis);
            if (list == null) {
                Method find = analysis.getClass().getDeclaredMethod("findSources");
                find.setAccessible(true);
                list = (List<Path>) find.invoke(analysis);
            }
            list.add(sources);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true; // another JDK's JShell: documentation of libraries is not shown
            return false;
        }
    }
}
