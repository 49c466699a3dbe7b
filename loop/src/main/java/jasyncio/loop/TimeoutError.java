package jasyncio.loop;

/** asyncio.TimeoutError (the builtin TimeoutError since 3.11): an awaited operation ran out of time. */
public class TimeoutError extends RuntimeException {
    public TimeoutError() {
        super();
    }

    public TimeoutError(String message) {
        super(message);
    }
}
