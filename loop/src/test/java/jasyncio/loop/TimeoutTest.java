package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    @Test
    void tryWithResourcesRaisesTimeoutErrorOutOfTheBlock() {
        run(async(() -> {
            Timeout[] seen = new Timeout[1];
            double start = getRunningLoop().time();
            TimeoutError e = assertThrows(TimeoutError.class, () -> {
                try (Timeout t = timeout(0.05)) {
                    seen[0] = t;
                    await(sleep(10));
                }
            });
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(seen[0].expired());
            assertTrue(getRunningLoop().time() - start < 5);
            assertEquals(0, currentTask().cancelling());
            await(sleep(0.001)); // the task is not left cancelled
        }));
    }

    @Test
    void aBlockThatFinishesInTimeIsUntouched() {
        run(async(() -> {
            Timeout t;
            try (Timeout entered = timeout(5)) {
                t = entered;
                await(sleep(0.01));
            }
            assertFalse(t.expired());
            assertEquals(0, currentTask().cancelling());
            assertEquals("<Timeout [finished]>", t.toString());
            assertTrue(getRunningLoop().scheduledTimers().isEmpty(), "the timer is cancelled on exit");
        }));
    }

    @Test
    void lambdaFormShowsTheBodyACancelledErrorThenRaisesTimeoutError() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            assertThrows(TimeoutError.class, () -> await(timeout(0.05, () -> {
                try {
                    await(sleep(10));
                } catch (Exception broad) {
                    log.add("swallowed by catch (Exception)");
                } catch (CancelledError cancelled) {
                    log.add("body saw CancelledError");
                    throw cancelled;
                }
            })));
            assertEquals(0, currentTask().cancelling());
        }));
        assertEquals(List.of("body saw CancelledError"), log);
    }

    @Test
    void lambdaFormReturnsTheBodysValue() {
        assertEquals(5, run(async(() -> await(timeout(1, () -> await(sleep(0.01, 5)))))));
    }

    @Test
    void tryWithResourcesFormRaisesTimeoutErrorAtTheAwait() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            assertThrows(TimeoutError.class, () -> {
                try (Timeout t = timeout(0.05)) {
                    try {
                        await(sleep(10));
                    } catch (TimeoutError atTheAwait) {
                        log.add("await raised TimeoutError");
                        throw atTheAwait;
                    }
                }
            });
        }));
        assertEquals(List.of("await raised TimeoutError"), log);
    }

    @Test
    void aCancellationFromOutsideIsNotMistakenForTheTimeout() {
        for (boolean lambdaForm : new boolean[] {false, true}) {
            run(async(() -> {
                Task<Void> worker = createTask(async(() -> {
                    if (lambdaForm) {
                        await(timeout(10, () -> {
                            await(sleep(10));
                        }));
                    } else {
                        try (Timeout t = timeout(10)) {
                            await(sleep(10));
                        }
                    }
                }));
                await(sleep(0.01));
                worker.cancel();
                assertThrows(CancelledError.class, () -> await(worker));
                assertTrue(worker.isCancelled(), "lambda form " + lambdaForm);
            }));
        }
    }

    @Test
    void anOutsideCancelArrivingWithTheTimeoutWins() {
        for (boolean lambdaForm : new boolean[] {false, true}) {
            run(async(() -> {
                EventLoop loop = getRunningLoop();
                double deadline = loop.time() + 0.05;
                // Due at the same time and run in the same iteration: the worker gets two cancel requests.
                Task<?>[] worker = new Task<?>[1];
                loop.callAt(deadline, () -> worker[0].cancel());
                worker[0] = createTask(async(() -> {
                    Timeout t = new Timeout(deadline);
                    if (lambdaForm) {
                        await(t.run(() -> await(sleep(10))));
                    } else {
                        try (Timeout entered = t.enter()) {
                            await(sleep(10));
                        }
                    }
                }));
                Throwable outcome = assertThrows(Throwable.class, () -> await(worker[0]));
                assertInstanceOf(CancelledError.class, outcome, "lambda form " + lambdaForm);
            }));
        }
    }

    @Test
    void nestedTimeoutsTheOuterOneExpiringConvertsAndTheInnerLetsItPass() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            assertThrows(TimeoutError.class, () -> await(timeout(0.05, () -> {
                try {
                    await(timeout(10, () -> await(sleep(10))));
                } catch (TimeoutError wrong) {
                    log.add("inner raised TimeoutError");
                } catch (CancelledError right) {
                    log.add("inner let CancelledError pass");
                    throw right;
                }
            })));
        }));
        assertEquals(List.of("inner let CancelledError pass"), log);
    }

    @Test
    void nestedTimeoutsExpiringTogetherTheOutermostConverts() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            double now = loop.time();
            assertThrows(TimeoutError.class, () -> await(new Timeout(now).run(() -> {
                try {
                    await(new Timeout(now).run(() -> await(sleep(10))));
                } catch (CancelledError passedThrough) {
                    log.add("inner passed CancelledError");
                    throw passedThrough;
                }
                return null;
            })));
            assertEquals(0, currentTask().cancelling());
            // The same with try-with-resources: TimeoutError out of the outer block, count restored.
            assertThrows(TimeoutError.class, () -> {
                try (Timeout outer = timeoutAt(loop.time()); Timeout inner = timeoutAt(loop.time())) {
                    await(sleep(10));
                }
            });
            assertEquals(0, currentTask().cancelling());
        }));
        assertEquals(List.of("inner passed CancelledError"), log);
    }

    @Test
    void rescheduleMovesTheDeadline() {
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            try (Timeout t = timeout(0.02)) {
                t.reschedule(loop.time() + 10);
                await(sleep(0.05)); // past the first deadline
                assertFalse(t.expired());
                t.reschedule(null);
                assertNull(t.when());
                await(sleep(0.01));
            }
            assertThrows(TimeoutError.class, () -> {
                try (Timeout t = timeout((Double) null)) {
                    t.reschedule(loop.time() + 0.02);
                    await(sleep(10));
                }
            });
        }));
    }

    @Test
    void aDeadlineAlreadyPastExpiresAtTheNextAwait() {
        run(async(() -> {
            assertThrows(TimeoutError.class, () -> {
                try (Timeout t = timeoutAt(getRunningLoop().time() - 1)) {
                    await(sleep(0));
                }
            });
        }));
    }

    @Test
    void misuseIsReported() {
        run(async(() -> {
            Timeout t = new Timeout(null);
            assertThrows(IllegalStateException.class, () -> t.reschedule(1.0), "not entered");
            try (Timeout entered = t.enter()) {
                assertThrows(IllegalStateException.class, t::enter, "entered twice");
            }
            assertThrows(IllegalStateException.class, () -> t.reschedule(1.0), "finished");
        }));
        assertThrows(IllegalStateException.class, new Timeout(null)::enter, "outside a task");
    }

    @Test
    void anotherExceptionFromTheBodyIsKept() {
        run(async(() -> {
            assertThrows(IllegalArgumentException.class, () -> await(timeout(0.02, () -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    throw new IllegalArgumentException("cleanup failed");
                }
            })));
            assertEquals(0, currentTask().cancelling());
        }));
    }
}
