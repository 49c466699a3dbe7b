package jasyncio.loop;

import static jasyncio.loop.Asyncio.await;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * asyncio.Condition (locks.py): tasks wait, holding its {@link Lock}, until another task
 * notifies them. Waiting releases the lock and takes it back before returning.
 *
 * <pre>{@code
 * try (var _ = await(cond.hold())) {
 *     await(cond.waitFor(() -> !items.isEmpty()));
 *     take(items);
 * }
 * }</pre>
 *
 * <p>Names that differ from asyncio's because {@code Object.wait()} and
 * {@code Object.notifyAll()} are final in Java: {@code wait()} is {@link #waitAsync},
 * {@code notify_all()} is {@link #notifyAllWaiters}. {@code notify(n)} keeps its name;
 * asyncio's default n=1 is written {@code notify(1)} (a bare {@code notify()} is Object's).
 */
public class Condition extends LoopBoundMixin implements ContextManagerMixin {
    private final Lock lock;
    private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

    /** A condition with a new Lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition over an existing lock (several conditions may share one). */
    public Condition(Lock lock) {
        if (lock == null) {
            throw new NullPointerException("a Condition needs a lock");
        }
        this.lock = lock;
    }

    public boolean locked() {
        return lock.locked();
    }

    @Override
    public Coroutine<Boolean> acquire() {
        return lock.acquire();
    }

    @Override
    public void release() {
        lock.release();
    }

    /**
     * Releases the lock, waits until notified, then takes the lock back (even when
     * cancelled: the CancelledError is raised once the lock is held again). May return
     * spuriously, so callers re-check their condition, as {@link #waitFor} does.
     *
     * @throws IllegalStateException when the lock is not held
     */
    public Coroutine<Boolean> waitAsync() {
        return Coroutine.create("Condition.wait", () -> {
            if (!locked()) {
                throw new IllegalStateException("cannot wait on un-acquired lock");
            }
            Future<Boolean> fut = getLoop().createFuture();
            release();
            try {
                try {
                    Waiters.waitIn(waiters, fut);
                    return true;
                } finally {
                    reacquire();
                }
            } catch (Throwable t) {
                // We may have been notified before this error: pass the notification on
                // (a spurious wake-up at worst, which the protocol allows).
                wakeUp(1);
                throw t;
            }
        });
    }

    /** Takes the lock back, even through cancellations; the last CancelledError is raised after. */
    private void reacquire() {
        CancelledError cancelled = null;
        while (true) {
            try {
                await(lock.acquire());
                break;
            } catch (CancelledError e) {
                cancelled = e;
            }
        }
        if (cancelled != null) {
            throw cancelled;
        }
    }

    /** wait_for: waits until the predicate is true (checked with the lock held); returns true. */
    public Coroutine<Boolean> waitFor(BooleanSupplier predicate) {
        return Coroutine.create("Condition.wait_for", () -> {
            while (!predicate.getAsBoolean()) {
                await(waitAsync());
            }
            return true;
        });
    }

    /**
     * Wakes up to n waiting tasks; each returns from its wait once it gets the lock, which
     * the caller still holds and must release.
     *
     * @throws IllegalStateException when the lock is not held
     */
    public void notify(int n) {
        if (!locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wakeUp(n);
    }

    /** notify_all: wakes every waiting task. */
    public void notifyAllWaiters() {
        notify(waiters.size());
    }

    /** _notify: wakes the first n waiters that are not already woken or cancelled. */
    private void wakeUp(int n) {
        int woken = 0;
        for (Future<Boolean> fut : waiters) {
            if (woken >= n) {
                break;
            }
            if (!fut.isDone()) {
                woken++;
                fut.setResult(false);
            }
        }
    }

    @Override
    public String toString() {
        return "<Condition [" + (locked() ? "locked" : "unlocked") + Waiters.describe(waiters) + "]>";
    }
}
