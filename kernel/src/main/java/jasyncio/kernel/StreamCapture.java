package jasyncio.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Captures what cell code writes to System.out and System.err, from any thread, and hands it
 * on as Jupyter stream messages: batched (one message per burst, not per line), in the order
 * it was written across both streams, and sent at the latest {@link #FLUSH_DELAY_MS} after it
 * was written, or at once when a batch grows past {@link #BATCH_CHARS}, or when the cell ends
 * ({@link #flush()}).
 */
final class StreamCapture implements AutoCloseable {
    static final long FLUSH_DELAY_MS = 50;
    static final int BATCH_CHARS = 256 * 1024;

    /** Receives (stream name, text) on whichever thread flushes; it must not block for long. */
    private final BiConsumer<String, String> sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    /** Pending output as segments of one stream each, in the order written. */
    private final List<Segment> pending = new ArrayList<>();
    private int pendingChars;
    private long firstPendingNanos;
    private boolean closed;
    private final Thread flusher;

    private record Segment(String stream, StringBuilder text) {
    }

    StreamCapture(BiConsumer<String, String> sink) {
        this.sink = sink;
        this.flusher = Thread.ofPlatform().daemon().name("jasyncio-output-flusher").start(this::flushLoop);
    }

    /** A PrintStream for one stream ("stdout" or "stderr") whose text goes to this capture. */
    PrintStream printStream(String stream) {
        return new PrintStream(new Utf8Stream(stream), true, StandardCharsets.UTF_8);
    }

    void append(String stream, CharSequence text) {
        if (text.isEmpty()) {
            return;
        }
        boolean full;
        lock.lock();
        try {
            Segment last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
            if (last != null && last.stream.equals(stream)) {
                last.text.append(text);
            } else {
                pending.add(new Segment(stream, new StringBuilder(text)));
            }
            if (pendingChars == 0) {
                firstPendingNanos = System.nanoTime();
                written.signal();
            }
            pendingChars += text.length();
            full = pendingChars >= BATCH_CHARS;
        } finally {
            lock.unlock();
        }
        if (full) {
            flush();
        }
    }

    /**
     * Sends everything written so far, in order, on the calling thread. False when the heap had
     * no room to send it all: the rest is kept, and sent by a later flush.
     */
    boolean flush() {
        // Taking a batch and sending it is one step under the sink's monitor: batches go out in
        // the order they were taken, and a flush() that finds nothing pending has waited for a
        // batch another thread (the flusher) took and was still sending. Without that, the
        // cell's last output could follow its reply and idle status, under the next cell.
        synchronized (sink) {
            List<Segment> batch;
            lock.lock();
            try {
                if (pending.isEmpty()) {
                    return true;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
                pendingChars = 0;
            } finally {
                lock.unlock();
            }
            int sent = 0;
            try {
                for (; sent < batch.size(); sent++) {
                    Segment s = batch.get(sent);
                    sink.accept(s.stream, s.text.toString());
                }
            } catch (OutOfMemoryError full) {
                // The heap is full (a cell's variables hold it): keep the text for a later flush,
                // which the flusher tries again after FLUSH_DELAY_MS. Output comes late, not never.
                putBack(batch.subList(sent, batch.size()));
                return false;
            }
            return true;
        }
    }

    /** Segments that could not be sent go back in front of what was written since, in order. */
    private void putBack(List<Segment> unsent) {
        lock.lock();
        try {
            pending.addAll(0, unsent);
            for (Segment s : unsent) {
                pendingChars += s.text.length();
            }
            firstPendingNanos = System.nanoTime();
            written.signal();
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        while (true) {
            lock.lock();
            try {
                while (!closed && pendingChars == 0) {
                    written.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                long due = firstPendingNanos + TimeUnit.MILLISECONDS.toNanos(FLUSH_DELAY_MS);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    written.awaitNanos(wait);
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                flush();
            } catch (OutOfMemoryError full) {
                // Not even the batch could be taken: try again after the delay, this thread must live.
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_DELAY_MS));
            }
        }
    }

    @Override
    public void close() {
        flush();
        lock.lock();
        try {
            closed = true;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bytes to text: a multi-byte UTF-8 character split across writes is kept until it is
     * whole; bytes that are not UTF-8 become U+FFFD. Writes are serialised by PrintStream.
     */
    private final class Utf8Stream extends OutputStream {
        private final String stream;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteBuffer carry = ByteBuffer.allocate(8);
        private final CharBuffer chars = CharBuffer.allocate(8192);

        Utf8Stream(String stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ByteBuffer in;
            if (carry.position() > 0) { // a character left unfinished by the last write (rare): prepend it
                carry.flip();
                in = ByteBuffer.allocate(carry.remaining() + len).put(carry).put(b, off, len).flip();
                carry.clear();
            } else {
                in = ByteBuffer.wrap(b, off, len);
            }
            while (decoder.decode(in, chars, false).isOverflow()) {
                drain();
            }
            drain();
            carry.put(in); // at most 3 bytes of an unfinished character
        }

        private void drain() {
            chars.flip();
            if (chars.hasRemaining()) {
                append(stream, chars);
            }
            chars.clear();
        }

        @Override
        public void flush() {
            // Batching is the point: PrintStream's autoflush after each println must not send.
        }
    }
}
