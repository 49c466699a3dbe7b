package jasyncio.loop;

import static jasyncio.loop.LoopTesting.NOTHING;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** BaseEventLoop's scheduling: the ready queue, one iteration of runOnce, stop, and the loop's life cycle. */
class EventLoopTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void callSoonRunsCallbacksInTheOrderTheyWereScheduled() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.callSoon(() -> order.add(n));
        }
        loop.callSoon(order::add, 5); // the Consumer form takes its place in the same queue
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of(0, 1, 2, 3, 4, 5), order);
    }

    @Test
    void aCancelledHandleNeverRuns() {
        List<String> ran = new ArrayList<>();
        Handle cancelled = loop.callSoon(() -> ran.add("cancelled"));
        loop.callSoon(() -> ran.add("kept"));
        cancelled.cancel();
        loop.runOnce();
        assertEquals(List.of("kept"), ran);
        assertTrue(cancelled.isCancelled());
    }

    @Test
    void callbacksScheduledDuringAnIterationRunInTheNextOne() {
        List<Long> iterations = new ArrayList<>();
        loop.callSoon(() -> {
            iterations.add(loop.iteration());
            loop.callSoon(() -> {
                iterations.add(loop.iteration());
                loop.stop();
            });
        });
        loop.runForever();
        assertEquals(2, iterations.size());
        assertEquals(iterations.get(0) + 1, iterations.get(1));
    }

    @Test
    void runOnceRunsExactlyTheHandlesReadyAtItsStart() {
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            loop.callSoon(() -> {
                ran.add("first" + n);
                loop.callSoon(() -> ran.add("second" + n));
            });
        }
        loop.runOnce();
        assertEquals(List.of("first0", "first1", "first2"), ran);
        assertEquals(3, loop.readyHandles().size(), "what the first three scheduled waits for the next iteration");
        loop.runOnce();
        assertEquals(List.of("first0", "first1", "first2", "second0", "second1", "second2"), ran);
        assertTrue(loop.readyHandles().isEmpty());
    }

    @Test
    void stopRunsTheCurrentBatchAndLeavesWhatItScheduledForTheNextRun() {
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> {
            ran.add("a");
            loop.stop();
            loop.callSoon(() -> {
                ran.add("c");
                loop.stop();
            });
        });
        loop.callSoon(() -> ran.add("b")); // same batch as the stop: still runs
        loop.runForever();
        assertEquals(List.of("a", "b"), ran);
        assertFalse(loop.isRunning());
        loop.runForever();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void stopBeforeRunForeverPollsOnceWithoutWaiting() {
        List<Double> waits = recordWaits();
        List<String> ran = new ArrayList<>();
        loop.callLater(60, () -> ran.add("timer"));
        loop.callSoon(() -> ran.add("ready"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("ready"), ran);
        assertEquals(List.of(0.0), waits);
    }

    // ---- the wait of runOnce ----

    private List<Double> recordWaits() {
        List<Double> waits = new ArrayList<>();
        loop.setObserver(new LoopObserver() {
            @Override
            public void waitEntered(double timeoutSeconds) {
                waits.add(timeoutSeconds);
            }
        });
        return waits;
    }

    /** Records the wait's timeout, then wakes the wait at once, so a test of a long wait does not wait. */
    private List<Double> recordWaitsAndWakeUp() {
        List<Double> waits = new ArrayList<>();
        loop.setObserver(new LoopObserver() {
            @Override
            public void waitEntered(double timeoutSeconds) {
                waits.add(timeoutSeconds);
                loop.callSoonThreadsafe(NOTHING);
            }
        });
        return waits;
    }

    @Test
    void theWaitIsZeroWhenTheLoopIsStopping() {
        List<Double> waits = recordWaitsAndWakeUp();
        loop.callLater(60, NOTHING);
        loop.stop(); // nothing is ready, but the loop must not wait for the timer
        loop.runForever();
        assertEquals(List.of(0.0), waits);
    }

    @Test
    void theWaitIsZeroWhenHandlesAreReady() {
        List<Double> waits = recordWaits();
        loop.callLater(60, NOTHING);
        loop.callSoon(NOTHING);
        loop.runOnce();
        assertEquals(List.of(0.0), waits);
    }

    @Test
    void theWaitLastsUntilTheNextTimer() {
        List<Double> waits = recordWaits();
        loop.callLater(0.5, NOTHING);
        loop.callLater(0.05, NOTHING);
        loop.runOnce();
        assertEquals(1, waits.size());
        double timeout = waits.get(0);
        assertTrue(timeout > 0 && timeout <= 0.05, "timeout " + timeout + " should be the time to the soonest timer");
    }

    @Test
    void theWaitIsInfiniteWithNothingScheduled() {
        List<Double> waits = recordWaitsAndWakeUp();
        loop.runOnce();
        assertEquals(List.of(-1.0), waits);
    }

    @Test
    void theWaitIsCappedAtOneDay() {
        List<Double> waits = recordWaitsAndWakeUp();
        loop.callLater(3 * 24 * 3600, NOTHING);
        loop.runOnce();
        assertEquals(List.of(EventLoop.MAXIMUM_SELECT_TIMEOUT), waits);
    }

    @Test
    void aCancelledTimerIsNotWaitedFor() {
        List<Double> waits = recordWaitsAndWakeUp();
        loop.callLater(0.01, NOTHING).cancel();
        loop.runOnce();
        assertEquals(List.of(-1.0), waits, "the only timer is cancelled: nothing to wait for");
    }

    // ---- timers ----

    @Test
    void timersRunInTheOrderOfTheirTimesNotOfScheduling() {
        List<String> order = new ArrayList<>();
        loop.callLater(0.03, () -> order.add("c"));
        loop.callLater(0.01, () -> order.add("a"));
        loop.callLater(0.02, () -> order.add("b"));
        loop.callLater(0.04, loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "b", "c"), order);
    }

    @Test
    void timersDueAtTheSameTimeRunInSchedulingOrder() {
        List<Integer> order = new ArrayList<>();
        double when = loop.time() + 0.01;
        for (int i = 0; i < 10; i++) {
            loop.callAt(when, order::add, i);
        }
        loop.callAt(when, loop::stop);
        loop.runForever();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order);
    }

    @Test
    void aTimerNeverRunsBeforeItsTime() {
        List<Double> lateness = new ArrayList<>();
        for (double delay : new double[] {0.001, 0.01, 0.03}) {
            TimerHandle[] timer = new TimerHandle[1];
            timer[0] = loop.callLater(delay, () -> lateness.add(loop.time() - timer[0].when()));
        }
        loop.callLater(0.031, loop::stop);
        loop.runForever();
        assertEquals(3, lateness.size());
        for (double late : lateness) {
            assertTrue(late >= -EventLoop.CLOCK_RESOLUTION, "a timer ran " + (-late) + " s early");
        }
    }

    @Test
    void aCancelledTimerNeverRuns() {
        List<String> ran = new ArrayList<>();
        TimerHandle cancelled = loop.callLater(0.005, () -> ran.add("cancelled"));
        loop.callLater(0.01, () -> ran.add("kept"));
        loop.callLater(0.02, loop::stop);
        cancelled.cancel();
        loop.runForever();
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void aDueTimerCancelledByAnEarlierCallbackOfTheSameIterationDoesNotRun() {
        List<String> ran = new ArrayList<>();
        double when = loop.time();
        TimerHandle[] second = new TimerHandle[1];
        loop.callAt(when, () -> {
            ran.add("first");
            second[0].cancel();
        });
        second[0] = loop.callAt(when, () -> ran.add("second"));
        loop.runOnce(); // both are due: both move to the ready queue, the first cancels the second
        assertEquals(List.of("first"), ran);
        assertTrue(loop.readyHandles().isEmpty());
    }

    @Test
    void scheduledTimersListsTheLiveTimersSoonestFirst() {
        TimerHandle late = loop.callLater(30, NOTHING);
        TimerHandle cancelled = loop.callLater(10, NOTHING);
        TimerHandle soon = loop.callLater(20, NOTHING);
        cancelled.cancel();
        assertEquals(List.of(soon, late), loop.scheduledTimers());
    }

    @Test
    void cancelledTimersAtTheTopOfTheHeapAreDropped() {
        List<TimerHandle> timers = scheduleTimers(20);
        for (int i = 0; i < 10; i++) {
            timers.get(i).cancel(); // the ten soonest
        }
        loop.callSoon(NOTHING); // so that runOnce does not wait
        loop.runOnce();
        for (int i = 0; i < 20; i++) {
            assertEquals(i >= 10, timers.get(i).scheduled, "timer " + i + " in the heap");
        }
    }

    @Test
    void theHeapIsRebuiltWhenMoreThanHalfOfOverAHundredTimersAreCancelled() {
        List<TimerHandle> timers = scheduleTimers(150);
        // Cancel the latest 76 (more than half): none is at the heap's top, so only a rebuild drops them.
        for (int i = 74; i < 150; i++) {
            timers.get(i).cancel();
        }
        assertTrue(timers.get(149).scheduled);
        loop.callSoon(NOTHING);
        loop.runOnce();
        for (int i = 0; i < 150; i++) {
            assertEquals(i < 74, timers.get(i).scheduled, "timer " + i + " in the heap");
        }
        assertEquals(timers.subList(0, 74), loop.scheduledTimers());
    }

    @Test
    void theHeapIsKeptWhenHalfOrFewerAreCancelled() {
        List<TimerHandle> timers = scheduleTimers(150);
        for (int i = 75; i < 150; i++) { // exactly half: not more than half
            timers.get(i).cancel();
        }
        loop.callSoon(NOTHING);
        loop.runOnce();
        assertTrue(timers.get(149).scheduled, "a cancelled timer below the top stays in the heap");
        assertEquals(timers.subList(0, 75), loop.scheduledTimers());
    }

    @Test
    void theHeapIsKeptWhenItHoldsAHundredTimersOrFewer() {
        List<TimerHandle> timers = scheduleTimers(100);
        for (int i = 10; i < 100; i++) {
            timers.get(i).cancel();
        }
        loop.callSoon(NOTHING);
        loop.runOnce();
        assertTrue(timers.get(99).scheduled, "100 timers are not more than MIN_SCHEDULED_TIMER_HANDLES");
    }

    /** Timers far in the future, soonest first, that will not run during the test. */
    private List<TimerHandle> scheduleTimers(int count) {
        List<TimerHandle> timers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            timers.add(loop.callLater(1000 + i, NOTHING));
        }
        return timers;
    }

    // ---- the life cycle ----

    @Test
    void handlesNameTheirCallbacks() {
        Handle handle = loop.callSoon(NOTHING);
        assertEquals("Handle<nothing>", handle.toString());
        handle.cancel();
        assertTrue(handle.toString().contains("cancelled"), handle.toString());
        TimerHandle timer = loop.callAt(12.5, NOTHING);
        assertEquals(12.5, timer.when());
        assertTrue(timer.toString().startsWith("TimerHandle<nothing when=12.5"), timer.toString());
    }

    @Test
    void isRunningIsTrueOnlyWhileTheLoopRuns() {
        List<Boolean> inside = new ArrayList<>();
        loop.callSoon(() -> {
            inside.add(loop.isRunning());
            inside.add(EventLoop.runningLoopOrNull() == loop);
            loop.stop();
        });
        assertFalse(loop.isRunning());
        loop.runForever();
        assertEquals(List.of(true, true), inside);
        assertFalse(loop.isRunning());
        assertNull(EventLoop.runningLoopOrNull());
        assertThrows(IllegalStateException.class, EventLoop::getRunningLoop);
    }

    @Test
    void runOnceByHandInsideAnotherLoopsCallbackMakesItsLoopTheRunningOneForThatIteration() {
        // A notebook cell runs on the kernel's loop and steps a loop of its own with runOnce:
        // sleep in that loop's task must find that loop, and the cell's loop must come back.
        EventLoop byHand = new EventLoop();
        List<Object> seen = new ArrayList<>();
        try {
            loop.runUntilComplete(Asyncio.async(() -> {
                Task<String> task = byHand.createTask(Asyncio.async(() -> {
                    seen.add(EventLoop.getRunningLoop() == byHand);
                    Asyncio.await(Asyncio.sleep(0.001));
                    return "slept";
                }));
                while (!task.isDone()) {
                    byHand.runOnce();
                }
                seen.add(task.result());
                seen.add(EventLoop.getRunningLoop() == loop);
                return null;
            }));
        } finally {
            byHand.close();
        }
        assertEquals(List.of(true, "slept", true), seen);
        assertNull(EventLoop.runningLoopOrNull());
    }

    @Test
    void runUntilCompleteReturnsTheFuturesResult() {
        Future<String> future = loop.createFuture();
        loop.callLater(0.01, () -> future.setResult("done"));
        assertEquals("done", loop.runUntilComplete(future));
    }

    @Test
    void runUntilCompleteFailsWhenTheLoopStopsFirst() {
        Future<String> future = loop.createFuture();
        loop.callSoon(loop::stop);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(future));
        assertEquals("Event loop stopped before Future completed.", e.getMessage());
    }

    @Test
    void aClosedLoopRefusesToRunOrSchedule() {
        loop.close();
        assertTrue(loop.isClosed());
        assertEquals("Event loop is closed", assertThrows(IllegalStateException.class, loop::runForever).getMessage());
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(Asyncio.sleep(0)));
        assertThrows(IllegalStateException.class, () -> loop.callSoon(NOTHING));
        assertThrows(IllegalStateException.class, () -> loop.callLater(1, NOTHING));
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(NOTHING));
        loop.close(); // closing twice is allowed
    }

    @Test
    void closeDropsWhatIsScheduled() {
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> ran.add("ready"));
        loop.callLater(0, () -> ran.add("timer"));
        loop.close();
        assertTrue(loop.readyHandles().isEmpty());
        assertTrue(loop.scheduledTimers().isEmpty());
        assertTrue(ran.isEmpty());
    }

    @Test
    void aRunningLoopCannotBeRunAgainNorClosed() {
        List<Throwable> errors = new ArrayList<>();
        loop.callSoon(() -> {
            errors.add(assertThrows(IllegalStateException.class, loop::runForever));
            errors.add(assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(loop.createFuture())));
            errors.add(assertThrows(IllegalStateException.class, loop::close));
            errors.add(assertThrows(IllegalStateException.class, loop::runOnce)); // runForever does the iterating
            loop.stop();
        });
        loop.runForever();
        assertEquals("This event loop is already running", errors.get(0).getMessage());
        assertEquals("This event loop is already running", errors.get(1).getMessage());
        assertEquals("Cannot close a running event loop", errors.get(2).getMessage());
        assertEquals("runOnce() cannot be called while the loop runs: runForever calls it", errors.get(3).getMessage());
        assertFalse(loop.isClosed());
    }

    @Test
    void anotherLoopCannotRunInsideARunningOne() {
        List<Throwable> errors = new ArrayList<>();
        try (EventLoop other = new EventLoop()) {
            loop.callSoon(() -> {
                errors.add(assertThrows(IllegalStateException.class, other::runForever));
                loop.stop();
            });
            loop.runForever();
        }
        assertEquals("Cannot run the event loop while another loop is running", errors.get(0).getMessage());
    }
}
