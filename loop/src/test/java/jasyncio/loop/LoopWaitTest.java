package jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's wait: the fine (park, then spin) stretch before a timer, its wake-ups, and timers never early. */
class LoopWaitTest {
    /** A fine stretch far longer than any wait in these tests, so every timed wait parks. */
    private static final long ALWAYS_FINE = TimeUnit.SECONDS.toNanos(600);

    private static double elapsedSince(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }

    /** Runs select(timeout) on another thread; returns its count of events, once the thread is parked. */
    private static CompletableFuture<Integer> selectParked(LoopWait wait, double timeout) throws InterruptedException {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                result.complete(wait.select(timeout));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        while (waiter.getState() != Thread.State.TIMED_WAITING && !result.isDone()) {
            Thread.onSpinWait();
        }
        return result;
    }

    @Test
    void aWakeUpFromAnotherThreadEndsAParkedWait() throws Exception {
        try (Selector selector = Selector.open()) {
            LoopWait wait = new LoopWait(selector, ALWAYS_FINE);
            long start = System.nanoTime();
            CompletableFuture<Integer> events = selectParked(wait, 300);
            assertFalse(events.isDone(), "the wait returned before the wake-up");
            wait.wakeUp();
            assertEquals(0, events.get(20, TimeUnit.SECONDS));
            assertTrue(elapsedSince(start) < 20, "woke only at its timeout");
        }
    }

    @Test
    void aWakeUpBeforeTheWaitMakesItReturnAtOnceUntilCleared() throws Exception {
        try (Selector selector = Selector.open()) {
            LoopWait wait = new LoopWait(selector, ALWAYS_FINE);
            wait.wakeUp();
            long start = System.nanoTime();
            assertEquals(0, wait.select(300));
            assertTrue(elapsedSince(start) < 20);
            wait.clearWakeUp();
            start = System.nanoTime();
            wait.select(0.003);
            assertTrue(elapsedSince(start) >= 0.003, "a cleared wake-up still ended the wait");
        }
    }

    @Test
    void aReadyChannelEndsAParkedWait() throws Exception {
        Pipe pipe = Pipe.open();
        try (Selector selector = Selector.open(); Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            source.register(selector, SelectionKey.OP_READ);
            LoopWait wait = new LoopWait(selector, ALWAYS_FINE);
            long start = System.nanoTime();
            CompletableFuture<Integer> events = selectParked(wait, 300);
            sink.write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, events.get(20, TimeUnit.SECONDS));
            assertTrue(elapsedSince(start) < 20);
        }
    }

    @Test
    void theFineWaitLastsUntilItsDeadline() throws Exception {
        try (Selector selector = Selector.open()) {
            LoopWait wait = new LoopWait(selector);
            for (double timeout : new double[] {0.0002, 0.0015, 0.0025, 0.004}) {
                long start = System.nanoTime();
                wait.select(timeout);
                assertTrue(elapsedSince(start) >= timeout, "returned before " + timeout);
            }
        }
    }

    @Test
    void timersRunNoEarlierThanTheirTimeAndAllRun() {
        try (EventLoop loop = new EventLoop()) {
            Random random = new Random(7);
            int n = 200;
            List<String> early = new ArrayList<>();
            int[] ran = {0};
            for (int i = 0; i < n; i++) {
                double when = loop.time() + random.nextDouble() * 0.02;
                loop.callAt(when, (Double due) -> {
                    double now = loop.time();
                    if (now + EventLoop.CLOCK_RESOLUTION < due) {
                        early.add(now + " < " + due);
                    }
                    if (++ran[0] == n) {
                        loop.stop();
                    }
                }, when);
            }
            loop.runForever();
            assertEquals(n, ran[0]);
            assertEquals(List.of(), early);
        }
    }
}
