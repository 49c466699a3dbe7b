package jasyncio.loop;

import java.util.function.Consumer;

/** asyncio.wait_for (tasks.py), with 3.12's semantics: a {@link Timeout} around one await. */
public final class WaitFor {
    private WaitFor() {
    }

    /**
     * Awaits {@code awaitable} for at most {@code timeout} seconds (null: no limit). When time
     * runs out the awaited task is cancelled and waited for, then TimeoutError is raised; if
     * it ignores the cancellation and returns a result, that result is returned. Cancelling
     * the awaiter cancels the awaited task too. A coroutine runs inside the awaiting task,
     * as {@code await coro} does in CPython 3.12.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, Double timeout) {
        if (awaitable == null) {
            throw new NullPointerException("waitFor needs an awaitable");
        }
        return Coroutine.create("wait_for", () -> {
            if (timeout != null && timeout <= 0) {
                return timeoutAtOnce(awaitable);
            }
            return Asyncio.await(Timeout.after(timeout).run(() -> Asyncio.await(awaitable)));
        });
    }

    /** No time at all: a done future's outcome, otherwise cancel it, wait, and raise TimeoutError. */
    private static <T> T timeoutAtOnce(Awaitable<T> awaitable) {
        Future<T> future = Asyncio.ensureFuture(awaitable);
        if (!future.isDone()) {
            cancelAndWait(future);
        }
        try {
            return future.result();
        } catch (CancelledError cancelled) {
            TimeoutError error = new TimeoutError();
            error.initCause(cancelled);
            throw error;
        }
    }

    /**
     * tasks._cancel_and_wait: cancels the future and waits until it is done, on a waiter of
     * our own so that this wait stays cancellable even if the future ignores cancellation.
     */
    static void cancelAndWait(Future<?> future) {
        Future<Void> waiter = future.getLoop().createFuture();
        Consumer<Future<?>> releaseWaiter = new ReleaseWaiter(waiter);
        future.addDoneCallback(releaseWaiter);
        try {
            future.cancel();
            Asyncio.await(waiter);
        } finally {
            future.removeDoneCallback(releaseWaiter);
        }
    }

    /** tasks._release_waiter: wakes whoever waits on the waiter, once. */
    record ReleaseWaiter(Future<Void> waiter) implements Consumer<Future<?>>, AwaitingCallback {
        @Override
        public Future<?> awaiter() {
            return waiter;
        }

        @Override
        public void accept(Future<?> ignored) {
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        }

        @Override
        public String toString() {
            return "tasks._release_waiter";
        }
    }
}
