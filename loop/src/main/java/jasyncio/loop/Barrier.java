package jasyncio.loop;

import static jasyncio.loop.Asyncio.await;

/**
 * asyncio.Barrier (locks.py): {@code parties} tasks wait until all of them have arrived,
 * then all go on together; each gets a distinct index from 0 to parties-1 (the last to
 * arrive gets parties-1). The barrier is reusable: once every task of a round has left,
 * the next round fills it again.
 *
 * <p>asyncio's {@code wait()} is {@code waitAsync()} here: {@code Object.wait()} is final in Java.
 */
public class Barrier {
    /** _BarrierState. Draining: a round is leaving; resetting: reset() while tasks were inside. */
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final Condition cond = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** How many tasks are inside wait() (filling or draining). */
    private int count;

    /** @throws IllegalArgumentException when parties is below 1 (asyncio's ValueError) */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1");
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks are waiting, then returns this task's index.
     *
     * @throws BrokenBarrierError when the barrier is aborted or reset while waiting, or is broken
     */
    public Coroutine<Integer> waitAsync() {
        return Coroutine.create("Barrier.wait", () -> {
            try (var _ = await(cond.hold())) {
                await(block());
                try {
                    int index = count++;
                    if (index + 1 == parties) {
                        releaseRound();
                    } else {
                        await(waitForRelease());
                    }
                    return index;
                } finally {
                    count--;
                    exit();
                }
            }
        });
    }

    /** _block: waits while the previous round drains or a reset completes; fails when broken. */
    private Coroutine<Void> block() {
        return Coroutine.create("Barrier._block", () -> {
            await(cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING));
            if (state == State.BROKEN) {
                throw new BrokenBarrierError("Barrier aborted");
            }
            return null;
        });
    }

    /** _release: the last party arrived; everyone waiting may leave. */
    private void releaseRound() {
        state = State.DRAINING;
        cond.notifyAllWaiters();
    }

    /** _wait: waits for the round to be released; fails when it is broken or reset instead. */
    private Coroutine<Void> waitForRelease() {
        return Coroutine.create("Barrier._wait", () -> {
            await(cond.waitFor(() -> state != State.FILLING));
            if (state == State.BROKEN || state == State.RESETTING) {
                throw new BrokenBarrierError("Abort or reset of barrier");
            }
            return null;
        });
    }

    /** _exit: the last task out ends the draining or resetting, and lets the next round in. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            cond.notifyAllWaiters();
        }
    }

    /** Returns the barrier to its empty state; tasks waiting in it get BrokenBarrierError. */
    public Coroutine<Void> reset() {
        return Coroutine.create("Barrier.reset", () -> {
            try (var _ = await(cond.hold())) {
                if (count > 0) {
                    state = State.RESETTING; // the last waiter to leave makes it FILLING again
                } else {
                    state = State.FILLING;
                }
                cond.notifyAllWaiters();
            }
            return null;
        });
    }

    /** Breaks the barrier: waiting tasks, and every later waitAsync(), get BrokenBarrierError. */
    public Coroutine<Void> abort() {
        return Coroutine.create("Barrier.abort", () -> {
            try (var _ = await(cond.hold())) {
                state = State.BROKEN;
                cond.notifyAllWaiters();
            }
            return null;
        });
    }

    /** How many tasks it takes to trip the barrier. */
    public int parties() {
        return parties;
    }

    /** n_waiting: how many tasks wait in the round that is filling (0 while draining). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** True once aborted. */
    public boolean broken() {
        return state == State.BROKEN;
    }

    @Override
    public String toString() {
        String extra = state.name().toLowerCase();
        if (state != State.BROKEN) {
            extra += ", waiters:" + nWaiting() + "/" + parties;
        }
        return "<Barrier [" + extra + "]>";
    }
}
