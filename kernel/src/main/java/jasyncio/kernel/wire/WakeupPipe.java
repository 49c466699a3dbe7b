package jasyncio.kernel.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a thread blocked in a {@code ZMQ.Poller}: the pipe's source is registered in the poller
 * next to the sockets, and any thread may {@link #signal()}. At most one byte is ever in flight
 * (a flag coalesces signals), so a signal never blocks however many threads send.
 */
final class WakeupPipe implements AutoCloseable {
    private final Pipe pipe;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer drain = ByteBuffer.allocate(64);

    WakeupPipe() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false); // required to register it in a selector
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a wake-up pipe", e);
        }
    }

    Pipe.SourceChannel source() {
        return pipe.source();
    }

    /** Any thread: make the next (or the current) poll return. */
    void signal() {
        if (pending.compareAndSet(false, true)) {
            try {
                synchronized (one) {
                    one.clear();
                    pipe.sink().write(one);
                }
            } catch (IOException e) {
                // The pipe is closed: the owner is gone, there is nobody left to wake.
            }
        }
    }

    /**
     * Owner thread, after the poll: consume the signal. Clears the flag before reading, so a
     * signal that races with this either leaves its byte for the next poll or finds the flag set
     * by nobody and writes a new byte; it is never lost.
     */
    void clear() {
        pending.set(false);
        try {
            while (true) {
                drain.clear();
                if (pipe.source().read(drain) <= 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // closed: nothing to clear
        }
    }

    @Override
    public void close() {
        try {
            pipe.sink().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            pipe.source().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
