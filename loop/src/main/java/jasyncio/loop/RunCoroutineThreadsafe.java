package jasyncio.loop;

import java.util.concurrent.CompletableFuture;

/**
 * asyncio.run_coroutine_threadsafe (tasks.py): how a thread that is not the loop's hands it
 * a coroutine and gets a {@link java.util.concurrent.Future} of the result (Python's
 * concurrent.futures.Future). The coroutine becomes a Task on the loop, made in a callback
 * scheduled with {@code callSoonThreadsafe}; the two futures are chained as
 * futures._chain_future does ({@link LoopCompletableFuture}): the task's outcome completes the
 * CompletableFuture, and cancelling the CompletableFuture cancels the task.
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
        // Cancelled before the task exists, the task is cancelled when chained, before its first
        // step, so its body never runs (as in asyncio).
        LoopCompletableFuture<T> result = new LoopCompletableFuture<>(loop);
        loop.callSoonThreadsafe(() -> {
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
            result.chain(task);
        });
        return result;
    }
}
