package jasyncio.loop;

import java.util.function.Consumer;

/**
 * asyncio.shield (tasks.py): a new outer future that follows the inner one, so that
 * cancelling the outer (for example because the task awaiting it is cancelled) leaves the
 * inner running. Cancelling the inner itself still cancels the outer.
 */
final class Shield<T> implements Consumer<Future<T>>, AwaitingCallback {
    private final Future<T> inner;
    private final Future<T> outer;

    private Shield(Future<T> inner, Future<T> outer) {
        this.inner = inner;
        this.outer = outer;
    }

    static <T> Future<T> shield(Awaitable<T> awaitable) {
        Future<T> inner = Asyncio.ensureFuture(awaitable);
        if (inner.isDone()) {
            return inner; // nothing left to protect
        }
        Future<T> outer = inner.getLoop().createFuture();
        Shield<T> link = new Shield<>(inner, outer);
        inner.addDoneCallback(link);
        outer.addDoneCallback(done -> {
            if (!inner.isDone()) {
                inner.removeDoneCallback(link); // the outer was cancelled: stop following the inner
            }
        });
        return outer;
    }

    /** shield's _inner_done_callback: copy the inner's outcome to the outer, unless it was cancelled. */
    @Override
    public void accept(Future<T> done) {
        if (outer.isCancelled()) {
            if (!inner.isCancelled()) {
                inner.exception(); // nobody will read it through the outer: mark it retrieved
            }
            return;
        }
        if (inner.isCancelled()) {
            outer.cancel();
            return;
        }
        Throwable failure = inner.exception();
        if (failure != null) {
            outer.setException(failure);
        } else {
            outer.setResult(inner.result());
        }
    }

    @Override
    public Future<?> awaiter() {
        return outer;
    }

    @Override
    public String toString() {
        return "shield._inner_done_callback";
    }
}
