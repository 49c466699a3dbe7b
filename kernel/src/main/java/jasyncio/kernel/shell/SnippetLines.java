package jasyncio.kernel.shell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * The way from a frame of a snippet class ({@code REPL.$JShell$12B$Counter}, line 40 of the
 * source JShell compiled) back to the snippet and its own line, as JShell itself translates the
 * stack of an exception it sees (Eval.translateExceptionStack: OuterWrapMap.getOuter, then
 * wrapLineToSnippet and wrapLineToSnippetLine), for the stacks JShell never sees: a suspended
 * task's, a coroutine's creator's, an exception raised in a task. JShell has no API for it, so
 * it is reached by deep reflection (the kernel jar's manifest opens jdk.jshell);
 * {@link #open} returns null when it cannot be, and frames then keep their class names.
 * Read on the loop thread, where JShell's maps change.
 */
final class SnippetLines {
    /** A snippet and a 1-based line of its source. */
    record Line(Snippet snippet, int line) {
    }

    private final Object outerMap;
    private final Method getOuter;
    private final Method wrapLineToSnippet;
    private final Method wrapLineToSnippetLine;

    private SnippetLines(JShell jshell) throws ReflectiveOperationException {
        Field outerField = JShell.class.getDeclaredField("outerMap");
        outerField.setAccessible(true);
        outerMap = outerField.get(jshell);
        getOuter = accessible(outerMap.getClass().getDeclaredMethod("getOuter", String.class));
        Class<?> classWrap = Class.forName("jdk.jshell.OuterSnippetsClassWrap");
        wrapLineToSnippet = accessible(classWrap.getMethod("wrapLineToSnippet", int.class));
        wrapLineToSnippetLine = accessible(classWrap.getMethod("wrapLineToSnippetLine", int.class));
    }

    static SnippetLines open(JShell jshell) {
        try {
            return new SnippetLines(jshell);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The snippet and line a frame of a snippet class ran, or null (not a snippet class, or forgotten). */
    Line of(StackTraceElement frame) {
        if (frame.getLineNumber() <= 0 || !frame.getClassName().startsWith(JShellInternals.REPL_PACKAGE_PREFIX)) {
            return null;
        }
        try {
            Object outer = getOuter.invoke(outerMap, frame.getClassName());
            if (outer == null) {
                return null;
            }
            int wrapLine = frame.getLineNumber() - 1;
            Snippet snippet = (Snippet) wrapLineToSnippet.invoke(outer, wrapLine);
            int line = (int) wrapLineToSnippetLine.invoke(outer, wrapLine) + 1;
            return snippet == null ? null : new Line(snippet, line);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method accessible(Method m) {
        m.setAccessible(true);
        return m;
    }
}
