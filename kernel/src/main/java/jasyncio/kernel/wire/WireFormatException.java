package jasyncio.kernel.wire;

/**
 * A multipart message that is not a valid, authentic Jupyter message. It is the only exception
 * {@link MessageCodec#decode} throws; the server drops such messages with one log line.
 */
public final class WireFormatException extends Exception {
    /** Why a message was rejected; log lines are deduplicated and tests assert on it. */
    public enum Reason {
        TOO_FEW_FRAMES,
        MISSING_DELIMITER,
        MISSING_SIGNATURE,
        BAD_SIGNATURE,
        REPLAYED_SIGNATURE,
        INVALID_UTF8,
        INVALID_JSON,
        NOT_AN_OBJECT,
        MISSING_HEADER_FIELD
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String detail) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
