package jasyncio.loop;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * An async generator's counterpart for Java code: a {@link Flow.Publisher} whose items a
 * coroutine produces on the loop, at the pace its subscriber asks for them.
 *
 * <pre>{@code
 * Flow.Publisher<Integer> squares = publisher(out -> {
 *     for (int i = 1; i <= 5; i++) {
 *         await(out.emit(i * i));      // waits while the subscriber has not asked for more
 *     }
 * });                                  // returning completes the subscriber; throwing fails it
 * }</pre>
 *
 * <p>Cold, as a Kotlin {@code flow {}} or a Python async generator function: each
 * {@code subscribe} runs the body once more, as a Task of its own on the loop the publisher was
 * made on, with an {@link Emitter} that is also that subscriber's {@link Flow.Subscription}.
 * {@code subscribe} may be called from any thread: {@code onSubscribe} and every other signal
 * are made on the loop thread (one at a time, §1.3), from the body's task for
 * {@code onNext}; a subscription made from another thread starts when the loop next runs
 * (between notebook cells, the kernel's loop does not). See {@link Emitter} for demand and
 * cancellation.
 */
public final class CoroutinePublisher<T> implements Flow.Publisher<T> {
    private final EventLoop loop;
    private final AsyncConsumer<Emitter<T>> body;

    CoroutinePublisher(EventLoop loop, AsyncConsumer<Emitter<T>> body) {
        this.loop = Objects.requireNonNull(loop);
        this.body = Objects.requireNonNull(body, "a publisher needs a body");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscribe(null): §1.9");
        if (EventLoop.runningLoopOrNull() == loop) {
            start(subscriber);
            return;
        }
        try {
            loop.callSoonThreadsafe(new NamedCallback("publisher.subscribe", () -> start(subscriber)));
        } catch (IllegalStateException closed) {
            // §1.9: onSubscribe first, then the error, on the caller's thread as nothing else can run
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("the event loop of this publisher is closed"));
        }
    }

    /** On the loop thread: onSubscribe, then the body as a task unless the subscriber cancelled at once. */
    private void start(Flow.Subscriber<? super T> subscriber) {
        Emitter<T> emitter = new Emitter<>(loop, subscriber);
        if (!emitter.signalSubscribe()) {
            return;
        }
        Task<Void> task = loop.createTask(Coroutine.create("publisher", () -> {
            body.accept(emitter);
            return null;
        }));
        emitter.producing(task);
    }

    @Override
    public String toString() {
        return "<CoroutinePublisher " + CallbackNames.describe(body) + ">";
    }
}
