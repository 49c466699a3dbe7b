package jasyncio.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * asyncio.Future (futures.py): a result that is not there yet. Pending, then exactly once
 * finished (with a result or an exception) or cancelled. Done callbacks are always
 * scheduled with {@code callSoon}, never run inline, so a callback never runs in the
 * middle of the code that completed the future.
 *
 * <p>Not thread-safe, like asyncio's: use it on its loop's thread (from another thread,
 * go through {@code loop.callSoonThreadsafe}).
 */
public non-sealed class Future<T> implements Awaitable<T> {
    private static final byte PENDING = 0;
    private static final byte CANCELLED = 1;
    private static final byte FINISHED = 2;

    final EventLoop loop;
    private byte state = PENDING;
    private T result;
    private Throwable exception;
    private String cancelMessage;
    /** The CancelledError a cancelled Task's coroutine raised, re-raised by result() (asyncio's _cancelled_exc). */
    CancelledError cancelledError;
    // The first callback is kept inline: most futures have exactly one (the awaiting task's wakeup).
    private Consumer<? super Future<T>> firstCallback;
    private ArrayList<Consumer<? super Future<T>>> moreCallbacks;
    /** Non-null while an exception is set and nobody has retrieved it (asyncio's _log_traceback). */
    private UnretrievedException unretrieved;
    /** Where the future was made, in debug mode only (asyncio's _source_traceback). */
    final StackTraceElement[] sourceTraceback;

    public Future(EventLoop loop) {
        this.loop = loop;
        this.sourceTraceback = loop.isDebug() ? CallbackNames.creationStack() : null;
    }

    public final EventLoop getLoop() {
        return loop;
    }

    public final boolean isDone() {
        return state != PENDING;
    }

    public final boolean isCancelled() {
        return state == CANCELLED;
    }

    /** The result; throws the exception if one is set, CancelledError if cancelled. */
    public final T result() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Result is not ready: " + this);
        }
        markRetrieved();
        if (exception != null) {
            throw Throwing.sneaky(exception);
        }
        return result;
    }

    /** The exception set, or null; throws CancelledError if cancelled. */
    public final Throwable exception() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Exception is not set: " + this);
        }
        markRetrieved();
        return exception;
    }

    public void setResult(T value) {
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + this);
        }
        result = value;
        finish(FINISHED);
    }

    public void setException(Throwable exc) {
        if (exc == null) {
            throw new NullPointerException("setException needs an exception");
        }
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + this);
        }
        if (exc instanceof StopIteration) {
            throw new IllegalArgumentException("StopIteration cannot be set as a Future's exception");
        }
        exception = exc;
        try {
            unretrieved = loop.trackUnretrieved(this, exc);
        } catch (RuntimeException | OutOfMemoryError undescribable) {
            // The report is described now: an exception whose toString() throws, or a full heap,
            // must not leave the future pending (a task whose coroutine is done would hang its
            // awaiters). Finishing matters more than a report in case it is never read.
            unretrieved = null;
        }
        finish(FINISHED);
    }

    /** Cancels a pending future; returns false when it was already done. */
    public boolean cancel() {
        return cancel(null);
    }

    /** Cancels with a message that the CancelledError raised to awaiters will carry. */
    public boolean cancel(String message) {
        if (state != PENDING) {
            return false;
        }
        cancelMessage = message;
        finish(CANCELLED);
        return true;
    }

    /** Every state transition goes through here: set the state, then schedule the callbacks. */
    private void finish(byte newState) {
        state = newState;
        onDone(callbackCount()); // observers see "done" before the callbacks it schedules
        scheduleCallbacks();
    }

    private int callbackCount() {
        return (firstCallback != null ? 1 : 0) + (moreCallbacks != null ? moreCallbacks.size() : 0);
    }

    /** What a subclass does once done; a plain future tells the observer. */
    void onDone(int callbacksScheduled) {
        LoopObserver observer = loop.observer;
        if (observer != null) {
            observer.futureDone(this, callbacksScheduled);
        }
    }

    private void scheduleCallbacks() {
        if (firstCallback != null) {
            loop.callSoon(firstCallback, this, ScheduleCause.FUTURE_CALLBACK, this);
            firstCallback = null;
        }
        if (moreCallbacks != null) {
            for (Consumer<? super Future<T>> callback : moreCallbacks) {
                loop.callSoon(callback, this, ScheduleCause.FUTURE_CALLBACK, this);
            }
            moreCallbacks = null;
        }
    }

    /** Adds a callback run (via callSoon) once done; scheduled at once if already done. */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (state != PENDING) {
            loop.callSoon(callback, this, ScheduleCause.FUTURE_CALLBACK, this);
        } else if (firstCallback == null && moreCallbacks == null) {
            firstCallback = callback;
        } else {
            if (moreCallbacks == null) {
                moreCallbacks = new ArrayList<>(4);
            }
            moreCallbacks.add(callback);
        }
    }

    /** The done callbacks not yet scheduled, in order (for the call graph). */
    final List<Consumer<? super Future<T>>> doneCallbacks() {
        List<Consumer<? super Future<T>>> all = new ArrayList<>();
        if (firstCallback != null) {
            all.add(firstCallback);
        }
        if (moreCallbacks != null) {
            all.addAll(moreCallbacks);
        }
        return all;
    }

    /** Removes every registration of the callback; returns how many were removed. */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        int removed = 0;
        if (firstCallback != null && firstCallback.equals(callback)) {
            firstCallback = null;
            removed++;
        }
        if (moreCallbacks != null) {
            int before = moreCallbacks.size();
            moreCallbacks.removeIf(callback::equals);
            removed += before - moreCallbacks.size();
        }
        return removed;
    }

    /**
     * This future as a CompletableFuture, for Java code (the other half of asyncio's
     * _chain_future): it completes with this future's outcome on the loop thread, one iteration
     * after this is done; cancelling it from any thread cancels this future (a Task: its
     * coroutine gets a CancelledError at its await). A new CompletableFuture each call. On the
     * loop thread, like every method here.
     */
    public CompletableFuture<T> toCompletableFuture() {
        return LoopCompletableFuture.of(this);
    }

    /** The CancelledError for a cancelled future, carrying its cancel message. */
    CancelledError makeCancelledError() {
        if (cancelledError != null) {
            CancelledError e = cancelledError;
            cancelledError = null;
            return e;
        }
        return cancelMessage == null ? new CancelledError() : new CancelledError(cancelMessage);
    }

    /** The outcome as the Throwable an awaiter would receive, or null for a result; marks it retrieved. */
    final Throwable outcomeException() {
        if (state == CANCELLED) {
            return makeCancelledError();
        }
        markRetrieved();
        return exception;
    }

    final String cancelMessage() {
        return cancelMessage;
    }

    private void markRetrieved() {
        UnretrievedException u = unretrieved;
        if (u != null) {
            unretrieved = null;
            u.retrieved();
        }
    }

    /** Tells where a pending future is, for toString. */
    String stateName() {
        return switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled";
            default -> "finished";
        };
    }

    String describeOutcome() {
        if (state != FINISHED) {
            return "";
        }
        return exception != null ? " exception=" + exception : " result=" + abbreviate(String.valueOf(result));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        return "<Future " + stateName() + describeOutcome() + ">";
    }
}
