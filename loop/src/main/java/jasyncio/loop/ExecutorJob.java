package jasyncio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    private static final VarHandle HOLDING;

    static {
        try {
            HOLDING = MethodHandles.lookup().findVarHandle(ExecutorJob.class, "holding", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Future<T> destination;
    /** 1 while the job counts as the loop's external work (runInExecutor began it), 0 once ended. */
    private volatile int holding = 1;

    ExecutorJob(Future<T> destination, Callable<T> callable) {
        super(callable);
        this.destination = destination;
    }

    /**
     * On the worker thread (or whichever cancelled the job): hand the outcome to the loop,
     * then end the external work runInExecutor began (in this order: see ExternalWork).
     */
    @Override
    protected void done() {
        EventLoop loop = destination.getLoop();
        try {
            if (!loop.isClosed()) {
                loop.callSoonThreadsafe(new NamedCallback("_chain_future._set_state", this::copyOutcome));
            }
        } catch (IllegalStateException closedMeanwhile) {
            // the loop closed after the check: nobody is left to tell
        } finally {
            endExternalWork();
        }
    }

    /**
     * Ends the external work once: when the outcome is handed over, or when the loop future is
     * cancelled (nothing on the loop waits for a job still running then).
     */
    private void endExternalWork() {
        if (HOLDING.compareAndSet(this, 1, 0)) {
            destination.getLoop().externalWorkEnded();
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
            endExternalWork();
        }
    }

    @Override
    public String toString() {
        return "futures._chain_future";
    }
}
