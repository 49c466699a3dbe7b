package jasyncio.loop;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How runOnce waits (the {@code self._selector.select(timeout)} of BaseEventLoop._run_once),
 * and how another thread wakes it.
 *
 * <p>A selector waits in whole milliseconds (epoll_wait), so a timer woken by it alone runs
 * up to a millisecond late, as in CPython. To do better without burning a core, a wait for a
 * timer ends finely: the selector waits until the last millisecond or so before the deadline;
 * then the thread parks (a nanosecond timeout, which the kernel overshoots by its timer slack,
 * 50 µs by default on Linux) until {@link #PARK_EARLY_NANOS} before the deadline; then it
 * busy-waits what is left, if the park left anything. While channels are registered, the park is cut
 * into slices with a poll of the selector between them, so I/O waits no longer than a slice.
 * It is still one wait, as in CPython: it returns early only for I/O or a wake-up.
 */
final class LoopWait {
    private static final long MILLI = 1_000_000;
    /** The stretch before a deadline that is waited finely (parked, then busy) rather than in the selector. */
    static final long FINE_NANOS = MILLI;
    /** A park ends this long before the deadline: about what the kernel oversleeps it by. */
    static final long PARK_EARLY_NANOS = 50_000;
    /** While channels are registered, poll them at least this often during a park. */
    static final long IO_POLL_NANOS = 200_000;

    private final Selector selector;
    private final long fineNanos;
    /** Set when a wake-up is on its way, to spare repeated syscalls; cleared by the loop before it looks for work. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** The thread in the fine wait, for wakeUp to unpark. */
    private volatile Thread parked;

    LoopWait(Selector selector) {
        this(selector, FINE_NANOS);
    }

    /** With another fine stretch: tests make it long, to catch the loop in its park. */
    LoopWait(Selector selector, long fineNanos) {
        this.selector = selector;
        this.fineNanos = fineNanos;
    }

    /** From any thread: makes the loop's current or next wait return at once. */
    void wakeUp() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
            Thread t = parked;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** The loop is about to look for thread-safe work: wake-ups from now on must wake it again. */
    void clearWakeUp() {
        wakeupPending.set(false);
    }

    /**
     * Waits for I/O, a wake-up, or the timeout (seconds; 0: poll, negative: no timeout), and
     * returns the number of selected keys. Without I/O or a wake-up it lasts at least the timeout.
     */
    int select(double timeout) throws IOException {
        if (timeout == 0) {
            return selector.keys().isEmpty() ? 0 : selector.selectNow();
        }
        if (timeout < 0) {
            return selector.select();
        }
        long nanos = (long) Math.ceil(timeout * 1e9);
        long deadline = System.nanoTime() + nanos;
        if (nanos >= fineNanos + MILLI) {
            int events = selector.select((nanos - fineNanos) / MILLI); // at least 1: 0 would mean no timeout
            if (events > 0 || wakeupPending.get()) {
                return events;
            }
        }
        return waitFinely(deadline);
    }

    /** The end of a wait for a timer: park, then busy-wait, polling the selector if it has channels. */
    private int waitFinely(long deadline) throws IOException {
        boolean io = !selector.keys().isEmpty();
        parked = Thread.currentThread();
        try {
            while (!wakeupPending.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                if (left <= PARK_EARLY_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                if (io) {
                    int events = selector.selectNow();
                    if (events > 0) {
                        return events;
                    }
                }
                long park = left - PARK_EARLY_NANOS;
                LockSupport.parkNanos(this, io ? Math.min(park, IO_POLL_NANOS) : park);
            }
            return 0;
        } finally {
            parked = null;
        }
    }
}
