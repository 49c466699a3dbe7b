package jasyncio.loop;

/**
 * asyncio.StreamWriter (streams.py): writes to a connection's transport. write() never
 * blocks; {@code await(writer.drain())} is where a writer waits when the transport's
 * buffer is over its high-water mark (64 KiB), until it drains to the low mark.
 */
public final class StreamWriter {
    private final Transport transport;
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;

    public StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
    }

    public Transport transport() {
        return transport;
    }

    public void write(byte[] data) {
        transport.write(data);
    }

    public void writelines(Iterable<byte[]> data) {
        transport.writelines(data);
    }

    public void writeEof() {
        transport.writeEof();
    }

    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the transport after its buffer is sent; waitClosed() waits for that. */
    public void close() {
        transport.close();
    }

    public boolean isClosing() {
        return transport.isClosing();
    }

    /** Ends once the connection is lost; raises the error that broke it, if one did. */
    public Coroutine<Void> waitClosed() {
        return Coroutine.create("StreamWriter.waitClosed", () -> {
            Asyncio.await(protocol.closeWaiter());
            return null;
        });
    }

    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /**
     * Waits until it is fine to write again: at once unless the transport paused writing.
     * Raises the reader's error, or "Connection lost" once the connection is gone.
     */
    public Coroutine<Void> drain() {
        return Coroutine.create("StreamWriter.drain", () -> {
            if (reader != null && reader.exception() != null) {
                throw reader.exception();
            }
            if (transport.isClosing()) {
                // Give connectionLost a chance to run, so a write-drain loop on a closed socket sees the error.
                Asyncio.await(Tasks.sleep(0, null));
            }
            protocol.drainHelper();
            return null;
        });
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
