package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flow publishers consumed by coroutines (asyncIter, forEach) and produced by them (publisher):
 * back-pressure counted, cancellation both ways, the Reactive Streams rules that a wrong
 * publisher or subscriber breaks. The JDK's SubmissionPublisher stands for a Java publisher.
 */
@Timeout(60)
class FlowTest {
    private final ExecutorService publisherThreads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        publisherThreads.shutdownNow();
    }

    /** The loop's notes about the iterators (not the publishers' own), as "what" strings, in order. */
    private static final class Notes implements LoopObserver {
        final List<String> all = new ArrayList<>();

        @Override
        public void note(Object subject, String what) {
            if (subject instanceof FlowIterator<?>) {
                all.add(what);
            }
        }

        List<Long> requests() {
            return all.stream().filter(w -> w.startsWith("request ")).map(w -> Long.parseLong(w.substring(8))).toList();
        }
    }

    @Test
    void aSubmissionPublisherIsConsumedWithBackPressure() throws Exception {
        int items = 200;
        int window = 8;
        EventLoop loop = new EventLoop();
        Notes notes = new Notes();
        loop.setObserver(notes);
        // The publisher's own buffer is small too, so its submit() blocks while we do not ask.
        SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(publisherThreads, 4);
        List<Integer> got = new ArrayList<>();
        long[] maxOutstanding = {0};
        try {
            loop.runUntilComplete(async(() -> {
                try (FlowIterator<Integer> it = asyncIter(pub, window)) {
                    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < items; i++) {
                            pub.submit(i); // blocks while its buffer for us is full
                        }
                        pub.close();
                    }, publisherThreads);
                    while (await(it.hasNext())) {
                        got.add(it.next());
                        maxOutstanding[0] = Math.max(maxOutstanding[0], it.requestedCount() - it.consumedCount());
                        await(sleep(0)); // a consumer that yields: the publisher must wait for it
                    }
                    assertEquals(items, it.consumedCount());
                    assertEquals(items, it.receivedCount());
                    await(producing);
                }
            }));
        } finally {
            loop.close();
        }
        assertEquals(java.util.stream.IntStream.range(0, items).boxed().toList(), got, "every item, in order");
        assertTrue(maxOutstanding[0] <= window, "never more than the window requested and unconsumed: " + maxOutstanding[0]);
        List<Long> requests = notes.requests();
        assertEquals(window, requests.get(0), "the first request is the window");
        assertTrue(requests.stream().skip(1).allMatch(n -> n == window / 2), "then half a window at a time: " + requests);
        long total = requests.stream().mapToLong(Long::longValue).sum();
        assertTrue(total >= items && total <= items + window, "requested " + total + " for " + items);
        assertEquals(items, notes.all.stream().filter(w -> w.startsWith("onNext ")).count());
        assertTrue(notes.all.contains("onComplete"));
    }

    @Test
    void theIteratorAsksNothingBeforeTheFirstHasNextAndOneAtATimeWithWindowOne() {
        Notes notes = new Notes();
        EventLoop loop = new EventLoop();
        loop.setObserver(notes);
        try {
            loop.runUntilComplete(async(() -> {
                Flow.Publisher<Integer> numbers = publisher(out -> {
                    for (int i = 0; i < 3; i++) {
                        await(out.emit(i));
                    }
                });
                try (FlowIterator<Integer> it = asyncIter(numbers, 1)) {
                    await(sleep(0));
                    await(sleep(0));
                    assertEquals(0, it.requestedCount(), "subscribed, but nothing asked for yet");
                    List<Integer> got = new ArrayList<>();
                    while (await(it.hasNext())) {
                        assertEquals(it.consumedCount() + 1, it.requestedCount(), "one outstanding at a time");
                        got.add(it.next());
                    }
                    assertEquals(List.of(0, 1, 2), got);
                }
            }));
        } finally {
            loop.close();
        }
        assertEquals(List.of(1L, 1L, 1L, 1L), notes.requests(), "one request per item, and one that learns of the end");
    }

    @Test
    void closingEarlyCancelsTheSubscription() throws Exception {
        SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(publisherThreads, 4);
        AtomicInteger submitted = new AtomicInteger();
        run(async(() -> {
            FlowIterator<Integer> it = asyncIter(pub, 4);
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                // submit blocks while the buffer for us is full; after our cancel it drops us and returns
                for (int i = 0; i < 1000 && pub.isSubscribed(it); i++) {
                    pub.submit(i);
                    submitted.incrementAndGet();
                }
            }, publisherThreads);
            try (it) {
                int taken = 0;
                while (await(it.hasNext())) {
                    it.next();
                    if (++taken == 5) {
                        break; // leaves the try: close() cancels the subscription
                    }
                }
            }
            assertFalse(pub.isSubscribed(it), "the publisher saw the cancel");
            assertFalse(await(it.hasNext()), "a closed iterator has nothing more");
            await(producing);
            assertEquals(5 + 3, it.requestedCount(), "4, then 2 after 2 taken, then 2 after 4 taken");
        }));
        assertTrue(submitted.get() < 1000, "the producer stopped: " + submitted.get());
        pub.close();
    }

    @Test
    void cancellingTheConsumerTaskCancelsTheSubscription() {
        List<String> seen = new CopyOnWriteArrayList<>();
        run(async(() -> {
            Flow.Publisher<Integer> slow = publisher(out -> {
                try {
                    await(out.emit(1));
                    await(sleep(3600)); // the consumer waits for the second item
                    await(out.emit(2));
                } catch (CancelledError e) {
                    seen.add("producer cancelled at its await: " + e.getMessage());
                    throw e;
                }
            });
            Task<Long> consumer = createTask(forEach(slow, item -> seen.add("item " + item)));
            await(sleep(0.01));
            consumer.cancel();
            assertThrows(CancelledError.class, () -> await(consumer));
            await(sleep(0)); // the cancel reaches the producer's task
            await(sleep(0));
        }));
        assertEquals(List.of("item 1", "producer cancelled at its await: the subscriber cancelled its subscription"), seen);
    }

    @Test
    void aPublishersErrorIsRaisedWithItsTypeAtHasNextThenTheEnd() {
        run(async(() -> {
            IOException broken = new IOException("broken pipe");
            Flow.Publisher<String> failing = publisher(out -> {
                await(out.emit("one"));
                throw broken;
            });
            FlowIterator<String> it = asyncIter(failing);
            assertTrue(await(it.hasNext()));
            assertEquals("one", it.next());
            Exception raised = assertThrows(Exception.class, () -> await(it.hasNext()));
            assertSame(broken, raised);
            assertFalse(await(it.hasNext()), "after the error, the end");
            assertThrows(NoSuchElementException.class, it::next);
        }));
    }

    @Test
    void nextWithoutHasNextSaysWhatToDo() {
        run(async(() -> {
            FlowIterator<Integer> it = asyncIter(publisher(out -> await(out.emit(1))));
            NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
            assertTrue(e.getMessage().contains("await(it.hasNext())"), e.getMessage());
            it.close();
        }));
    }

    /** A publisher that breaks §1.1 (more than requested) and §2.5 (a second onSubscribe). */
    @Test
    void aPublisherThatSendsMoreThanRequestedEndsTheIterationWithAClearError() {
        run(async(() -> {
            List<String> cancels = new ArrayList<>();
            Flow.Publisher<Integer> rude = subscriber -> {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        for (int i = 0; i < n + 3; i++) {
                            subscriber.onNext(i);
                        }
                    }

                    @Override
                    public void cancel() {
                        cancels.add("first");
                    }
                });
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        fail("the second subscription is never asked");
                    }

                    @Override
                    public void cancel() {
                        cancels.add("second, at once (§2.5)");
                    }
                });
            };
            FlowIterator<Integer> it = asyncIter(rude, 2);
            assertEquals(List.of("second, at once (§2.5)"), cancels);
            List<Integer> got = new ArrayList<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                while (await(it.hasNext())) {
                    got.add(it.next());
                }
            });
            assertTrue(e.getMessage().contains("§1.1"), e.getMessage());
            assertEquals(List.of(0, 1), got, "the requested items came through");
            assertEquals(List.of("second, at once (§2.5)", "first"), cancels);
            assertThrows(NullPointerException.class, () -> it.onNext(null), "§2.13");
        }));
    }

    // ---- a coroutine as the publisher, a Java subscriber ----

    /** A Java subscriber that records what it gets and on which thread, asking from its own thread. */
    private static final class JavaSubscriber<T> implements Flow.Subscriber<T> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<T> items = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Flow.Subscription subscription;
        /** The thread of each signal, checked by the test afterwards (an assertion here would only be swallowed). */
        final List<Thread> signalThreads = new CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            signalThreads.add(Thread.currentThread());
            events.add("onSubscribe");
        }

        @Override
        public void onNext(T item) {
            signalThreads.add(Thread.currentThread());
            items.add(item);
            events.add("onNext " + item);
        }

        @Override
        public void onError(Throwable t) {
            signalThreads.add(Thread.currentThread());
            events.add("onError " + t);
            ended.countDown();
        }

        @Override
        public void onComplete() {
            signalThreads.add(Thread.currentThread());
            events.add("onComplete");
            ended.countDown();
        }
    }

    @Test
    void aCoroutinePublisherEmitsNoFasterThanAJavaSubscriberAsks() throws Exception {
        JavaSubscriber<Integer> subscriber = new JavaSubscriber<>();
        EventLoop loop = new EventLoop();
        Thread loopThread = Thread.currentThread();
        AtomicInteger producedUpTo = new AtomicInteger();
        try {
            loop.runUntilComplete(async(() -> {
                Flow.Publisher<Integer> squares = publisher(out -> {
                    for (int i = 1; i <= 5; i++) {
                        await(out.emit(i * i));
                        producedUpTo.set(i);
                    }
                });
                // subscribed and asked from another thread, as Java code would
                await(toThread(() -> {
                    squares.subscribe(subscriber);
                    return null;
                }));
                while (subscriber.subscription == null) {
                    await(sleep(0));
                }
                await(toThread(() -> {
                    subscriber.subscription.request(2);
                    return null;
                }));
                while (subscriber.items.size() < 2) {
                    await(sleep(0));
                }
                await(sleep(0));
                await(sleep(0));
                assertEquals(List.of(1, 4), subscriber.items);
                assertEquals(2, producedUpTo.get(), "the producer waits in its third emit, for demand");
                subscriber.subscription.request(Long.MAX_VALUE); // unbounded, from the loop thread
                while (subscriber.ended.getCount() > 0) {
                    await(sleep(0));
                }
            }));
        } finally {
            loop.close();
        }
        if (Coroutine.CONTINUATIONS) { // (on the thread fallback, onNext comes from the body's own thread, the loop waiting)
            assertTrue(subscriber.signalThreads.stream().allMatch(t -> t == loopThread), "every signal on the loop thread");
        }
        assertTrue(subscriber.signalThreads.stream().noneMatch(t -> t.getName().startsWith("asyncio_")),
                "never on the thread that subscribed or requested");
        assertEquals(List.of("onSubscribe", "onNext 1", "onNext 4", "onNext 9", "onNext 16", "onNext 25", "onComplete"),
                subscriber.events);
    }

    @Test
    void requestOfZeroIsAnErrorAndStopsTheProducer() {
        JavaSubscriber<Integer> subscriber = new JavaSubscriber<>();
        List<String> producer = new ArrayList<>();
        run(async(() -> {
            Flow.Publisher<Integer> pub = publisher(out -> {
                try {
                    await(out.emit(1));
                } finally {
                    producer.add("finally ran");
                }
            });
            pub.subscribe(subscriber);
            await(sleep(0));
            subscriber.subscription.request(0);
            await(sleep(0));
            subscriber.subscription.request(5); // after the error: ignored (§3.6)
            await(sleep(0));
        }));
        assertEquals(List.of("onSubscribe", "onError java.lang.IllegalArgumentException: request(0): demand must be "
                + "positive (Reactive Streams §3.9)"), subscriber.events);
        assertEquals(List.of("finally ran"), producer);
    }

    @Test
    void theBodysExceptionFailsTheSubscriberAndASecondEmitWithoutAwaitIsRefused() {
        JavaSubscriber<Integer> subscriber = new JavaSubscriber<>();
        run(async(() -> {
            Flow.Publisher<Integer> pub = publisher(out -> {
                out.emit(1); // no demand yet: kept, pending
                out.emit(2); // the mistake
            });
            pub.subscribe(subscriber);
            while (subscriber.ended.getCount() > 0) {
                await(sleep(0));
            }
        }));
        assertEquals(2, subscriber.events.size(), subscriber.events.toString());
        assertTrue(subscriber.events.get(1).startsWith("onError java.lang.IllegalStateException: emit() called again before "
                + "the previous emit was awaited"), subscriber.events.toString());
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndReported() {
        EventLoop loop = new EventLoop();
        List<ExceptionContext> reports = LoopTesting.recordExceptions(loop);
        List<String> producer = new ArrayList<>();
        try {
            loop.runUntilComplete(async(() -> {
                Flow.Publisher<Integer> pub = publisher(out -> {
                    try {
                        for (int i = 0; ; i++) {
                            await(out.emit(i));
                        }
                    } catch (CancelledError e) {
                        producer.add("cancelled");
                        throw e;
                    }
                });
                pub.subscribe(new Flow.Subscriber<Integer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(10);
                    }

                    @Override
                    public void onNext(Integer item) {
                        if (item == 2) {
                            throw new IllegalStateException("subscriber bug");
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        fail("no signal after the cancel");
                    }

                    @Override
                    public void onComplete() {
                        fail("no signal after the cancel");
                    }
                });
                while (producer.isEmpty()) {
                    await(sleep(0));
                }
            }));
        } finally {
            loop.close();
        }
        assertEquals(List.of("cancelled"), producer);
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).message().contains("Flow.Subscriber.onNext"), reports.get(0).message());
        assertEquals("subscriber bug", reports.get(0).exception().getMessage());
    }

    @Test
    void ourPublisherIntoOurIteratorKeepsBothRules() {
        List<Integer> got = new ArrayList<>();
        long count = run(async(() -> {
            Flow.Publisher<Integer> numbers = publisher(out -> {
                for (int i = 0; i < 100; i++) {
                    await(out.emit(i));
                }
            });
            return await(forEach(numbers, 4, got::add));
        }));
        assertEquals(100, count);
        assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), got);
    }

    @Test
    void subscribingAfterTheLoopClosedSignalsAnError() {
        EventLoop loop = new EventLoop();
        Flow.Publisher<Integer> pub = loop.runUntilComplete(async(() -> Asyncio.<Integer>publisher(out -> await(out.emit(1)))));
        loop.close();
        JavaSubscriber<Integer> subscriber = new JavaSubscriber<>();
        pub.subscribe(subscriber);
        assertEquals(List.of("onSubscribe", "onError java.lang.IllegalStateException: the event loop of this publisher is closed"),
                subscriber.events);
    }
}
