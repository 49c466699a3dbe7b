package jasyncio.loop;

/**
 * Thrown by {@link Coroutine#send} when the coroutine returns, carrying its return value,
 * as Python's {@code coro.send(None)} raises {@code StopIteration(value)}.
 * It has no stack trace: it is control flow, not an error.
 */
public final class StopIteration extends RuntimeException {
    private final transient Object value;

    public StopIteration(Object value) {
        super(null, null, false, false);
        this.value = value;
    }

    /** The coroutine's return value. */
    public Object value() {
        return value;
    }

    @Override
    public String getMessage() {
        return "StopIteration(" + value + ")";
    }
}
