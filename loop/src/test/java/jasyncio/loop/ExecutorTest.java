package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExecutorTest {
    @Test
    void toThreadRunsOnAnotherThreadWhileTheLoopRunsOtherTasks() {
        Thread loopThread = Thread.currentThread();
        String worker = run(async(() -> {
            CountDownLatch releasedByTheLoop = new CountDownLatch(1);
            Coroutine<String> blocking = toThread(() -> {
                // Only a task on the loop can open this latch: the loop must keep running.
                assertTrue(releasedByTheLoop.await(10, TimeUnit.SECONDS));
                return Thread.currentThread().getName();
            });
            Task<Void> other = createTask(async(() -> {
                await(sleep(0.01));
                await(sleep(0.01));
                releasedByTheLoop.countDown();
            }));
            String name = await(blocking);
            assertTrue(other.isDone());
            assertNotEquals(loopThread.getName(), name);
            return name;
        }));
        assertTrue(worker.startsWith("asyncio_"), worker);
    }

    /**
     * The default executor makes a virtual thread per job: 300 jobs that all block at once (each
     * waits until all 300 have arrived, which a bounded pool could never reach) hold no platform
     * thread each.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void blockingJobsOnTheDefaultExecutorEachGetAVirtualThread() {
        int n = 300;
        CountDownLatch allBlocked = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        int[] platform = new int[2];
        java.util.List<String> kinds = run(async(() -> {
            platform[0] = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
            java.util.List<Coroutine<String>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                jobs.add(toThread(() -> {
                    allBlocked.countDown();
                    release.await(); // blocks: a JDBC call, a file read
                    return (Thread.currentThread().isVirtual() ? "virtual " : "platform ") + Thread.currentThread().getName();
                }));
            }
            Future<java.util.List<String>> all = gather(jobs);
            await(toThread(() -> {
                allBlocked.await();
                platform[1] = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
                release.countDown();
                return null;
            }));
            return await(all);
        }));
        assertEquals(n, kinds.size());
        assertTrue(kinds.stream().allMatch(k -> k.startsWith("virtual asyncio_")), kinds.get(0));
        assertTrue(platform[1] - platform[0] < 20, "platform threads " + platform[0] + " -> " + platform[1]
                + " with " + n + " jobs blocked");
    }

    /** Runs {@code make} with the property set to "platform", and makes the default pool there (it reads the property when made). */
    private static EventLoop withPlatformExecutor(java.util.function.Supplier<EventLoop> make) {
        String before = System.getProperty(DefaultExecutor.PROPERTY);
        System.setProperty(DefaultExecutor.PROPERTY, "platform");
        try {
            EventLoop loop = make.get();
            loop.runInExecutor(null, () -> null); // the pool is made now, while the property says platform
            return loop;
        } finally {
            if (before == null) {
                System.clearProperty(DefaultExecutor.PROPERTY);
            } else {
                System.setProperty(DefaultExecutor.PROPERTY, before);
            }
        }
    }

    @Test
    void thePropertyAsksForCPythonsPoolOfPlatformThreads() {
        EventLoop platformLoop = withPlatformExecutor(EventLoop::new);
        try {
            String kind = platformLoop.runUntilComplete(toThread(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform"));
            assertEquals("platform", kind);
        } finally {
            platformLoop.close();
        }
        String before = System.getProperty(DefaultExecutor.PROPERTY);
        System.setProperty(DefaultExecutor.PROPERTY, "platform");
        try {
            assertTrue(new DefaultExecutor(null).describe().startsWith("platform threads (a pool of "));
        } finally {
            if (before == null) {
                System.clearProperty(DefaultExecutor.PROPERTY);
            } else {
                System.setProperty(DefaultExecutor.PROPERTY, before);
            }
        }
        EventLoop loop = new EventLoop();
        try {
            assertTrue(loop.defaultExecutorDescription().startsWith("virtual threads"), loop.defaultExecutorDescription());
            ExecutorService pool = Executors.newFixedThreadPool(1);
            loop.setDefaultExecutor(pool);
            assertTrue(loop.defaultExecutorDescription().startsWith("set with setDefaultExecutor: "),
                    loop.defaultExecutorDescription());
            pool.shutdown();
        } finally {
            loop.close();
        }
    }

    @Test
    void anExceptionInTheCallableReachesTheAwaiterUnchanged() {
        run(async(() -> {
            IOException e = assertThrows(IOException.class, () -> await(toThread(() -> {
                throw new IOException("disk gone");
            })));
            assertEquals("disk gone", e.getMessage());
        }));
    }

    @Test
    void runnerCloseWaitsForTheDefaultExecutorAndShutsItDown() throws InterruptedException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean jobFinished = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        run(async(() -> {
            // Left running when the main task returns: close() must still wait for it.
            getRunningLoop().runInExecutor(null, () -> {
                worker.set(Thread.currentThread());
                started.countDown();
                Thread.sleep(50);
                jobFinished.set(true);
                return null;
            });
            await(toThread(() -> started.await(10, TimeUnit.SECONDS)));
        }));
        assertTrue(jobFinished.get(), "Runner.close awaited shutdownDefaultExecutor");
        worker.get().join(10_000);
        assertFalse(worker.get().isAlive(), "the default executor's threads are gone");
    }

    /** CPython's pool (the property's "platform"): an idle thread waits for work until the loop closes. */
    @Test
    void loopCloseShutsTheDefaultExecutorDown() throws InterruptedException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        EventLoop loop = withPlatformExecutor(EventLoop::new);
        loop.runUntilComplete(async(() -> {
            await(getRunningLoop().runInExecutor(null, () -> {
                worker.set(Thread.currentThread());
                return null;
            }));
        }));
        assertTrue(worker.get().isAlive(), "an idle pool thread waits for work");
        loop.close();
        worker.get().join(10_000);
        assertFalse(worker.get().isAlive());
    }

    @Test
    void afterShutdownTheDefaultExecutorIsRefused() {
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            await(toThread(() -> 1));
            await(loop.shutdownDefaultExecutor(null));
            assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
        }));
    }

    @Test
    void aGivenExecutorIsUsedAndACancelledJobNeverRuns() throws InterruptedException {
        ExecutorService single = Executors.newSingleThreadExecutor(r -> new Thread(r, "given-executor"));
        AtomicBoolean secondRan = new AtomicBoolean();
        try {
            run(async(() -> {
                EventLoop loop = getRunningLoop();
                CountDownLatch release = new CountDownLatch(1);
                Future<String> first = loop.runInExecutor(single, () -> {
                    release.await(10, TimeUnit.SECONDS);
                    return Thread.currentThread().getName();
                });
                Future<Object> second = loop.runInExecutor(single, () -> secondRan.getAndSet(true));
                second.cancel(); // still queued behind the first
                await(sleep(0)); // done callbacks run on the next iteration: now the job is cancelled
                release.countDown();
                assertEquals("given-executor", await(first));
                assertTrue(second.isCancelled());
            }));
            single.submit(() -> null).get(10, TimeUnit.SECONDS); // every job before it has been taken
        } catch (Exception e) {
            fail(e);
        } finally {
            single.shutdown();
        }
        assertFalse(secondRan.get(), "cancelling the loop future cancelled the queued job");
    }
}
