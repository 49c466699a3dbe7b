package jasyncio.loop;

import java.util.ArrayDeque;

/**
 * asyncio.Semaphore (locks.py): a counter that acquire() decrements and release()
 * increments; acquire() waits while it is zero. Waiters are served in FIFO order, and a
 * newcomer does not overtake them even when the counter is positive.
 */
public class Semaphore extends LoopBoundMixin implements ContextManagerMixin {
    /** Futures of the tasks waiting in acquire(), oldest first; made on first contention. */
    private ArrayDeque<Future<Boolean>> waiters;
    private int value;

    /** A semaphore with value 1. */
    public Semaphore() {
        this(1);
    }

    /** @throws IllegalArgumentException when value is negative (asyncio's ValueError) */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        }
        this.value = value;
    }

    /** The counter: how many more acquires could succeed if nobody waited. */
    public int value() {
        return value;
    }

    /** True when acquire() would wait: the counter is zero, or tasks that are not cancelled wait. */
    public boolean locked() {
        return value == 0 || !Waiters.allCancelled(waiters);
    }

    /**
     * Decrements the counter, waiting first while it is zero or earlier waiters wait.
     * release() hands a unit straight to the waiter it wakes (_wake_up_next decrements for
     * it), so a woken task does not decrement again; a task cancelled after being woken
     * gives its unit back.
     */
    @Override
    public Coroutine<Boolean> acquire() {
        return Coroutine.create("Semaphore.acquire", () -> {
            if (!locked()) {
                value--;
                return true;
            }
            if (waiters == null) {
                waiters = new ArrayDeque<>();
            }
            Future<Boolean> fut = getLoop().createFuture();
            try {
                Waiters.waitIn(waiters, fut);
            } catch (CancelledError e) {
                if (fut.isDone() && !fut.isCancelled()) {
                    value++; // woken, but we will not take it
                }
                throw e;
            } finally {
                // Newcomers may have queued behind us while units were free: wake as many as fit.
                while (value > 0) {
                    if (!wakeUpNext()) {
                        break;
                    }
                }
            }
            return true;
        });
    }

    /** Increments the counter and wakes the first waiter, handing it the unit. */
    @Override
    public void release() {
        value++;
        wakeUpNext();
    }

    /** _wake_up_next: wakes the first waiter not yet woken, reserving a unit for it. */
    private boolean wakeUpNext() {
        if (waiters == null) {
            return false;
        }
        for (Future<Boolean> fut : waiters) {
            if (!fut.isDone()) {
                value--;
                fut.setResult(true);
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " [" + (locked() ? "locked" : "unlocked, value:" + value)
                + Waiters.describe(waiters) + "]>";
    }
}
