package jasyncio.loop;

/**
 * asyncio.LimitOverrunError: looking for a separator went past the reader's limit.
 * {@link #consumed()} bytes are what would have to be consumed to get past the limit; they
 * stay in the buffer.
 */
public class LimitOverrunError extends RuntimeException {
    private final int consumed;

    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    public int consumed() {
        return consumed;
    }
}
