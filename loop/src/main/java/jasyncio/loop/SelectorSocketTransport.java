package jasyncio.loop;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * asyncio's _SelectorSocketTransport (selector_events.py): a TCP connection on a
 * non-blocking SocketChannel, read when the selector says it is readable and written at
 * once when possible, buffered otherwise. Its life: open, then closing (close, abort, EOF
 * or an error), then lost: {@link #callConnectionLost} is the one place it ends.
 */
final class SelectorSocketTransport implements Transport {
    /** Writes to a lost connection are counted; after this many each one is logged. */
    static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
    static final int DEFAULT_HIGH_WATER = 64 * 1024;
    /** At most this many buffers go to one gathering write. */
    private static final int MAX_GATHER = 64;

    private final EventLoop loop;
    private final SelectorEvents events;
    private final SocketChannel channel;
    private final Server server;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private Protocol protocol;
    private boolean protocolConnected;
    private final ArrayDeque<ByteBuffer> buffer = new ArrayDeque<>();
    private int bufferSize;
    private int connLost;
    private boolean closing;
    private boolean closed;
    private boolean readingPaused;
    private boolean eof;
    private boolean protocolPaused;
    private int highWater;
    private int lowWater;
    private final Runnable readReady = new ReadReady();
    private final Runnable writeReady = new WriteReady();

    /**
     * Takes over the connected channel: schedules protocol.connectionMade, then the reader,
     * then the waiter's result, in that order (so reading starts after connectionMade).
     */
    SelectorSocketTransport(EventLoop loop, SocketChannel channel, Protocol protocol, Future<Void> waiter, Server server) {
        this.loop = loop;
        this.events = loop.selectorEvents();
        this.channel = channel;
        this.protocol = protocol;
        this.protocolConnected = true;
        this.server = server;
        this.peername = addressOf(channel, true);
        this.sockname = addressOf(channel, false);
        setWriteBufferLimits(null, null);
        events.attachTransport(channel, this);
        if (server != null) {
            server.attach(this);
        }
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // asyncio's _set_nodelay
        } catch (IOException | UnsupportedOperationException ignored) {
            // not TCP, or already closed: nothing to tune
        }
        String protocolName = protocol.getClass().getSimpleName();
        loop.callSoon(new NamedCallback(protocolName + ".connectionMade", () -> protocol.connectionMade(this)));
        loop.callSoon(new NamedCallback("SelectorSocketTransport.addReader", this::addReaderIfReading));
        if (waiter != null) {
            loop.callSoon(new NamedCallback("Future.setResultUnlessCancelled", () -> {
                if (!waiter.isCancelled()) {
                    waiter.setResult(null);
                }
            }));
        }
    }

    private static SocketAddress addressOf(SocketChannel channel, boolean remote) {
        try {
            return remote ? channel.getRemoteAddress() : channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- reading ----

    /** _read_ready: one read of at most 256 KiB, handed to the protocol. */
    private final class ReadReady implements Runnable {
        @Override
        public void run() {
            if (connLost > 0) {
                return;
            }
            ByteBuffer into = events.readBuffer();
            int count;
            try {
                count = channel.read(into);
            } catch (IOException | RuntimeException e) {
                fatalError(e, "Fatal read error on socket transport");
                return;
            }
            if (count == 0) {
                return;
            }
            if (count < 0) {
                readReadyOnEof();
                return;
            }
            byte[] data = new byte[count];
            into.get(0, data);
            try {
                protocol.dataReceived(data);
            } catch (Exception e) {
                fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
            }
        }

        @Override
        public String toString() {
            return "SelectorSocketTransport.readReady";
        }
    }

    private void readReadyOnEof() {
        if (loop.isDebug()) {
            loop.log(this + " received EOF");
        }
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (Exception e) {
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (keepOpen) {
            // Nothing more can be read, but the protocol may still write.
            events.removeReader(channel);
        } else {
            close();
        }
    }

    private void addReaderIfReading() {
        if (isReading()) {
            events.addReader(channel, readReady);
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing;
    }

    @Override
    public void pauseReading() {
        if (!isReading()) {
            return;
        }
        readingPaused = true;
        events.removeReader(channel);
        if (loop.isDebug()) {
            loop.log(this + " pauses reading");
        }
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        addReaderIfReading();
        if (loop.isDebug()) {
            loop.log(this + " resumes reading");
        }
    }

    // ---- writing ----

    @Override
    public void write(byte[] data) {
        if (eof) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (data.length == 0) {
            return;
        }
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                loop.log("socket.send() raised exception.");
            }
            connLost++;
            return;
        }
        int offset = 0;
        if (buffer.isEmpty()) {
            try {
                offset = channel.write(ByteBuffer.wrap(data));
            } catch (IOException | RuntimeException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (offset == data.length) {
                return;
            }
            events.addWriter(channel, writeReady);
        }
        // A copy: the caller may reuse its array once write() returns.
        byte[] rest = Arrays.copyOfRange(data, offset, data.length);
        buffer.addLast(ByteBuffer.wrap(rest));
        bufferSize += rest.length;
        maybePauseProtocol();
    }

    /** _write_ready: one gathering write of the buffer; once empty, finish a pending close or EOF. */
    private final class WriteReady implements Runnable {
        @Override
        public void run() {
            if (connLost > 0) {
                return;
            }
            long written;
            try {
                written = buffer.size() == 1 ? channel.write(buffer.peekFirst())
                        : channel.write(buffer.toArray(new ByteBuffer[0]), 0, Math.min(buffer.size(), MAX_GATHER));
            } catch (IOException | RuntimeException e) {
                events.removeWriter(channel);
                buffer.clear();
                bufferSize = 0;
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            bufferSize -= (int) written;
            while (!buffer.isEmpty() && !buffer.peekFirst().hasRemaining()) {
                buffer.pollFirst();
            }
            maybeResumeProtocol(); // may write more
            if (buffer.isEmpty()) {
                events.removeWriter(channel);
                if (closing) {
                    callConnectionLost(null);
                } else if (eof) {
                    shutdownOutput();
                }
            }
        }

        @Override
        public String toString() {
            return "SelectorSocketTransport.writeReady";
        }
    }

    @Override
    public void writeEof() {
        if (closing || eof) {
            return;
        }
        eof = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on shutdown of socket transport");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public int getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {lowWater, highWater};
    }

    @Override
    public void setWriteBufferLimits(Integer high, Integer low) {
        int h = high != null ? high : low != null ? 4 * low : DEFAULT_HIGH_WATER;
        int l = low != null ? low : h / 4;
        if (!(h >= l && l >= 0)) {
            throw new IllegalArgumentException("high (" + h + ") must be >= low (" + l + ") must be >= 0");
        }
        highWater = h;
        lowWater = l;
        maybePauseProtocol();
    }

    /** Over the high-water mark: tell the protocol to stop writing (FlowControlMixin's drain then waits). */
    private void maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Exception e) {
            loop.callExceptionHandler(new ExceptionContext("protocol.pauseWriting() failed\ntransport: " + this, e, null, null));
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Exception e) {
                loop.callExceptionHandler(new ExceptionContext("protocol.resumeWriting() failed\ntransport: " + this, e, null, null));
            }
        }
    }

    // ---- closing ----

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        events.removeReader(channel);
        if (buffer.isEmpty()) {
            connLost++;
            events.removeWriter(channel);
            loop.callSoon(new NamedCallback("SelectorSocketTransport.callConnectionLost", () -> callConnectionLost(null)));
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    /** An I/O error is the peer's doing and only logged in debug mode; anything else is a bug to report. */
    private void fatalError(Throwable exc, String message) {
        if (exc instanceof IOException) {
            if (loop.isDebug()) {
                loop.log(this + ": " + message + ": " + exc);
            }
        } else {
            loop.callExceptionHandler(new ExceptionContext(
                    message + "\ntransport: " + this + "\nprotocol: " + protocol, exc, null, null));
        }
        forceClose(exc);
    }

    private void forceClose(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        if (!buffer.isEmpty()) {
            buffer.clear();
            bufferSize = 0;
            events.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            events.removeReader(channel);
        }
        connLost++;
        loop.callSoon(new NamedCallback("SelectorSocketTransport.callConnectionLost", () -> callConnectionLost(exc)));
    }

    /** The end of the connection: the protocol hears of it, the channel closes, the server lets it go. */
    private void callConnectionLost(Throwable exc) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (protocolConnected) {
                protocol.connectionLost(exc);
            }
        } finally {
            events.detachTransport(channel);
            try {
                events.close(channel);
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
            if (server != null) {
                server.detach(this);
            }
        }
    }

    // ---- the rest of the Transport ----

    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
        this.protocolConnected = true;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<SelectorSocketTransport");
        if (closed) {
            out.append(" closed");
        } else if (closing) {
            out.append(" closing");
        }
        out.append(" local=").append(sockname).append(" peer=").append(peername);
        if (!closed) {
            out.append(" read=").append(isReading() ? "polling" : "idle");
            out.append(" write=<").append(buffer.isEmpty() ? "idle" : "polling").append(", bufsize=").append(bufferSize).append('>');
        }
        return out.append('>').toString();
    }
}
