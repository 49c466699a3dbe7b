package jasyncio.loop;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code async for item in publisher} for a {@link Flow.Publisher} (reactive streams): a
 * Subscriber that a coroutine pulls from, asking the publisher for more only as it consumes.
 *
 * <pre>{@code
 * try (var it = asyncIter(publisher)) {          // subscribes; close() cancels the subscription
 *     while (await(it.hasNext())) {              // suspends until an item, the end or an error
 *         use(it.next());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Demand.</b> The first {@code hasNext()} requests {@code window} items (16 by default);
 * each time half the window has been taken with {@code next()}, that many more are requested.
 * So at most {@code window} items are ever requested and not yet consumed: a slow consumer
 * slows the publisher down (a SubmissionPublisher's {@code submit} blocks, an HttpClient body
 * stops reading the socket), and memory stays bounded. {@code window} 1 asks for one item at a
 * time.
 *
 * <p><b>Threads.</b> The publisher signals on its own threads. Each signal is put in a
 * thread-safe inbox and the loop is woken with one {@code callSoonThreadsafe} per batch
 * ({@code drain}); everything else (the buffer, the counts, {@code request} and {@code cancel}
 * on the subscription) happens on the loop thread, so requests and cancel are serial (§2.7)
 * and never called from inside the publisher's signals (§2.3). Items arriving after a cancel
 * are dropped (§2.8); a null item or error is refused with a NullPointerException (§2.13); a
 * second onSubscribe is cancelled (§2.5); more items than requested (§1.1) end the iteration
 * with an IllegalStateException that says so.
 *
 * <p><b>Ending.</b> {@code hasNext()} gives false after onComplete, throws the publisher's
 * error (with its own type) once after onError, then gives false. Cancelling the task that
 * waits in {@code await(it.hasNext())} cancels the subscription (as cancelling a task inside
 * {@code async for} finishes the async generator); so does {@code close()}, which
 * try-with-resources calls when the loop ends early (a {@code break}, an exception). An
 * iterator left unclosed keeps its subscription (asyncio leaves such generators to
 * {@code shutdown_asyncgens}): use try-with-resources, or {@link Asyncio#forEach}.
 *
 * <p>While a {@code hasNext()} waits, the iterator holds virtual time back (the items come
 * from another thread). All methods but the Subscriber's are for the loop thread.
 */
public final class FlowIterator<T> implements Flow.Subscriber<T>, AutoCloseable {
    /** How many items are requested at first, and at most outstanding. */
    public static final int DEFAULT_WINDOW = 16;

    private static final Object COMPLETE = new Object();

    private final EventLoop loop;
    private final String name;
    private final int window;
    /** Request more once this many have been consumed since the last request. */
    private final int refill;

    // ---- shared with the publisher's threads ----
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicReference<Flow.Subscription> subscribed = new AtomicReference<>();
    private final Runnable drain = new Drain();

    // ---- loop thread only ----
    private Flow.Subscription subscription;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private long requested;
    private long received;
    private long consumed;
    private int consumedSinceRequest;
    private boolean started;
    private boolean completed;
    private Throwable error;
    /** Ended: completed and drained, failed and raised, or closed. */
    private boolean finished;
    private boolean closed;
    private Waiter waiter;
    private Future<Boolean> hasItem;
    private Future<Boolean> noMore;

    FlowIterator(EventLoop loop, Flow.Publisher<? extends T> publisher, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the window must be at least 1 item, not " + window);
        }
        this.loop = loop;
        this.window = window;
        this.refill = Math.max(1, window / 2);
        this.name = "asyncIter(" + describe(publisher) + ")";
    }

    /** Subscribes to the publisher (on the loop thread): asyncio's {@code aiter()}. */
    static <T> FlowIterator<T> subscribe(EventLoop loop, Flow.Publisher<? extends T> publisher, int window) {
        Objects.requireNonNull(publisher, "asyncIter needs a Flow.Publisher");
        FlowIterator<T> it = new FlowIterator<>(loop, publisher, window);
        publisher.subscribe(it);
        return it;
    }

    private static String describe(Object publisher) {
        String simple = publisher.getClass().getSimpleName();
        return simple.isEmpty() ? publisher.getClass().getName() : simple;
    }

    // ---- Flow.Subscriber: any thread, one signal at a time (§1.3) ----

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "onSubscribe(null): §2.13");
        if (!subscribed.compareAndSet(null, s)) {
            s.cancel(); // §2.5: one subscription only
            return;
        }
        post(new Subscribed(s));
    }

    @Override
    public void onNext(T item) {
        post(Objects.requireNonNull(item, "onNext(null): §2.13"));
    }

    @Override
    public void onError(Throwable failure) {
        post(new Failed(Objects.requireNonNull(failure, "onError(null): §2.13")));
    }

    @Override
    public void onComplete() {
        post(COMPLETE);
    }

    private record Subscribed(Flow.Subscription subscription) {
    }

    private record Failed(Throwable failure) {
    }

    /**
     * Puts a signal in the inbox, and schedules a drain unless one is already on its way: with
     * callSoonThreadsafe from the publisher's thread, with callSoon when the publisher signals
     * on the loop thread itself (a coroutine's publisher). Never drained inline: the signal may
     * come from inside our own request() (§3.3).
     */
    private void post(Object signal) {
        inbox.add(signal);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                if (EventLoop.runningLoopOrNull() == loop) {
                    loop.callSoon(drain);
                } else {
                    loop.callSoonThreadsafe(drain);
                }
            } catch (IllegalStateException closedLoop) {
                // nobody is left to iterate
            }
        }
    }

    /** The Handle's callback that moves the inbox to the loop thread, named for the trace. */
    private final class Drain implements Runnable {
        @Override
        public void run() {
            drain();
        }

        @Override
        public String toString() {
            return name + ".drain";
        }
    }

    // ---- the loop thread ----

    private void drain() {
        drainScheduled.set(false); // before polling: a signal added from now on schedules another drain
        Object signal;
        while ((signal = inbox.poll()) != null) {
            if (signal instanceof Subscribed s) {
                subscriptionArrived(s.subscription());
            } else if (signal == COMPLETE) {
                loop.note(this, "onComplete");
                completed = true;
                subscription = null; // §2.4: ended, as if cancelled
            } else if (signal instanceof Failed f) {
                loop.note(this, "onError " + f.failure());
                if (error == null && !completed) {
                    error = f.failure();
                }
                subscription = null;
            } else {
                itemArrived(signal);
            }
        }
        wakeWaiter();
    }

    private void subscriptionArrived(Flow.Subscription s) {
        subscription = s;
        loop.note(this, "onSubscribe");
        if (closed) {
            cancelSubscription();
        } else if (started) {
            request(window);
        }
    }

    @SuppressWarnings("unchecked")
    private void itemArrived(Object item) {
        if (closed || finished) {
            return; // §2.8: items in flight after a cancel
        }
        received++;
        loop.note(this, "onNext", received);
        if (received > requested) { // §1.1
            error = new IllegalStateException(name + ": the publisher sent item " + received + " when only "
                    + requested + " were requested (Reactive Streams §1.1)");
            cancelSubscription();
            return;
        }
        buffer.add((T) item);
    }

    /** A hasNext() that waits is answered: an item, the end, or the error. */
    private void wakeWaiter() {
        Waiter w = waiter;
        if (w == null) {
            return;
        }
        if (!buffer.isEmpty()) {
            waiter = null;
            w.resolve(Boolean.TRUE, null);
        } else if (error != null || completed || closed) {
            waiter = null;
            Throwable failure = takeError();
            w.resolve(failure == null ? Boolean.FALSE : null, failure);
        }
    }

    /** The error to raise, once; afterwards the iterator is finished. */
    private Throwable takeError() {
        Throwable failure = error;
        error = null;
        finished = true;
        return failure;
    }

    private void request(long n) {
        requested += n;
        loop.note(this, "request", n);
        subscription.request(n);
    }

    private void cancelSubscription() {
        Flow.Subscription s = subscription;
        if (s != null) {
            subscription = null;
            loop.note(this, "cancel");
            s.cancel();
        }
    }

    /**
     * {@code __anext__}'s question: an awaitable that gives true when an item is ready for
     * {@link #next()}, false at the end (completed, or closed), or raises the publisher's error.
     * Done at once when an item is buffered, so a fast publisher costs no suspension per item.
     */
    public Future<Boolean> hasNext() {
        if (!buffer.isEmpty()) {
            if (hasItem == null) {
                hasItem = doneWith(Boolean.TRUE);
            }
            return hasItem;
        }
        if (waiter != null) {
            return waiter;
        }
        if (error != null) {
            Future<Boolean> failed = loop.createFuture();
            failed.setException(takeError());
            return failed;
        }
        if (completed || closed || finished) {
            finished = true;
            if (noMore == null) {
                noMore = doneWith(Boolean.FALSE);
            }
            return noMore;
        }
        if (!started) {
            started = true;
            if (subscription != null) {
                request(window);
            }
        }
        waiter = new Waiter();
        return waiter;
    }

    private Future<Boolean> doneWith(Boolean value) {
        Future<Boolean> f = loop.createFuture();
        f.setResult(value);
        return f;
    }

    /** The next item; only after {@code await(hasNext())} gave true. */
    public T next() {
        T item = buffer.poll();
        if (item == null) {
            throw new NoSuchElementException(name + ": no item is ready; call await(it.hasNext()) first");
        }
        consumed++;
        if (++consumedSinceRequest >= refill && subscription != null && !completed && error == null && !closed) {
            int n = consumedSinceRequest;
            consumedSinceRequest = 0;
            request(n);
        }
        return item;
    }

    /**
     * Stops the iteration: cancels the subscription (now, or as soon as it arrives), drops what
     * is buffered, and a waiting hasNext() gives false. Idempotent ({@code aclose()}).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer.clear();
        cancelSubscription();
        wakeWaiter();
    }

    /** How many items were requested from the publisher so far. */
    public long requestedCount() {
        return requested;
    }

    /** How many items the publisher delivered so far. */
    public long receivedCount() {
        return received;
    }

    /** How many items {@link #next()} gave so far. */
    public long consumedCount() {
        return consumed;
    }

    /** The most items that may be requested and not yet consumed. */
    public int window() {
        return window;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The pending answer of hasNext(): holds virtual time while it waits, and when the task
     * waiting on it is cancelled, the iteration ends and the subscription is cancelled.
     */
    private final class Waiter extends Future<Boolean> {
        private final ExternalWork hold;

        Waiter() {
            super(FlowIterator.this.loop);
            hold = loop.holdExternalWork();
        }

        void resolve(Boolean value, Throwable failure) {
            hold.close();
            if (failure != null) {
                setException(failure);
            } else {
                setResult(value);
            }
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            hold.close();
            if (waiter == this) {
                waiter = null;
            }
            close();
            return true;
        }

        @Override
        public String toString() {
            return "<Future " + stateName() + describeOutcome() + " " + name + ".hasNext()>";
        }
    }
}
