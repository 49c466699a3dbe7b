package jasyncio.loop;

import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import java.util.List;

/**
 * asyncio.StreamReader (streams.py): bytes from a connection, read with coroutines. The
 * protocol feeds it ({@link #feedData}, {@link #feedEof}, {@link #setException}); a
 * coroutine that needs more data than the buffer holds waits for the next feed.
 *
 * <p>Flow control: when the buffer holds more than twice the limit the transport stops
 * reading; it resumes once a read brings the buffer down to the limit or below.
 */
public final class StreamReader {
    /** asyncio's _DEFAULT_LIMIT: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final int limit;
    private EventLoop loop;
    private final ByteQueue buffer = new ByteQueue();
    private boolean eof;
    /** The future a reading coroutine waits on for the next feed; at most one. */
    private Future<Void> waiter;
    private Throwable exception;
    private Transport transport;
    private boolean paused;

    public StreamReader() {
        this(DEFAULT_LIMIT, null);
    }

    public StreamReader(int limit) {
        this(limit, null);
    }

    /** {@code loop} may be null: the running loop is taken when a read first waits. */
    public StreamReader(int limit, EventLoop loop) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
        this.loop = loop;
    }

    public int limit() {
        return limit;
    }

    public Throwable exception() {
        return exception;
    }

    /** Fails the reader: the waiting read and every later one raise {@code exc}. */
    public void setException(Throwable exc) {
        exception = exc;
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isCancelled()) {
                w.setException(exc);
            }
        }
    }

    /** Wakes the reading coroutine, if one waits. */
    private void wakeupWaiter() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isCancelled()) {
                w.setResult(null);
            }
        }
    }

    public void setTransport(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = transport;
    }

    private void maybeResumeTransport() {
        if (paused && buffer.size() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    public void feedEof() {
        eof = true;
        wakeupWaiter();
    }

    /** True when the end of the stream was fed and the buffer is empty. */
    public boolean atEof() {
        return eof && buffer.isEmpty();
    }

    public void feedData(byte[] data) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (data.length == 0) {
            return;
        }
        buffer.append(data);
        wakeupWaiter();
        if (transport != null && !paused && buffer.size() > 2 * limit) {
            transport.pauseReading();
            paused = true;
        }
    }

    /** How many bytes wait in the buffer. */
    public int bufferedSize() {
        return buffer.size();
    }

    /** Inside a reading coroutine: waits until feedData or feedEof is called. */
    private void waitForData(String functionName) {
        if (waiter != null) {
            throw new IllegalStateException(functionName
                    + "() called while another coroutine is already waiting for incoming data");
        }
        if (eof) {
            throw new IllegalStateException("waitForData after EOF");
        }
        // Waiting while the transport is paused would wait forever: readexactly(n) with n over the limit needs this.
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        if (loop == null) {
            loop = EventLoop.getRunningLoop();
        }
        waiter = loop.createFuture();
        try {
            Asyncio.await(waiter);
        } finally {
            waiter = null;
        }
    }

    private void raiseIfFailed() {
        if (exception != null) {
            throw Throwing.sneaky(exception);
        }
    }

    /**
     * A line ending in '\n'. At EOF, the partial line (empty when nothing is left). A line
     * longer than the limit: the buffer drops it (or all of it, without a separator) and
     * IllegalArgumentException is raised (asyncio's ValueError).
     */
    public Coroutine<byte[]> readline() {
        return Coroutine.create("StreamReader.readline", () -> {
            try {
                return readUntil(List.of(NEWLINE));
            } catch (IncompleteReadError e) {
                return e.partial();
            } catch (LimitOverrunError e) {
                if (buffer.startsWith(NEWLINE, e.consumed())) {
                    buffer.skip(e.consumed() + NEWLINE.length);
                } else {
                    buffer.clear();
                }
                maybeResumeTransport();
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    /** The bytes up to and including {@code separator}; see {@link #readuntil(List)}. */
    public Coroutine<byte[]> readuntil(byte[] separator) {
        List<byte[]> separators = List.of(separator);
        return Coroutine.create("StreamReader.readuntil", () -> readUntil(separators));
    }

    /**
     * The bytes up to and including the separator that ends first (3.13 takes several).
     * At EOF without a separator: IncompleteReadError with the buffer's bytes (now consumed).
     * Past the limit without a separator, or with one that ends a chunk longer than the
     * limit: LimitOverrunError, and the data stays in the buffer.
     */
    public Coroutine<byte[]> readuntil(List<byte[]> separators) {
        List<byte[]> bySize = separators.stream().sorted(Comparator.comparingInt(s -> s.length)).toList();
        return Coroutine.create("StreamReader.readuntil", () -> readUntil(bySize));
    }

    private byte[] readUntil(List<byte[]> separators) {
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        int minLength = separators.get(0).length;
        int maxLength = separators.get(separators.size() - 1).length;
        if (minLength == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        raiseIfFailed();
        // offset: where the search resumes; no separator ends before it.
        int offset = 0;
        int matchStart;
        int matchEnd;
        while (true) {
            int size = buffer.size();
            matchStart = -1;
            matchEnd = -1;
            if (size - offset >= minLength) {
                for (byte[] separator : separators) {
                    int at = buffer.indexOf(separator, offset);
                    if (at >= 0 && (matchEnd < 0 || at + separator.length < matchEnd)) {
                        matchStart = at;
                        matchEnd = at + separator.length;
                    }
                }
                if (matchEnd >= 0) {
                    break;
                }
                offset = Math.max(0, size + 1 - maxLength);
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (eof) {
                throw new IncompleteReadError(buffer.take(size), null);
            }
            waitForData("readuntil");
        }
        if (matchStart > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
        }
        byte[] chunk = buffer.take(matchEnd);
        maybeResumeTransport();
        return chunk;
    }

    /** Everything up to EOF. */
    public Coroutine<byte[]> read() {
        return read(-1);
    }

    /**
     * Up to {@code n} bytes: what the buffer has, waiting for data only when it is empty;
     * an empty array at EOF. {@code n} = -1 reads until EOF.
     */
    public Coroutine<byte[]> read(int n) {
        return Coroutine.create("StreamReader.read", () -> readSome(n));
    }

    private byte[] readSome(int n) {
        raiseIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            // Reading in chunks of the limit lets the transport's flow control work while collecting.
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                byte[] block = readSome(limit);
                if (block.length == 0) {
                    return all.toByteArray();
                }
                all.writeBytes(block);
            }
        }
        if (buffer.isEmpty() && !eof) {
            waitForData("read");
        }
        byte[] data = buffer.take(n);
        maybeResumeTransport();
        return data;
    }

    /** Exactly {@code n} bytes; at EOF before that, IncompleteReadError with what there was. */
    public Coroutine<byte[]> readexactly(int n) {
        return Coroutine.create("StreamReader.readexactly", () -> {
            if (n < 0) {
                throw new IllegalArgumentException("readexactly size can not be less than zero");
            }
            raiseIfFailed();
            if (n == 0) {
                return EMPTY;
            }
            while (buffer.size() < n) {
                if (eof) {
                    byte[] incomplete = buffer.take(buffer.size());
                    throw new IncompleteReadError(incomplete, n);
                }
                waitForData("readexactly");
            }
            byte[] data = buffer.take(n);
            maybeResumeTransport();
            return data;
        });
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<StreamReader");
        if (!buffer.isEmpty()) {
            out.append(' ').append(buffer.size()).append(" bytes");
        }
        if (eof) {
            out.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            out.append(" limit=").append(limit);
        }
        if (waiter != null) {
            out.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            out.append(" exception=").append(exception);
        }
        if (transport != null) {
            out.append(" transport=").append(transport);
        }
        if (paused) {
            out.append(" paused");
        }
        return out.append('>').toString();
    }
}
