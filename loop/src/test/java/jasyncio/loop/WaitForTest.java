package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitForTest {
    @Test
    void returnsTheResultInTime() {
        assertEquals("ok", run(async(() -> await(waitFor(sleep(0.01, "ok"), 5)))));
    }

    @Test
    void onTimeoutCancelsTheInnerTaskWaitsForItThenRaisesTimeoutError() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<String> inner = createTask(async(() -> {
                try {
                    await(sleep(10));
                    return "never";
                } finally {
                    await(sleep(0.01)); // cleanup that itself awaits: waitFor must wait for it
                    log.add("inner finally");
                }
            }));
            double start = getRunningLoop().time();
            TimeoutError e = assertThrows(TimeoutError.class, () -> await(waitFor(inner, 0.05)));
            log.add("timeout");
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(inner.isCancelled(), inner.toString());
            assertTrue(getRunningLoop().time() - start < 5);
            assertEquals(0, currentTask().cancelling(), "the timeout took its cancel request back");
        }));
        assertEquals(List.of("inner finally", "timeout"), log);
    }

    @Test
    void anInnerTaskThatIgnoresCancellationGivesItsResult() {
        String result = run(async(() -> {
            Task<String> stubborn = createTask(async(() -> {
                try {
                    await(sleep(10));
                    return "finished";
                } catch (CancelledError ignored) {
                    return "ignored the cancel";
                }
            }));
            String r = await(waitFor(stubborn, 0.05));
            assertFalse(stubborn.isCancelled());
            assertEquals(0, currentTask().cancelling());
            return r;
        }));
        assertEquals("ignored the cancel", result);
    }

    @Test
    void aCoroutineRunsInTheAwaitingTaskAndIsInterrupted() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<?> me = currentTask();
            assertThrows(TimeoutError.class, () -> await(waitFor(async(() -> {
                assertSame(me, currentTask(), "3.12: a coroutine is awaited inline, not wrapped in a task");
                try {
                    await(sleep(10));
                } catch (Exception broad) {
                    log.add("caught as Exception"); // must not happen: CancelledError is not an Exception
                } finally {
                    log.add("finally");
                }
            }), 0.05)));
        }));
        assertEquals(List.of("finally"), log);
    }

    @Test
    void nullTimeoutWaitsWithoutLimit() {
        assertEquals(7, run(async(() -> await(waitFor(sleep(0.02, 7), (Double) null)))));
    }

    @Test
    void zeroTimeoutReturnsADoneFuturesResultAtOnce() {
        run(async(() -> {
            Future<Integer> done = getRunningLoop().createFuture();
            done.setResult(3);
            assertEquals(3, await(waitFor(done, 0)));
            assertEquals(3, await(waitFor(done, -1)));
        }));
    }

    @Test
    void zeroTimeoutCancelsAPendingTaskAndRaisesTimeoutError() {
        run(async(() -> {
            Task<Void> pending = createTask(sleep(10));
            await(sleep(0));
            assertThrows(TimeoutError.class, () -> await(waitFor(pending, 0)));
            assertTrue(pending.isCancelled());
        }));
    }

    @Test
    void cancellingTheAwaiterCancelsTheInnerAndIsNotATimeout() {
        run(async(() -> {
            Task<Void> inner = createTask(sleep(10));
            Task<Void> outer = createTask(async(() -> {
                await(waitFor(inner, 10));
            }));
            await(sleep(0.01));
            outer.cancel();
            assertThrows(CancelledError.class, () -> await(outer));
            assertTrue(outer.isCancelled());
            assertTrue(inner.isCancelled());
        }));
    }

    @Test
    void theInnersExceptionPassesThrough() {
        run(async(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(waitFor(async(() -> {
                await(sleep(0));
                throw new IllegalStateException("inner failed");
            }), 5)));
            assertEquals("inner failed", e.getMessage());
        }));
    }
}
