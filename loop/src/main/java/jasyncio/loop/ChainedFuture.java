package jasyncio.loop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * asyncio.wrap_future and the Java-to-loop half of futures._chain_future: a loop Future that
 * follows a Java future (a {@link CompletionStage}, usually a CompletableFuture, or any
 * {@link java.util.concurrent.Future}).
 *
 * <p>The Java future completes on whatever thread completes it (an HttpClient's selector
 * thread, a pool's worker). That thread only records the outcome and hands this object to
 * {@code loop.callSoonThreadsafe}; the loop thread then copies the outcome into the loop Future
 * ({@link SetState}, _copy_future_state), so its done callbacks and the tasks awaiting it run on the
 * loop thread, never on the completing one. Cancelling the loop Future (a task's cancel, a
 * waitFor or timeout running out, the kernel's interrupt) cancels the Java future with
 * {@code cancel(true)} on the next iteration ({@link CancelSource}, _call_check_cancel).
 *
 * <p>Differences from asyncio, on purpose:
 * <ul>
 * <li>A Java future already done when wrapped gives a loop Future done at once (asyncio goes
 *     through call_soon_threadsafe even then): the wrap is made on the loop thread, so nothing
 *     crosses threads.
 * <li>The outcome is unwrapped: a {@link CompletionException} or {@link ExecutionException}
 *     around the cause is removed (a dependent stage reports its source's failure wrapped), so an
 *     awaiter catches the IOException the request failed with; a {@link CancellationException}
 *     makes the loop Future cancelled, as a cancelled concurrent future does in asyncio.
 * <li>The source is cancelled with {@code cancel(true)}: a CompletableFuture ignores the flag,
 *     but HttpClient's aborts the exchange only when it is given, and a plain Future's job is
 *     interrupted (asyncio's concurrent futures cannot stop a running job at all).
 * <li>A plain {@link java.util.concurrent.Future} (no callbacks: a FutureTask from
 *     {@code ExecutorService.submit}) is waited for by a virtual thread of its own, which costs
 *     no platform thread while it blocks in {@code get()}.
 * </ul>
 */
final class ChainedFuture<T> extends Future<T> implements BiConsumer<T, Throwable> {
    private static final AtomicLong WAITER_NUMBER = new AtomicLong();

    /** The Java future: a CompletionStage or a java.util.concurrent.Future. */
    private final Object source;
    // Written by the completing thread before callSoonThreadsafe, read by the loop thread after
    // it: the loop's thread-safe queue orders the two, so plain fields suffice.
    private T sourceResult;
    private Throwable sourceFailure;
    /**
     * While the Java future is pending this holds virtual time back, so a waitFor under virtual
     * time does not fire before a real reply can arrive. Released on the loop thread when the
     * outcome is copied or the loop side is cancelled, whichever comes first.
     */
    private ExternalWork hold;

    private ChainedFuture(EventLoop loop, Object source) {
        super(loop);
        this.source = source;
    }

    /** asyncio.wrap_future(stage): on the loop thread. */
    static <T> Future<T> wrap(EventLoop loop, CompletionStage<T> stage) {
        if (stage == null) {
            throw new NullPointerException("wrapFuture needs a CompletionStage or a Future");
        }
        if (isDoneFuture(stage)) {
            return done(loop, stage);
        }
        ChainedFuture<T> chained = new ChainedFuture<>(loop, stage);
        chained.holdClock();
        stage.whenComplete(chained);
        return chained;
    }

    /** asyncio.wrap_future(future) of a Future that may have no callbacks. */
    @SuppressWarnings("unchecked")
    static <T> Future<T> wrap(EventLoop loop, java.util.concurrent.Future<T> future) {
        if (future instanceof CompletionStage<?> stage) {
            return wrap(loop, (CompletionStage<T>) stage);
        }
        if (future == null) {
            throw new NullPointerException("wrapFuture needs a CompletionStage or a Future");
        }
        if (future.isDone()) {
            return done(loop, future);
        }
        ChainedFuture<T> chained = new ChainedFuture<>(loop, future);
        chained.holdClock();
        Thread.ofVirtual().name("wrap_future-" + WAITER_NUMBER.incrementAndGet()).start(() -> chained.waitFor(future));
        return chained;
    }

    private void holdClock() {
        hold = loop.holdExternalWork();
    }

    /** On the loop thread, once the outcome is in or no longer wanted (ExternalWork.close is idempotent). */
    private void releaseClock() {
        if (hold != null) {
            hold.close();
        }
    }

    /** True for a Future that is done; false for a minimalCompletionStage, whose Future methods all throw. */
    private static boolean isDoneFuture(CompletionStage<?> stage) {
        try {
            return stage instanceof java.util.concurrent.Future<?> f && f.isDone();
        } catch (UnsupportedOperationException minimal) {
            return false;
        }
    }

    /** A loop Future with the outcome of a Java future that is already done. */
    private static <T> Future<T> done(EventLoop loop, Object source) {
        ChainedFuture<T> chained = new ChainedFuture<>(loop, source);
        chained.record(source);
        chained.copyOutcome();
        return chained;
    }

    /** The outcome of a done Java future into the two fields, as the completing thread would. */
    @SuppressWarnings("unchecked")
    private void record(Object done) {
        try {
            sourceResult = ((java.util.concurrent.Future<T>) done).get();
        } catch (ExecutionException | CancellationException failed) {
            sourceFailure = failed;
        } catch (InterruptedException impossible) { // get() of a done future does not wait
            Thread.currentThread().interrupt();
            sourceFailure = impossible;
        }
    }

    /** On the virtual thread that waits for a plain Future. */
    private void waitFor(java.util.concurrent.Future<T> future) {
        try {
            sourceResult = future.get();
        } catch (ExecutionException | CancellationException failed) {
            sourceFailure = failed;
        } catch (InterruptedException interrupted) {
            sourceFailure = new CancellationException("the thread waiting for " + future + " was interrupted");
        }
        handToLoop();
    }

    /** The Java future's whenComplete action, on the thread that completed it. */
    @Override
    public void accept(T value, Throwable failure) {
        sourceResult = value;
        sourceFailure = failure;
        handToLoop();
    }

    private void handToLoop() {
        try {
            loop.callSoonThreadsafe(new SetState(this));
        } catch (IllegalStateException closed) {
            // The loop is closed: nothing runs on it any more, and nobody awaits this.
        }
    }

    /** On the loop thread: _chain_future's _set_state, i.e. _copy_future_state unless cancelled meanwhile. */
    private record SetState(ChainedFuture<?> destination) implements Runnable {
        @Override
        public void run() {
            destination.releaseClock();
            if (!destination.isDone()) {
                destination.copyOutcome();
            }
        }

        @Override
        public String toString() {
            return "_chain_future._set_state";
        }
    }

    private void copyOutcome() {
        Throwable failure = unwrap(sourceFailure);
        T value = sourceResult;
        sourceResult = null;
        sourceFailure = null;
        if (failure == null) {
            setResult(value);
        } else if (failure instanceof CancellationException) {
            super.cancel(failure.getMessage()); // the source is cancelled already: do not cancel it back
        } else {
            setException(failure);
        }
    }

    /** The cause a CompletionException or ExecutionException carries, however deep. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Cancelling the loop side cancels the Java future too, on the next iteration (_call_check_cancel). */
    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        releaseClock();
        loop.callSoon(new CancelSource(source));
        return true;
    }

    /** _chain_future's _call_check_cancel: {@code source.cancel()}, as a named callback for the trace. */
    private record CancelSource(Object source) implements Runnable {
        @Override
        public void run() {
            try {
                if (source instanceof java.util.concurrent.Future<?> f) {
                    f.cancel(true);
                } else { // a CompletionStage that is not a Future: its CompletableFuture view, if it has one
                    ((CompletionStage<?>) source).toCompletableFuture().cancel(true);
                }
            } catch (UnsupportedOperationException cannotCancel) {
                // a minimalCompletionStage or a stage without a view: its outcome is simply ignored
            }
        }

        @Override
        public String toString() {
            return "_chain_future._call_check_cancel";
        }
    }

    @Override
    public String toString() {
        return "<Future " + stateName() + describeOutcome() + " wrapping " + sourceName() + ">";
    }

    private String sourceName() {
        return source.getClass().getSimpleName().isEmpty() ? source.getClass().getName() : source.getClass().getSimpleName();
    }
}
