package jasyncio.loop;

/** asyncio.InvalidStateError: an operation not allowed in the Future's current state. */
public class InvalidStateError extends IllegalStateException {
    public InvalidStateError(String message) {
        super(message);
    }
}
