package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test thread is a plain thread; the loop runs forever in a thread of its own. */
@Timeout(30)
class RunCoroutineThreadsafeTest {
    private EventLoop loop;
    private Thread loopThread;

    @BeforeEach
    void startLoopInItsOwnThread() throws InterruptedException {
        loop = newEventLoop();
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoonThreadsafe(running::countDown);
        loopThread = Thread.ofPlatform().name("loop-thread").start(loop::runForever);
        assertTrue(running.await(10, TimeUnit.SECONDS));
    }

    @AfterEach
    void stopTheLoop() throws InterruptedException {
        loop.callSoonThreadsafe(loop::stop);
        loopThread.join();
        loop.close();
    }

    @Test
    void theCoroutineRunsAsATaskOnTheLoopThreadAndItsResultCompletesTheFuture() throws Exception {
        CompletableFuture<String> result = runCoroutineThreadsafe(async(() -> {
            await(sleep(0.01));
            return Thread.currentThread().getName() + " in " + currentTask().getName();
        }), loop);
        String value = result.get(10, TimeUnit.SECONDS);
        assertTrue(value.startsWith("loop-thread in Task-"), value);
    }

    @Test
    void theCoroutinesExceptionCompletesTheFutureExceptionally() throws InterruptedException {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        CompletableFuture<Object> result = runCoroutineThreadsafe(async(() -> {
            await(sleep(0));
            throw boom;
        }), loop);
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
    }

    @Test
    void cancellingTheFutureCancelsTheTask() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelledAtItsAwait = new CountDownLatch(1);
        CompletableFuture<Void> result = runCoroutineThreadsafe(async(() -> {
            started.countDown();
            try {
                await(sleep(60));
            } catch (CancelledError e) {
                cancelledAtItsAwait.countDown();
                throw e;
            }
        }), loop);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(result.cancel(true));
        assertTrue(cancelledAtItsAwait.await(10, TimeUnit.SECONDS), "the task got CancelledError at its await");
        assertThrows(CancellationException.class, result::join);
    }

    @Test
    void aTaskCancelledOnTheLoopCancelsTheFuture() {
        CompletableFuture<Void> result = runCoroutineThreadsafe(async(() -> {
            currentTask().cancel();
            await(sleep(0));
        }), loop);
        assertThrows(CancellationException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(result.isCancelled());
    }

    @Test
    void aClosedLoopIsRefusedAtOnce() {
        EventLoop closed = newEventLoop();
        closed.close();
        Coroutine<Integer> coro = async(() -> 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runCoroutineThreadsafe(coro, closed));
        assertEquals("Event loop is closed", e.getMessage());
    }
}
