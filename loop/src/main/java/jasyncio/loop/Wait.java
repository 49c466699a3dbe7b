package jasyncio.loop;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio.wait (tasks.py), with 3.12's rules: only Futures and Tasks (a coroutine is an
 * error, since it would run as a task nobody can reach), the condition given by
 * {@link ReturnWhen}, and on timeout no exception and no cancellation: what is not done is
 * simply returned in {@code pending}.
 */
public final class Wait {
    private Wait() {
    }

    /** The two sets asyncio.wait returns, in the order the futures were given. */
    public record Result<F>(Set<F> done, Set<F> pending) {
    }

    /**
     * A coroutine that waits until {@code returnWhen} holds or {@code timeout} seconds pass
     * (null: no limit). The futures are not cancelled on timeout.
     */
    public static <F extends Future<?>> Coroutine<Result<F>> wait(Collection<F> futures, Double timeout, ReturnWhen returnWhen) {
        if (futures == null || returnWhen == null) {
            throw new NullPointerException("wait needs futures and a ReturnWhen");
        }
        return Coroutine.create("wait", () -> {
            if (futures.isEmpty()) {
                throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
            }
            Set<F> unique = new LinkedHashSet<>(futures); // Futures compare by identity
            for (Object f : unique) {
                if (f instanceof Coroutine<?>) { // only through raw types: the signature forbids it
                    throw new IllegalArgumentException("Passing coroutines is forbidden, use tasks explicitly.");
                }
                if (f == null) {
                    throw new NullPointerException("wait got a null future");
                }
            }
            return waitUntil(unique, timeout, returnWhen, EventLoop.getRunningLoop());
        });
    }

    /** tasks._wait: one waiter, released by the completion callback or the timer. */
    private static <F extends Future<?>> Result<F> waitUntil(Set<F> futures, Double timeout, ReturnWhen returnWhen, EventLoop loop) {
        Future<Void> waiter = loop.createFuture();
        WaitFor.ReleaseWaiter releaseWaiter = new WaitFor.ReleaseWaiter(waiter);
        TimerHandle timer = timeout == null ? null : loop.callLater(timeout, releaseWaiter, null);
        OnCompletion onCompletion = new OnCompletion(futures.size(), returnWhen, releaseWaiter, timer);
        for (F f : futures) {
            f.addDoneCallback(onCompletion);
        }
        try {
            Asyncio.await(waiter);
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            for (F f : futures) {
                f.removeDoneCallback(onCompletion);
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : futures) {
            (f.isDone() ? done : pending).add(f);
        }
        return new Result<>(done, pending);
    }

    /** wait's _on_completion: counts the futures done and releases the waiter when the condition holds. */
    private static final class OnCompletion implements Consumer<Future<?>> {
        private int counter;
        private final ReturnWhen returnWhen;
        private final WaitFor.ReleaseWaiter releaseWaiter;
        private final TimerHandle timer;

        OnCompletion(int counter, ReturnWhen returnWhen, WaitFor.ReleaseWaiter releaseWaiter, TimerHandle timer) {
            this.counter = counter;
            this.returnWhen = returnWhen;
            this.releaseWaiter = releaseWaiter;
            this.timer = timer;
        }

        @Override
        public void accept(Future<?> f) {
            counter--;
            if (counter <= 0
                    || returnWhen == ReturnWhen.FIRST_COMPLETED
                    || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
                if (timer != null) {
                    timer.cancel();
                }
                releaseWaiter.accept(f);
            }
        }

        @Override
        public String toString() {
            return "wait._on_completion";
        }
    }
}
