package jasyncio.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * tasks._GatheringFuture: the future {@code gather} returns. Done when all children are
 * done (or, without returnExceptions, when the first one fails); cancelling it cancels
 * every child.
 */
final class GatheringFuture<T> extends Future<List<T>> implements Consumer<Future<?>>, AwaitingCallback {
    private final List<Future<? extends T>> children;
    private final boolean returnExceptions;
    private final int childCount;
    private int finished;
    private boolean cancelRequested;

    GatheringFuture(EventLoop loop, List<Future<? extends T>> children, int distinctChildren, boolean returnExceptions) {
        super(loop);
        this.children = children;
        this.childCount = distinctChildren;
        this.returnExceptions = returnExceptions;
    }

    /** gather's _done_callback: one child is done. */
    @Override
    public void accept(Future<?> child) {
        finished++;
        if (isDone()) {
            if (!child.isCancelled()) {
                child.exception(); // mark it retrieved: the gather already has its outcome
            }
            return;
        }
        if (!returnExceptions) {
            Throwable failure = child.isCancelled() ? child.makeCancelledError() : child.exception();
            if (failure != null) {
                setException(failure);
                return;
            }
        }
        if (finished == childCount) {
            List<T> results = new ArrayList<>(children.size());
            for (Future<? extends T> f : children) {
                results.add(outcomeOf(f));
            }
            if (cancelRequested) {
                setException(children.get(children.size() - 1).isCancelled()
                        ? children.get(children.size() - 1).makeCancelledError() : new CancelledError());
            } else {
                setResult(results);
            }
        }
    }

    /** A child's result, or (with returnExceptions) its exception in its place. */
    @SuppressWarnings("unchecked")
    private T outcomeOf(Future<? extends T> f) {
        if (f.isCancelled()) {
            String msg = f.cancelMessage();
            return (T) new CancelledError(msg == null ? "" : msg);
        }
        Throwable exc = f.exception();
        return exc != null ? (T) exc : f.result();
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        boolean any = false;
        for (Future<? extends T> child : children) {
            if (child.cancel(message)) {
                any = true;
            }
        }
        if (any) {
            cancelRequested = true; // the last child's callback turns this into a CancelledError
        }
        return any;
    }

    /** Its children are awaited through it, by whoever awaits the gather. */
    @Override
    public Future<?> awaiter() {
        return this;
    }

    @Override
    public String toString() {
        return "_GatheringFuture";
    }
}
