package jasyncio.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The loop-to-Java half of futures._chain_future: a CompletableFuture that follows a loop
 * {@link Future} or {@link Task}, for Java code that knows CompletableFutures only
 * ({@code task.toCompletableFuture()}, {@code runCoroutineThreadsafe}).
 *
 * <p>It completes on the loop thread, in a done callback of the loop future
 * (_set_concurrent_future_state), one iteration after the loop future is done, as in asyncio;
 * dependent stages that are not {@code ...Async} therefore run on the loop thread too, so keep
 * them short or use the {@code Async} variants with an executor.
 *
 * <p>Cancelling it from Java ({@code cancel(true)} or {@code cancel(false)}: the flag does not
 * matter) cancels the loop future, as asyncio's _call_check_cancel does: directly when the
 * caller is the loop's own thread while the loop runs (the cancel is a request, legal at any
 * point of a task), otherwise through {@code callSoonThreadsafe}, which reaches the loop the next
 * time it runs. Why the task and not only the Java side: the one who cancels has lost interest in
 * the outcome, and work nobody waits for should stop, which is asyncio's behaviour for
 * {@code run_coroutine_threadsafe} and what a Java caller expects from {@code cancel}.
 * Completing it from Java ({@code complete(v)}) does not touch the task.
 */
final class LoopCompletableFuture<T> extends CompletableFuture<T> {
    private final EventLoop loop;
    /** The loop future, once chained; set on the loop thread, read by any thread that cancels. */
    private volatile Future<T> source;
    /** The loop future is cancelled at most once, whichever of cancel() and chain() sees both. */
    private final AtomicBoolean cancelPropagated = new AtomicBoolean();

    LoopCompletableFuture(EventLoop loop) {
        this.loop = loop;
    }

    /** A CompletableFuture chained to the loop future (on the loop thread). */
    static <T> CompletableFuture<T> of(Future<T> future) {
        LoopCompletableFuture<T> result = new LoopCompletableFuture<>(future.getLoop());
        result.chain(future);
        return result;
    }

    /** Chains the loop future to this one (on the loop thread); a cancel that came first cancels it now. */
    void chain(Future<T> future) {
        source = future;
        future.addDoneCallback(new CallSetState<>(this));
        if (isCancelled() && cancelPropagated.compareAndSet(false, true)) {
            future.cancel();
        }
    }

    /** The loop future's done callback (_call_set_state), named for the trace. */
    private record CallSetState<T>(LoopCompletableFuture<T> destination) implements Consumer<Future<T>> {
        @Override
        public void accept(Future<T> done) {
            destination.copyState(done);
        }

        @Override
        public String toString() {
            return "_chain_future._call_set_state";
        }
    }

    /** On the loop thread: _set_concurrent_future_state. */
    private void copyState(Future<T> done) {
        if (done.isCancelled()) {
            super.cancel(false); // not this.cancel: the loop side is cancelled already
            return;
        }
        Throwable failure = done.exception();
        if (failure != null) {
            completeExceptionally(failure);
        } else {
            complete(done.result());
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Future<T> chained = source;
        // The loop future's state is not read here (this may be another thread): cancelling one
        // that is done meanwhile is a no-op on the loop thread.
        if (cancelled && chained != null && cancelPropagated.compareAndSet(false, true)) {
            cancelLoopSide(chained);
        }
        return cancelled;
    }

    private void cancelLoopSide(Future<T> chained) {
        if (EventLoop.runningLoopOrNull() == loop) {
            chained.cancel();
            return;
        }
        try {
            loop.callSoonThreadsafe(new NamedCallback("_chain_future._call_check_cancel", chained::cancel));
        } catch (IllegalStateException closed) {
            // Nothing runs on a closed loop any more: there is nothing left to stop.
        }
    }

    @Override
    public String toString() {
        Future<T> chained = source;
        return super.toString() + (chained == null ? "" : " following " + chained);
    }
}
