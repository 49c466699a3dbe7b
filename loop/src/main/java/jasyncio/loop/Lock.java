package jasyncio.loop;

import java.util.ArrayDeque;

/**
 * asyncio.Lock (locks.py): mutual exclusion between the tasks of one loop. Not owned by a
 * task: any task may release it. Waiters get it in FIFO order.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * await(lock.acquire());
 * try {
 *     ...
 * } finally {
 *     lock.release();
 * }
 * // or, the same: try (var _ = await(lock.hold())) { ... }
 * }</pre>
 *
 * <h2>Why not {@code synchronized}</h2>
 * A Java {@code synchronized} block, or a {@code ReentrantLock}, held across an
 * {@code await} does not protect anything between the tasks of a loop: they all run on the
 * loop's one thread, and thread locks are re-entrant per thread, so a second task walks
 * straight into a ReentrantLock's region while the first is suspended inside it. A
 * {@code synchronized} monitor is worse: on JDK 25 it stays with the suspended task's
 * frames, so a second task that reaches the same block blocks the loop thread itself, and
 * nothing on that loop ever runs again (LockTest shows both). Any other thread that needs
 * the monitor waits for the suspended task as well. Use this Lock: waiting for it suspends
 * the task, never the thread.
 */
public class Lock extends LoopBoundMixin implements ContextManagerMixin {
    /** Futures of the tasks waiting in acquire(), oldest first; made on first contention. */
    private ArrayDeque<Future<Boolean>> waiters;
    private boolean locked;

    public Lock() {
    }

    /** True while the lock is held. */
    public boolean locked() {
        return locked;
    }

    /**
     * Acquires the lock: at once when it is free and nobody waits, otherwise after every
     * earlier waiter (fair, FIFO). A task cancelled while it waits leaves the queue and,
     * when the lock was already handed to it, passes it on to the next waiter.
     */
    @Override
    public Coroutine<Boolean> acquire() {
        return Coroutine.create("Lock.acquire", () -> {
            // Jumping the queue when every waiter is cancelled is only an optimisation.
            if (!locked && Waiters.allCancelled(waiters)) {
                locked = true;
                return true;
            }
            if (waiters == null) {
                waiters = new ArrayDeque<>();
            }
            Future<Boolean> fut = getLoop().createFuture();
            try {
                Waiters.waitIn(waiters, fut);
            } catch (CancelledError e) {
                // Keep the invariant: when the lock is free (release() may already have picked
                // us, and we will not take it) and someone waits, the first waiter must wake.
                if (!locked) {
                    wakeUpFirst();
                }
                throw e;
            }
            locked = true;
            return true;
        });
    }

    /**
     * Releases the lock and wakes the first waiter, if any, which then takes it.
     *
     * @throws IllegalStateException when the lock is not held (asyncio's RuntimeError)
     */
    @Override
    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    /** _wake_up_first: makes sure the first waiter will wake; a done one is already on its way. */
    private void wakeUpFirst() {
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        Future<Boolean> first = waiters.peekFirst();
        if (!first.isDone()) {
            first.setResult(true);
        }
    }

    @Override
    public String toString() {
        return "<Lock [" + (locked ? "locked" : "unlocked") + Waiters.describe(waiters) + "]>";
    }
}
