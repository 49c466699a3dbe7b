package jasyncio.loop;

/**
 * asyncio's Transport (transports.py: BaseTransport, ReadTransport and WriteTransport in
 * one): a connection's byte pipe, driven by the loop, that calls a {@link Protocol}.
 * Writes never block: what the socket does not take at once is buffered and sent when it
 * is writable, and the protocol is paused while the buffer is over the high-water mark.
 */
public interface Transport {
    /** Closes after the buffered data is sent; connectionLost(null) follows. Idempotent. */
    void close();

    /** True once close() or abort() was called, or the connection was lost. */
    boolean isClosing();

    /** "peername", "sockname" or "socket" (the channel), or null. */
    Object getExtraInfo(String name);

    Protocol getProtocol();

    void setProtocol(Protocol protocol);

    /** True unless reading is paused or the transport is closing. */
    boolean isReading();

    /** Stops calling dataReceived until resumeReading (the data waits in the kernel). */
    void pauseReading();

    void resumeReading();

    /** Sends the bytes, or buffers what the socket does not take now. */
    void write(byte[] data);

    /** Writes each array in turn, as one write of their concatenation. */
    default void writelines(Iterable<byte[]> data) {
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    /** Half-closes: sends EOF once the buffer is flushed; reading may go on. */
    void writeEof();

    boolean canWriteEof();

    /** Closes at once, dropping buffered data; connectionLost(null) follows. */
    void abort();

    /** How many bytes wait in the write buffer. */
    int getWriteBufferSize();

    /** {low, high}: the water marks of the write buffer. */
    int[] getWriteBufferLimits();

    /**
     * Sets the water marks (asyncio's set_write_buffer_limits): a null high is 64 KiB, or
     * 4 * low when only low is given; a null low is high / 4.
     */
    void setWriteBufferLimits(Integer high, Integer low);
}
