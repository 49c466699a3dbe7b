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
     * Owner thread, after the poll and before it looks for work: consume the signal. Reads the
     * pipe empty first and only then clears the flag. A signal racing with this either finds the
     * flag still set, and its work is seen by the owner's look that follows, or finds it cleared
     * and writes a byte for the next poll. The other order lost wake-ups for good: a byte written
     * between clearing the flag and reading was read with the old one, leaving the flag set with
     * no byte behind it, so no later signal wrote one (replies then waited for the next request).
     */
    void clear() {
        try {
            while (true) {
                drain.clear();
                if (pipe.source().read(drain) <= 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // closed: nothing to clear
        }
        pending.set(false);
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
