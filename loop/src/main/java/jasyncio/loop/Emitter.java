package jasyncio.loop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

/**
 * What the body of a {@link CoroutinePublisher} emits with, and the {@link Flow.Subscription}
 * its subscriber holds: the {@code yield} of an async generator, with demand.
 *
 * <p>{@code await(out.emit(item))} hands the item to the subscriber's {@code onNext} at once when
 * it has asked for more (the awaitable is then done, so nothing suspends), or keeps it and
 * suspends the body until the subscriber's next {@code request(n)}: the producer runs no further
 * ahead than the demand. The subscriber may call {@code request} and {@code cancel} from any
 * thread; they take effect on the loop thread (directly when called there, such as from inside
 * {@code onNext}, where a request only adds demand: no recursion, §3.3).
 *
 * <p>Rules kept (Reactive Streams §1 and §3): never more onNext than requested (§1.1); signals
 * one at a time, on the loop thread (§1.3); onComplete when the body returns, onError with its
 * exception when it throws (§1.4); nothing after a cancel (§3.6, §3.7: a second cancel does
 * nothing); {@code request(n)} with n &le; 0 cancels and signals onError with an
 * IllegalArgumentException (§3.9); demand adds up to Long.MAX_VALUE, which means unbounded
 * (§3.17). A cancel raises CancelledError in the body at its await (its finally blocks run, as
 * {@code aclose()} raises GeneratorExit at an async generator's yield). A subscriber that throws
 * from a signal breaks §2.13: the subscription is cancelled and the exception reported to the
 * loop's exception handler.
 *
 * <p>While the body waits for demand it holds virtual time back (the request comes from another
 * thread). Loop thread only, except the Subscription's two methods.
 */
public final class Emitter<T> implements Flow.Subscription {
    private final EventLoop loop;
    private final Flow.Subscriber<? super T> subscriber;
    private Task<Void> producer;
    /** Items the subscriber asked for and did not get yet (Long.MAX_VALUE: unbounded). */
    private long demand;
    private long emitted;
    /** The item emit() keeps while there is no demand, and what its awaiter waits on. */
    private T pendingItem;
    private Future<Void> pendingEmit;
    /** Held while the body waits for demand, which comes from another thread: virtual time waits for it. */
    private ExternalWork hold;
    private boolean cancelled;
    /** onComplete or onError was signalled (§1.7: nothing after it). */
    private boolean terminated;
    private Future<Void> delivered;

    Emitter(EventLoop loop, Flow.Subscriber<? super T> subscriber) {
        this.loop = loop;
        this.subscriber = subscriber;
    }

    // ---- the producing body's side ----

    /**
     * The next item for the subscriber; await what it returns before emitting again. Done at
     * once when there is demand; otherwise pending until there is, and cancelled (CancelledError
     * at the await) when the subscriber cancels meanwhile.
     *
     * @throws IllegalStateException when the previous emit was not awaited
     * @throws NullPointerException for a null item (§2.13 forbids it)
     */
    public Future<Void> emit(T item) {
        if (item == null) {
            throw new NullPointerException("emit(null): a Flow item cannot be null (Reactive Streams §2.13)");
        }
        if (pendingEmit != null) {
            throw new IllegalStateException("emit() called again before the previous emit was awaited: "
                    + "write await(out.emit(item))");
        }
        if (cancelled || terminated) {
            Future<Void> refused = loop.createFuture();
            refused.cancel("the subscriber cancelled its subscription");
            return refused;
        }
        if (demand > 0) {
            takeDemand();
            deliver(item);
            if (delivered == null) {
                delivered = loop.createFuture();
                delivered.setResult(null);
            }
            return delivered;
        }
        pendingItem = item;
        pendingEmit = loop.createFuture();
        holdClock();
        return pendingEmit;
    }

    /** How many items the subscriber asked for and has not received (Long.MAX_VALUE: unbounded). */
    public long demand() {
        return demand;
    }

    /** How many items were handed to onNext so far. */
    public long emitted() {
        return emitted;
    }

    /** True once the subscriber cancelled (or broke the rules and was cancelled). */
    public boolean isCancelled() {
        return cancelled;
    }

    // ---- Flow.Subscription: the subscriber's side, any thread ----

    @Override
    public void request(long n) {
        onLoop(() -> addDemand(n), "request");
    }

    @Override
    public void cancel() {
        onLoop(this::cancelNow, "cancel");
    }

    /** Runs {@code action} now on the loop thread, or from another thread via callSoonThreadsafe. */
    private void onLoop(Runnable action, String what) {
        if (EventLoop.runningLoopOrNull() == loop) {
            action.run();
            return;
        }
        try {
            loop.callSoonThreadsafe(new NamedCallback("Subscription." + what, action));
        } catch (IllegalStateException closed) {
            // the loop is closed: nothing is produced any more
        }
    }

    // ---- the loop thread ----

    /** onSubscribe; false when the subscriber cancelled (or threw) in it. */
    boolean signalSubscribe() {
        loop.note(this, "onSubscribe");
        try {
            subscriber.onSubscribe(this);
        } catch (Throwable broken) {
            subscriberBroke("onSubscribe", broken);
        }
        return !cancelled;
    }

    /** The body's task now runs; its end is the stream's end. */
    void producing(Task<Void> task) {
        producer = task;
        task.addDoneCallback(new ProducerDone());
    }

    private void addDemand(long n) {
        if (cancelled || terminated) {
            return; // §3.6
        }
        if (n <= 0) { // §3.9
            loop.note(this, "request", n);
            cancelNow();
            signalError(new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams §3.9)"));
            return;
        }
        loop.note(this, "request", n);
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // §3.17: saturates at unbounded
        if (pendingEmit != null) {
            T item = pendingItem;
            Future<Void> waiting = pendingEmit;
            pendingItem = null; // cleared first: onNext may request again, re-entering here (§3.3)
            pendingEmit = null;
            releaseClock();
            takeDemand();
            deliver(item);
            if (!waiting.isDone()) {
                waiting.setResult(null);
            }
        }
    }

    private void takeDemand() {
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
    }

    private void deliver(T item) {
        emitted++;
        loop.note(this, "onNext", emitted);
        try {
            subscriber.onNext(item);
        } catch (Throwable broken) {
            subscriberBroke("onNext", broken);
        }
    }

    private void cancelNow() {
        if (cancelled) {
            return; // §3.7
        }
        cancelled = true;
        loop.note(this, "cancel");
        releaseClock();
        Future<Void> waiting = pendingEmit;
        pendingItem = null;
        pendingEmit = null;
        if (waiting != null) {
            waiting.cancel("the subscriber cancelled its subscription");
        }
        if (producer != null && !producer.isDone()) {
            producer.cancel("the subscriber cancelled its subscription");
        }
    }

    /** §2.13 broken: the subscription is cancelled and the exception reported, never thrown on. */
    private void subscriberBroke(String signal, Throwable broken) {
        cancelNow();
        loop.callExceptionHandler(new ExceptionContext("Exception in Flow.Subscriber." + signal + " (Reactive Streams §2.13): "
                + "the subscription is cancelled", broken, null, producer));
    }

    private void signalError(Throwable failure) {
        if (terminated) {
            return;
        }
        terminated = true;
        loop.note(this, "onError " + failure);
        try {
            subscriber.onError(failure);
        } catch (Throwable broken) {
            subscriberBroke("onError", broken);
        }
    }

    private void holdClock() {
        hold = loop.holdExternalWork();
    }

    private void releaseClock() {
        if (hold != null) {
            hold.close();
            hold = null;
        }
    }

    /** The body's task ended: onComplete, or onError with its exception, unless cancelled. */
    private final class ProducerDone implements java.util.function.Consumer<Future<Void>> {
        @Override
        public void accept(Future<Void> task) {
            releaseClock();
            if (cancelled || terminated) {
                if (!task.isCancelled()) {
                    task.exception(); // whatever the body ended with after the cancel, nobody will read it
                }
                return;
            }
            if (task.isCancelled()) {
                signalError(new CancellationException("the publisher's task " + producer.getName() + " was cancelled"));
                return;
            }
            Throwable failure = task.exception();
            if (failure != null) {
                signalError(failure);
                return;
            }
            terminated = true;
            loop.note(Emitter.this, "onComplete");
            try {
                subscriber.onComplete();
            } catch (Throwable broken) {
                subscriberBroke("onComplete", broken);
            }
        }

        @Override
        public String toString() {
            return "publisher.end";
        }
    }

    @Override
    public String toString() {
        return "publisher(" + (producer == null ? "starting" : producer.getName()) + ")";
    }
}
