package jasyncio.loop;

import static jasyncio.loop.Asyncio.await;

import java.util.ArrayDeque;
import java.util.Collection;

/**
 * The FIFO queue of futures that tasks wait on in locks.py's primitives: a waiting task
 * appends a future and awaits it; whoever wakes it sets the future's result.
 */
final class Waiters {
    private Waiters() {
    }

    /**
     * Waits in the queue until {@code fut} is done; the future leaves the queue however the
     * wait ends (woken, or cancelled at the await).
     */
    static void waitIn(ArrayDeque<Future<Boolean>> waiters, Future<Boolean> fut) {
        waiters.addLast(fut);
        try {
            await(fut);
        } finally {
            waiters.remove(fut);
        }
    }

    /** True when no waiter is left that is not cancelled (also for none at all). */
    static boolean allCancelled(Collection<? extends Future<?>> waiters) {
        if (waiters != null) {
            for (Future<?> w : waiters) {
                if (!w.isCancelled()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The ", waiters:N" part of the primitives' descriptions (locks.py's __repr__). */
    static String describe(Collection<?> waiters) {
        return waiters == null || waiters.isEmpty() ? "" : ", waiters:" + waiters.size();
    }
}
