package jasyncio.kernel.shell;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * What JShell keeps of every snippet it ever evaluated, reached by deep reflection (the kernel
 * jar's manifest opens jdk.jshell to it: {@code Add-Opens: jdk.jshell/jdk.jshell}). JShell
 * (JDK 25) has no API to forget a snippet, and keeps for each one:
 * <ul>
 * <li>the Snippet in {@code SnippetMaps.snippets} and, by key, in {@code keyIndexToSnippet};</li>
 * <li>the wrapped source of each class compiled for it in {@code OuterWrapMap.classOuters},
 * which starts with one {@code import static} line per declaration of the session;</li>
 * <li>that class's bytes in {@code MemoryFileManager.classObjects}, which javac lists (all of
 * them) whenever it compiles a snippet, and twice more in {@code ClassTracker.map}.</li>
 * </ul>
 * {@link #open} returns null when the fields are not there or not accessible; then nothing is
 * trimmed and the session keeps everything, as plain JShell does.
 */
final class JShellInternals {
    /** The package of snippet classes: javac's and the class tracker's names are "REPL.$JShell$12". */
    static final String REPL_PACKAGE_PREFIX = "REPL.";

    final Set<Snippet> snippets;
    final List<Snippet> keyIndexToSnippet;
    final Map<String, ?> classOuters;
    final Map<String, ?> classBytes;
    final Map<String, ?> trackedClasses;
    private final Field snippetKey;
    private final Field keyIndex;
    private final Field snippetOuter;
    private final Field wrapToSnippet;
    private final Object outerMap;
    private final java.lang.reflect.Method getOuter;
    private final java.lang.reflect.Method wrapLineToSnippetLine;
    private final java.lang.reflect.Method wrapLineToSnippet;

    private JShellInternals(JShell jshell) throws ReflectiveOperationException {
        Object maps = read(JShell.class, "maps", jshell);
        snippets = cast(read(maps.getClass(), "snippets", maps));
        keyIndexToSnippet = cast(read(maps.getClass(), "keyIndexToSnippet", maps));
        Object outerMap = read(JShell.class, "outerMap", jshell);
        classOuters = cast(read(outerMap.getClass(), "classOuters", outerMap));
        Object taskFactory = read(JShell.class, "taskFactory", jshell);
        Object fileManager = read(taskFactory.getClass(), "fileManager", taskFactory);
        classBytes = cast(read(fileManager.getClass(), "classObjects", fileManager));
        Object classTracker = read(JShell.class, "classTracker", jshell);
        trackedClasses = cast(read(classTracker.getClass(), "map", classTracker));
        snippetKey = field(Snippet.class, "key");
        keyIndex = field(Class.forName("jdk.jshell.Key"), "index");
        snippetOuter = field(Snippet.class, "outer");
        Class<?> classWrap = Class.forName("jdk.jshell.OuterSnippetsClassWrap");
        wrapToSnippet = field(classWrap, "wrapToSnippet");
        this.outerMap = outerMap;
        getOuter = method(outerMap.getClass(), "getOuter", String.class);
        wrapLineToSnippetLine = method(Class.forName("jdk.jshell.OuterWrap"), "wrapLineToSnippetLine", int.class);
        wrapLineToSnippet = method(classWrap, "wrapLineToSnippet", int.class);
    }

    /** Where a line of a snippet class is in its snippet (as JShell translates an exception's stack). */
    record SnippetPosition(Snippet snippet, int line) {
    }

    /**
     * The snippet and its line (from 1) of a frame of a snippet class ({@code REPL.$JShell$12},
     * its nested classes and lambdas), or null when JShell does not know the class.
     */
    SnippetPosition position(String className, int lineNumber) {
        try {
            Object outer = getOuter.invoke(outerMap, className);
            if (outer == null || lineNumber <= 0) {
                return null;
            }
            int wrapLine = lineNumber - 1;
            Snippet snippet = (Snippet) wrapLineToSnippet.invoke(outer, wrapLine);
            int line = (int) wrapLineToSnippetLine.invoke(outer, wrapLine) + 1;
            return snippet == null ? null : new SnippetPosition(snippet, line);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    // Deep reflection into jdk.jshell and javac, for this class and the others that reach inside
    // JShell (FastCompiler, LibraryDocs): a declared member, made accessible.

    static java.lang.reflect.Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        java.lang.reflect.Method m = type.getDeclaredMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }

    /** The internals of this JShell, or null when they cannot be reached (then nothing is trimmed). */
    static JShellInternals open(JShell jshell) {
        try {
            return new JShellInternals(jshell);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The index of the snippet's key in {@link #keyIndexToSnippet}. */
    int keyIndex(Snippet snippet) {
        return (int) get(keyIndex, get(snippetKey, snippet));
    }

    /** The class wrap the snippet was last compiled in (a value of {@link #classOuters}), or null. */
    Object outerOf(Snippet snippet) {
        return get(snippetOuter, snippet);
    }

    /** The snippets compiled in a class wrap (a value of {@link #classOuters}). */
    Collection<Snippet> snippetsIn(Object classWrap) {
        Map<?, Snippet> map = cast(get(wrapToSnippet, classWrap));
        return map.values();
    }

    private static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e); // setAccessible succeeded in the constructor
        }
    }

    static Object read(Class<?> type, String name, Object target) throws ReflectiveOperationException {
        return field(type, name).get(target);
    }

    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
