package jasyncio.loop;

/**
 * asyncio's Protocol (protocols.py, with BaseProtocol): what a {@link Transport} calls as
 * things happen to its connection, always on the loop thread. A connection sees
 * connectionMade once, then dataReceived any number of times, then eofReceived at most
 * once, then connectionLost once; pauseWriting/resumeWriting come in pairs as the
 * transport's write buffer crosses its high and low water marks.
 */
public interface Protocol {
    /** The connection is up; {@code transport} is how to write to it and close it. */
    default void connectionMade(Transport transport) {
    }

    /** The connection is gone: {@code exc} is null for a regular EOF or close, else what broke it. */
    default void connectionLost(Throwable exc) {
    }

    /** The transport's write buffer went over its high-water mark: stop writing until resumeWriting. */
    default void pauseWriting() {
    }

    /** The write buffer drained to its low-water mark or below. */
    default void resumeWriting() {
    }

    /** Bytes arrived; the array is the protocol's to keep. */
    default void dataReceived(byte[] data) {
    }

    /**
     * The other end will send no more (it half-closed or closed). Return true to keep the
     * connection open for writing; false (the default) closes the transport.
     */
    default boolean eofReceived() {
        return false;
    }
}
