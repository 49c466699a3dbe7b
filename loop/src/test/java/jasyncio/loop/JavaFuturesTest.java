package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The border with Java's own futures (asyncio's wrap_future and _chain_future): await and
 * wrapFuture of CompletableFutures completed on other threads, cancellation both ways, and a
 * loop Task handed to Java as a CompletableFuture. Other threads are real executors; nothing
 * waits on time (a future that must not complete simply never is).
 */
@Timeout(60)
class JavaFuturesTest {
    private final ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-thread"));

    @AfterEach
    void stopTheOtherThread() {
        other.shutdownNow();
    }

    /** A CompletableFuture that the other thread completes with {@code value} once {@code go} opens. */
    private CompletableFuture<String> completedLater(CountDownLatch go, String value) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return value;
        }, other);
    }

    @Test
    void awaitOfACompletableFutureCompletedOnAnotherThreadResumesOnTheLoopThread() {
        List<String> threads = new ArrayList<>();
        Thread loopThread = Thread.currentThread(); // run() runs the loop here (a coroutine body may run elsewhere: ThreadCoroutine)
        String value = run(async(() -> {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<String> cf = completedLater(go, "hello");
            Future<String> wrapped = wrapFuture(cf);
            cf.whenComplete((v, e) -> threads.add("completed on " + Thread.currentThread().getName()));
            wrapped.addDoneCallback(f -> threads.add("done callback on the loop thread: " + (Thread.currentThread() == loopThread)));
            go.countDown();
            String result = await(wrapped);
            threads.add("awaiter resumed on " + (Thread.currentThread().getName().equals("other-thread") ? "the completing thread" : "its own thread"));
            await(sleep(0)); // the wrapped future's done callback runs
            return result;
        }));
        assertEquals("hello", value);
        assertEquals(List.of("completed on other-thread", "done callback on the loop thread: true",
                "awaiter resumed on its own thread"), threads);
    }

    @Test
    void theOutcomeCrossesToTheLoopThroughCallSoonThreadsafe() {
        EventLoop loop = new EventLoop();
        List<String> scheduled = new ArrayList<>();
        loop.setObserver(new LoopObserver() {
            @Override
            public void handleScheduled(Handle handle, int readyLength) {
                scheduled.add(handle.callbackName());
            }
        });
        try {
            CountDownLatch go = new CountDownLatch(1);
            Integer result = loop.runUntilComplete(async(() -> {
                CompletableFuture<Integer> cf = CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return 42;
                }, other);
                Future<Integer> wrapped = wrapFuture(cf); // wrapped while pending: the outcome must cross
                go.countDown();
                return await(wrapped);
            }));
            assertEquals(42, result);
        } finally {
            loop.close();
        }
        assertTrue(scheduled.contains("_chain_future._set_state"), scheduled.toString());
    }

    @Test
    void anAlreadyCompletedFutureIsAwaitedWithoutSuspending() {
        EventLoop loop = new EventLoop();
        List<Future<?>> waits = new ArrayList<>();
        loop.setObserver(new LoopObserver() {
            @Override
            public void taskSuspended(Task<?> task, Future<?> awaiting) {
                waits.add(awaiting);
            }
        });
        try {
            assertEquals(5, loop.runUntilComplete(async(() -> await(CompletableFuture.completedFuture(5)))));
        } finally {
            loop.close();
        }
        assertEquals(List.of(), waits, "the task never suspended");
    }

    @Test
    void anExceptionKeepsItsTypeAndIsUnwrappedFromCompletionException() {
        IOException refused = new IOException("connection refused");
        run(async(() -> {
            // completed exceptionally on another thread: the very exception arrives
            CompletableFuture<String> direct = new CompletableFuture<>();
            other.execute(() -> direct.completeExceptionally(refused));
            Exception e1 = assertThrows(Exception.class, () -> await(direct));
            assertSame(refused, e1);
            // a dependent stage sees the failure wrapped in CompletionException: unwrapped here
            CompletableFuture<String> source = new CompletableFuture<>();
            CompletableFuture<Integer> dependent = source.thenApply(String::length);
            other.execute(() -> source.completeExceptionally(refused));
            Exception e2 = assertThrows(Exception.class, () -> await(dependent));
            assertSame(refused, e2);
            // an exception thrown inside supplyAsync (wrapped by the JDK) keeps its type and cause
            CompletableFuture<String> thrown = CompletableFuture.supplyAsync(() -> {
                throw new UncheckedIOException(refused);
            }, other);
            UncheckedIOException e3 = assertThrows(UncheckedIOException.class, () -> await(thrown));
            assertSame(refused, e3.getCause());
            // a CompletionStage that is not a Future (minimalCompletionStage) too
            CompletableFuture<String> failing = new CompletableFuture<>();
            CompletionStage<String> minimal = failing.minimalCompletionStage();
            other.execute(() -> failing.completeExceptionally(refused));
            assertSame(refused, assertThrows(Exception.class, () -> await(minimal)));
        }));
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheCompletableFuture() {
        run(async(() -> {
            CompletableFuture<String> never = new CompletableFuture<>();
            List<String> seen = new ArrayList<>();
            Task<String> waiter = createTask(async(() -> {
                try {
                    return await(never);
                } catch (CancelledError e) {
                    seen.add("CancelledError at the await");
                    throw e;
                }
            }));
            await(sleep(0)); // the waiter suspends in await(never)
            waiter.cancel();
            assertThrows(CancelledError.class, () -> await(waiter));
            assertEquals(List.of("CancelledError at the await"), seen);
            assertTrue(never.isCancelled(), "the CompletableFuture was cancelled too");
        }));
    }

    @Test
    void aWaitForTimeoutCancelsTheCompletableFuture() {
        run(async(() -> {
            CompletableFuture<String> never = new CompletableFuture<>();
            assertThrows(TimeoutError.class, () -> await(waitFor(never, 0.01)));
            await(sleep(0)); // _call_check_cancel runs on the next iteration
            assertTrue(never.isCancelled());

            CompletableFuture<String> neverEither = new CompletableFuture<>();
            assertThrows(TimeoutError.class, () -> {
                try (var t = timeout(0.01)) {
                    await(neverEither);
                }
            });
            await(sleep(0));
            assertTrue(neverEither.isCancelled());

            CompletableFuture<String> inTime = new CompletableFuture<>();
            inTime.complete("in time");
            assertEquals("in time", await(waitFor(inTime, 10.0)));
        }));
    }

    @Test
    void aCompletableFutureCancelledFromAnotherThreadRaisesCancelledErrorInTheAwaiter() {
        run(async(() -> {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Future<String> wrapped = wrapFuture(cf);
            other.execute(() -> cf.cancel(true));
            assertThrows(CancelledError.class, () -> await(wrapped));
            assertTrue(wrapped.isCancelled());
        }));
    }

    @Test
    void gatherTakesJavaFuturesDirectlyAndKeepsTheirOrderAndExceptionType() {
        run(async(() -> {
            CompletableFuture<String> slow = new CompletableFuture<>();
            CompletionStage<String> fast = CompletableFuture.supplyAsync(() -> "fast", other);
            Future<List<String>> both = gather(slow, fast);
            other.execute(() -> slow.complete("slow"));
            assertEquals(List.of("slow", "fast"), await(both));

            CompletableFuture<String> failing = new CompletableFuture<>();
            Future<List<String>> broken = gather(failing, CompletableFuture.completedFuture("ok"));
            other.execute(() -> failing.completeExceptionally(new java.io.FileNotFoundException("gone")));
            Throwable raised = assertThrows(Throwable.class, () -> await(broken));
            assertEquals(java.io.FileNotFoundException.class, raised.getClass());
            return null;
        }));
    }

    @Test
    void gatherWaitAsCompletedAndShieldTakeWrappedFutures() {
        run(async(() -> {
            List<CompletableFuture<Integer>> cfs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                cfs.add(new CompletableFuture<>());
            }
            Future<List<Integer>> all = gather(wrapFutures(cfs));
            for (int i = 4; i >= 0; i--) { // completed in reverse order, on the other thread
                int k = i;
                other.execute(() -> cfs.get(k).complete(k * 10));
            }
            assertEquals(List.of(0, 10, 20, 30, 40), await(all));

            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            List<Future<String>> wrapped = wrapFutures(List.of(first, second));
            other.execute(() -> second.complete("second"));
            var result = await(waitFutures(wrapped, FIRST_COMPLETED));
            assertEquals(1, result.done().size());
            assertEquals("second", result.done().iterator().next().result());

            List<String> order = new ArrayList<>();
            other.execute(() -> first.complete("first"));
            for (Coroutine<String> next : asCompleted(wrapFutures(List.of(first, second)))) {
                order.add(await(next));
            }
            assertEquals(2, order.size());

            CompletableFuture<String> precious = new CompletableFuture<>();
            Task<String> impatient = createTask(async(() -> await(shield(precious))));
            await(sleep(0));
            impatient.cancel();
            assertThrows(CancelledError.class, () -> await(impatient));
            await(sleep(0));
            assertFalse(precious.isCancelled(), "the shield kept the cancel from the Java future");
        }));
    }

    @Test
    void aTaskGroupAbortCancelsTheJavaFuturesInIt() {
        CompletableFuture<String> slow = new CompletableFuture<>();
        ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> run(async(() -> {
            await(taskGroup(tg -> {
                tg.createTask(slow);
                tg.createTask(CompletableFuture.<String>failedFuture(new IOException("boom")));
            }));
        })));
        assertEquals(1, group.exceptions().size());
        assertInstanceOf(IOException.class, group.exceptions().get(0));
        assertTrue(slow.isCancelled(), "the group's abort cancelled the pending CompletableFuture");
    }

    @Test
    void aPlainFutureIsWaitedForOnAVirtualThreadAndCancelledWithAnInterrupt() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            run(async(() -> {
                java.util.concurrent.Future<Integer> quick = pool.submit(() -> 7);
                assertEquals(7, await(quick));

                java.util.concurrent.Future<Integer> blocked = pool.submit(() -> {
                    try {
                        new CountDownLatch(1).await(); // until interrupted
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return -1;
                });
                assertThrows(TimeoutError.class, () -> await(waitFor(wrapFuture(blocked), 0.01)));
            }));
            assertTrue(interrupted.await(30, TimeUnit.SECONDS), "cancel(true) interrupted the job");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Under virtual time a pending Java future holds the clock: the loop waits for real (the
     * reply may come from the network) instead of jumping to the waitFor's deadline. The reply
     * is sent only once the loop has entered such a real wait; had it jumped, waitFor would
     * have raised TimeoutError without any wait. Once the loop side is cancelled, nothing holds.
     */
    @Test
    void aPendingJavaFutureHoldsVirtualTimeUntilItsOutcomeOrItsCancel() {
        double hour = 3600;
        EventLoop loop = new EventLoop();
        loop.useVirtualTime(true);
        CompletableFuture<String> reply = new CompletableFuture<>();
        Thread replier = new Thread(() -> reply.complete("a real reply"));
        loop.setObserver(new LoopObserver() {
            @Override
            public void waitEntered(double timeoutSeconds) {
                if (timeoutSeconds > 0 && replier.getState() == Thread.State.NEW) {
                    replier.start();
                }
            }
        });
        try {
            assertEquals("a real reply", loop.runUntilComplete(async(() -> await(waitFor(reply, hour)))));
            CompletableFuture<String> never = new CompletableFuture<>();
            assertThrows(TimeoutError.class, () -> loop.runUntilComplete(async(() -> await(waitFor(never, 0.01)))));
            double before = loop.time();
            loop.runUntilComplete(sleep(hour)); // the cancelled wrap no longer holds: the clock jumps
            assertEquals(hour, loop.time() - before, 1e-6);
            assertTrue(never.isCancelled());
        } finally {
            loop.close();
        }
    }

    @Test
    void awaitOfAJavaFutureOutsideACoroutineSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(new CompletableFuture<String>()));
        assertTrue(e.getMessage().contains("outside a coroutine"), e.getMessage());
    }

    @Test
    void aCompletionAfterTheLoopClosedIsDroppedWithoutAnError() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        EventLoop loop = new EventLoop();
        Future<String> wrapped = loop.runUntilComplete(async(() -> wrapFuture(cf)));
        loop.close();
        assertTrue(cf.complete("late"), "completing on the caller's thread does not throw");
        assertFalse(wrapped.isDone());
    }

    // ---- the other way: a loop Task as a CompletableFuture ----

    @Test
    void aTaskAsACompletableFutureCompletesOnTheLoopThreadWithItsOutcome() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread loopThread = Thread.currentThread();
        run(async(() -> {
            Task<Integer> task = createTask(async(() -> {
                await(sleep(0));
                return 6 * 7;
            }));
            CompletableFuture<Integer> cf = task.toCompletableFuture();
            CompletableFuture<String> dependent = cf.thenApply(v -> {
                seen.add("dependent ran on the loop thread: " + (Thread.currentThread() == loopThread));
                return "got " + v;
            });
            assertEquals("got 42", await(dependent));

            IllegalStateException boom = new IllegalStateException("boom");
            CompletableFuture<Object> failed = createTask(async(() -> {
                await(sleep(0));
                throw boom;
            })).toCompletableFuture();
            CompletionException wrapped = assertThrows(CompletionException.class,
                    () -> await(toThread(failed::join)));
            assertSame(boom, wrapped.getCause(), "join wraps it as Java does; the cause is the task's exception");

            Task<Object> cancelled = createTask(async(() -> await(sleep(60))));
            CompletableFuture<Object> cfOfCancelled = cancelled.toCompletableFuture();
            await(sleep(0));
            cancelled.cancel();
            assertThrows(CancellationException.class, () -> await(toThread(cfOfCancelled::join)));
        }));
        assertEquals(List.of("dependent ran on the loop thread: true"), seen);
    }

    @Test
    void cancellingTheCompletableFutureFromAnotherThreadCancelsTheTask() {
        List<String> seen = new ArrayList<>();
        run(async(() -> {
            Task<Object> task = createTask(async(() -> {
                try {
                    return await(sleep(60));
                } catch (CancelledError e) {
                    seen.add("the task got CancelledError at its await");
                    throw e;
                }
            }));
            CompletableFuture<Object> cf = task.toCompletableFuture();
            await(sleep(0));
            assertTrue(await(toThread(() -> cf.cancel(true))));
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(task.isCancelled());

            // and from the loop thread itself: the cancel is requested at once
            Task<Object> second = createTask(async(() -> await(sleep(60))));
            await(sleep(0));
            second.toCompletableFuture().cancel(false);
            assertEquals(1, second.cancelling(), "requested in the cancel call itself");
            assertThrows(CancelledError.class, () -> await(second));
        }));
        assertEquals(List.of("the task got CancelledError at its await"), seen);
    }

    @Test
    void aTaskResultReachesJavaCodeOnAnotherThread() throws Exception {
        EventLoop loop = new EventLoop();
        CompletableFuture<CompletableFuture<String>> handedOver = new CompletableFuture<>();
        CompletableFuture<String> seenByJava = handedOver.thenCompose(cf -> cf);
        loop.runUntilComplete(async(() -> {
            Task<String> task = createTask(async(() -> {
                await(sleep(0));
                return "from the loop";
            }));
            handedOver.complete(task.toCompletableFuture());
            await(task);
            await(sleep(0)); // the done callback that completes the CompletableFuture
        }));
        loop.close();
        assertEquals("from the loop", seenByJava.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFutureTaskOutcomeKeepsItsExceptionType() throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            run(async(() -> {
                java.util.concurrent.Future<Object> failing = pool.submit(() -> {
                    throw new IOException("disk");
                });
                IOException e = assertThrows(IOException.class, () -> {
                    try {
                        await(failing);
                    } catch (Exception raised) {
                        throw raised;
                    }
                });
                assertEquals("disk", e.getMessage());
            }));
        } finally {
            pool.shutdownNow();
        }
    }

    /** ExecutionException is unwrapped too (a Future.get() failure seen by a dependent). */
    @Test
    void unwrapRemovesNestedWrappers() {
        IOException cause = new IOException("x");
        assertSame(cause, ChainedFuture.unwrap(new CompletionException(new ExecutionException(cause))));
        CompletionException bare = new CompletionException("no cause", null);
        assertSame(bare, ChainedFuture.unwrap(bare));
    }
}
