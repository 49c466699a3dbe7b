package jasyncio.loop;

/**
 * asyncio.IncompleteReadError: the stream ended before the read was complete. Unchecked
 * (CPython's is an EOFError) so that it can be caught around an await.
 */
public class IncompleteReadError extends RuntimeException {
    private final transient byte[] partial;
    private final Integer expected;

    /** {@code expected} is null when the read had no set size (readuntil). */
    public IncompleteReadError(byte[] partial, Integer expected) {
        super(partial.length + " bytes read on a total of " + (expected == null ? "undefined" : expected.toString())
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before the end of the stream. */
    public byte[] partial() {
        return partial;
    }

    /** How many bytes were expected, or null. */
    public Integer expected() {
        return expected;
    }
}
