package jasyncio.loop;

import static jasyncio.loop.LoopTesting.NOTHING;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** callSoonThreadsafe: the one way in from other threads, and the wake-up of a waiting loop. */
class ThreadsafeTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aCallbackFromAnotherThreadWakesALoopWaitingForALongTimer() throws Exception {
        loop.callLater(60, NOTHING);
        double millis = wakeUpLatencyMillis();
        System.out.printf("callSoonThreadsafe woke a loop waiting for a 60 s timer in %.3f ms%n", millis);
        assertTrue(millis < 1000, millis + " ms");
    }

    @Test
    void aCallbackFromAnotherThreadWakesALoopWithNothingScheduled() throws Exception {
        double millis = wakeUpLatencyMillis();
        System.out.printf("callSoonThreadsafe woke a loop waiting with nothing scheduled in %.3f ms%n", millis);
        assertTrue(millis < 1000, millis + " ms");
    }

    @Test
    void anInterruptOfAWaitingLoopIsAWakeUpNotASpin() throws Exception {
        Thread loopThread = Thread.currentThread();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpuNanos = new long[1];
        Thread other = Thread.ofPlatform().start(() -> {
            awaitBlockedInSelect(loopThread);
            loopThread.interrupt();
            long before = threads.getThreadCpuTime(loopThread.threadId());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            cpuNanos[0] = threads.getThreadCpuTime(loopThread.threadId()) - before;
            loop.callSoonThreadsafe(loop::stop);
        });
        loop.runForever();
        other.join();
        assertFalse(Thread.currentThread().isInterrupted(), "the loop consumed the interrupt");
        assertTrue(cpuNanos[0] < 100_000_000, "the loop spun for " + cpuNanos[0] / 1e6 + " ms of CPU after an interrupt");
    }

    /**
     * Runs the loop until another thread, once the loop is blocked in its wait, schedules a
     * callback that stops it; returns the time from callSoonThreadsafe to the callback.
     */
    private double wakeUpLatencyMillis() throws Exception {
        Thread loopThread = Thread.currentThread();
        long[] sentAt = new long[1];
        long[] ranAt = new long[1];
        Thread other = Thread.ofPlatform().start(() -> {
            awaitBlockedInSelect(loopThread);
            sentAt[0] = System.nanoTime();
            loop.callSoonThreadsafe(() -> {
                ranAt[0] = System.nanoTime();
                loop.stop();
            });
        });
        loop.runForever();
        other.join();
        return (ranAt[0] - sentAt[0]) / 1e6;
    }

    /** Waits (for at most 10 s) until the thread's stack shows it inside the selector's select. */
    private static void awaitBlockedInSelect(Thread thread) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Arrays.stream(thread.getStackTrace()).anyMatch(e -> e.getMethodName().equals("doSelect"))) {
                return;
            }
            Thread.yield();
        }
        throw new AssertionError("the loop never blocked in its selector");
    }

    @Test
    void callbacksFromManyThreadsAllRunEachThreadsInOrder() throws Exception {
        int threads = 4;
        int perThread = 1000;
        List<int[]> ran = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int sender = t;
            senders.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    loop.callSoonThreadsafe(() -> {
                        ran.add(new int[] {sender, n});
                        if (ran.size() == threads * perThread) {
                            loop.stop();
                        }
                    });
                }
            }));
        }
        loop.runForever();
        for (Thread t : senders) {
            t.join();
        }
        assertEquals(threads * perThread, ran.size());
        int[] next = new int[threads];
        for (int[] callback : ran) {
            assertEquals(next[callback[0]]++, callback[1], "thread " + callback[0] + "'s callbacks out of order");
        }
    }

    @Test
    void anotherThreadStopsTheLoopThroughCallSoonThreadsafe() throws Exception {
        Thread loopThread = Thread.currentThread();
        Thread other = Thread.ofPlatform().start(() -> {
            awaitBlockedInSelect(loopThread);
            loop.callSoonThreadsafe(loop::stop);
        });
        loop.runForever();
        other.join();
        assertFalse(loop.isRunning());
    }
}
