package jasyncio.kernel.shell;

/**
 * How a cell's last expression hands its value over on the fast path ({@link FastPath}):
 * the interpreter evaluates {@code Object $cellValue7 = jasyncio.kernel.shell.LastValue.capture(EXPR);},
 * a variable declaration, which JShell compiles in a fraction of the time it needs for a
 * bare expression. The variable itself keeps null, so the value is not held by a snippet
 * class once the cell is done.
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
