package jasyncio.loop;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * A callable run by an executor on another thread, chained to a loop {@link Future}
 * (asyncio's futures.wrap_future and _chain_future): the outcome comes back to the loop
 * through callSoonThreadsafe, and cancelling the loop future cancels the job if it has not
 * started (a running job is not interrupted, as concurrent.futures does not).
 */
final class ExecutorJob<T> extends FutureTask<T> implements Consumer<Future<T>> {
    private final Future<T> destination;

    ExecutorJob(Future<T> destination, Callable<T> callable) {
        super(callable);
        this.destination = destination;
    }

    /** On the worker thread (or whichever cancelled the job): hand the outcome to the loop. */
    @Override
    protected void done() {
        EventLoop loop = destination.getLoop();
        if (loop.isClosed()) {
            return;
        }
        try {
            loop.callSoonThreadsafe(this::copyOutcome);
        } catch (IllegalStateException closedMeanwhile) {
            // the loop closed after the check: nobody is left to tell
        }
    }

    /** On the loop thread: _set_state. */
    private void copyOutcome() {
        if (destination.isCancelled()) {
            return;
        }
        if (isCancelled()) {
            destination.cancel();
            return;
        }
        try {
            destination.setResult(get());
        } catch (ExecutionException failed) {
            destination.setException(failed.getCause());
        } catch (InterruptedException impossible) { // get() on a done FutureTask does not wait
            Thread.currentThread().interrupt();
            destination.setException(impossible);
        }
    }

    /** The loop future's done callback: a cancelled loop future cancels the job. */
    @Override
    public void accept(Future<T> future) {
        if (future.isCancelled()) {
            cancel(false);
        }
    }

    @Override
    public String toString() {
        return "futures._chain_future";
    }
}
