package jasyncio.kernel.shell;

/**
 * How a cell's last expression hands its value over on the fast path: the interpreter
 * evaluates {@code Object $cellValue = jasyncio.kernel.shell.LastValue.capture(EXPR);}, a
 * variable declaration, which JShell compiles in about a third of the time it needs for a
 * bare expression (no type analysis of the expression, no new {@code $N} variable that
 * every later snippet would have to import). The variable itself keeps null, so old values
 * are not held by old snippet classes.
 */
public final class LastValue {
    private static final Object NONE = new Object();
    private static final ThreadLocal<Object> CAPTURED = ThreadLocal.withInitial(() -> NONE);

    private LastValue() {
    }

    /** Called by the generated declaration, on the thread that evaluates the cell. */
    public static Object capture(Object value) {
        CAPTURED.set(value);
        return null;
    }

    /** The captured value, once; {@code orElse} when none was captured on this thread. */
    static Object take(Object orElse) {
        Object value = CAPTURED.get();
        CAPTURED.set(NONE);
        return value == NONE ? orElse : value;
    }
}
