package jasyncio.loop;

import java.util.concurrent.CompletableFuture;

/**
 * asyncio.run_coroutine_threadsafe (tasks.py): how a thread that is not the loop's hands it
 * a coroutine and gets a {@link java.util.concurrent.Future} of the result (Python's
 * concurrent.futures.Future). The coroutine becomes a Task on the loop, made in a callback
 * scheduled with {@code callSoonThreadsafe}; the two futures are chained as
 * futures._chain_future does: the task's outcome completes the CompletableFuture, and
 * cancelling the CompletableFuture cancels the task.
 */
public final class RunCoroutineThreadsafe {
    private RunCoroutineThreadsafe() {
    }

    /**
     * Submits the coroutine to the loop from any thread.
     *
     * @throws IllegalStateException when the loop is closed
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        if (coro == null) {
            throw new IllegalArgumentException("A coroutine object is required");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
            chain(task, result, loop);
        });
        return result;
    }

    /** futures._chain_future, for a loop future feeding a thread-side one. */
    private static <T> void chain(Task<T> task, CompletableFuture<T> result, EventLoop loop) {
        // Runs at once if it was cancelled before the task existed: the task is then cancelled
        // before its first step, so its body never runs (as in asyncio).
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                cancelFromAnyThread(task, loop);
            }
        });
        task.addDoneCallback(done -> copyOutcome(done, result));
    }

    private static void cancelFromAnyThread(Task<?> task, EventLoop loop) {
        try {
            loop.callSoonThreadsafe(() -> task.cancel());
        } catch (IllegalStateException loopClosed) {
            // Nothing runs on a closed loop any more: there is no task left to stop.
        }
    }

    /** _set_concurrent_future_state: the task is done; a cancelled CompletableFuture stays so. */
    private static <T> void copyOutcome(Future<T> done, CompletableFuture<T> result) {
        if (done.isCancelled()) {
            result.cancel(false);
            return;
        }
        Throwable exc = done.exception();
        if (exc != null) {
            result.completeExceptionally(exc);
        } else {
            result.complete(done.result());
        }
    }
}
