package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopTesting.NOTHING;
import static jasyncio.loop.LoopTesting.named;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LoopObserver: the loop's scheduling decisions, in the order it makes them. */
class ObserverTest {
    private final EventLoop loop = new EventLoop();
    private final Recorder recorder = new Recorder();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Writes every event as a line; durations and timeouts that vary from run to run are left out. */
    private final class Recorder implements LoopObserver {
        final List<String> events = new ArrayList<>();
        final List<Double> waits = new ArrayList<>();

        @Override
        public void iterationStarted(long iteration) {
            events.add("iterationStarted");
        }

        @Override
        public void handleScheduled(Handle handle, int readyLength) {
            List<Handle> ready = loop.readyHandles();
            assertSame(handle, ready.getLast(), "the observer sees the queue as it is: the handle just appended");
            assertEquals(ready.size(), readyLength);
            events.add("handleScheduled " + handle + " " + readyLength);
        }

        @Override
        public void timerScheduled(TimerHandle timer) {
            events.add("timerScheduled " + timer.callbackName());
        }

        @Override
        public void timerCancelled(TimerHandle timer) {
            events.add("timerCancelled " + timer.callbackName());
        }

        @Override
        public void timerDue(TimerHandle timer) {
            events.add("timerDue " + timer.callbackName());
        }

        @Override
        public void waitEntered(double timeoutSeconds) {
            waits.add(timeoutSeconds);
            events.add("waitEntered");
        }

        @Override
        public void waitReturned(int events) {
            this.events.add("waitReturned " + events);
        }

        @Override
        public void handlePopped(Handle handle, int readyLength) {
            events.add("handlePopped " + handle + " " + readyLength);
        }

        @Override
        public void handleRan(Handle handle, long nanos) {
            assertTrue(nanos >= 0);
            events.add("handleRan " + handle);
        }

        @Override
        public void taskCreated(Task<?> task) {
            events.add("taskCreated " + task.getName());
        }

        @Override
        public void taskStepped(Task<?> task, Throwable thrownIn) {
            events.add("taskStepped " + task.getName() + " " + thrownIn);
        }

        @Override
        public void taskSuspended(Task<?> task, Future<?> awaiting) {
            events.add("taskSuspended " + task.getName() + " " + awaiting);
        }

        @Override
        public void taskDone(Task<?> task) {
            events.add("taskDone " + task.getName());
        }

        @Override
        public void futureDone(Future<?> future, int callbacks) {
            events.add("futureDone " + future + " " + callbacks);
        }
    }

    @Test
    void aOneLineTaskRunToCompletion() {
        loop.setObserver(recorder);
        Task<Integer> task = loop.createTask(async(() -> 1));
        loop.runUntilComplete(task);
        String t = task.getName();
        assertEquals(List.of(
                "taskCreated " + t,
                "handleScheduled Handle<" + t + ".step> 1",
                "iterationStarted",
                "waitEntered",
                "waitReturned 0",
                "handlePopped Handle<" + t + ".step> 0",
                "taskStepped " + t + " null",
                "taskDone " + t,
                "handleScheduled Handle<_run_until_complete_cb> 1", // the task's done callback, scheduled once it is done
                "handleRan Handle<" + t + ".step>",
                "iterationStarted",
                "waitEntered",
                "waitReturned 0",
                "handlePopped Handle<_run_until_complete_cb> 0",
                "handleRan Handle<_run_until_complete_cb>"), recorder.events);
        assertEquals(List.of(0.0, 0.0), recorder.waits, "something was ready both times: no waiting");
    }

    @Test
    void aTaskSuspendedOnAFutureAndWokenByIt() {
        Future<String> future = loop.createFuture();
        Task<String> task = loop.createTask(async(() -> await(future)));
        String t = task.getName();
        loop.runOnce();
        loop.setObserver(recorder);
        future.setResult("x");
        loop.runOnce();
        assertEquals(List.of(
                "futureDone <Future finished result=x> 1",
                "handleScheduled Handle<" + t + ".wakeup> 1",
                "iterationStarted",
                "waitEntered",
                "waitReturned 0",
                "handlePopped Handle<" + t + ".wakeup> 0",
                "taskStepped " + t + " null",
                "taskDone " + t,
                "handleRan Handle<" + t + ".wakeup>"), recorder.events);
    }

    @Test
    void aTaskThatWaitsSaysOnWhat() {
        loop.setObserver(recorder);
        Future<String> future = loop.createFuture();
        Task<String> task = loop.createTask(async(() -> {
            await(sleep(0));
            return await(future);
        }));
        loop.runOnce();
        loop.runOnce();
        String t = task.getName();
        assertTrue(recorder.events.contains("taskSuspended " + t + " null"), "sleep(0): rescheduled at once");
        assertTrue(recorder.events.contains("taskSuspended " + t + " <Future pending>"), String.valueOf(recorder.events));
        task.cancel();
        loop.runOnce();
        assertTrue(task.isCancelled());
    }

    @Test
    void timersScheduledCancelledAndDue() {
        loop.setObserver(recorder);
        Runnable due = named("due", loop::stop);
        TimerHandle cancelled = loop.callLater(0.005, NOTHING);
        loop.callLater(0.01, due);
        cancelled.cancel();
        cancelled.cancel(); // a second cancel is no event
        loop.runForever();
        assertEquals(List.of(
                "timerScheduled nothing",
                "timerScheduled due",
                "timerCancelled nothing",
                "iterationStarted",
                "waitEntered",
                "waitReturned 0",
                "timerDue due",
                "handlePopped TimerHandle<due when=", // the when varies: compared by prefix below
                "handleRan TimerHandle<due when="), prefixes(withoutEmptyIterations(recorder.events)));
        double timeout = recorder.waits.get(0);
        assertTrue(timeout > 0 && timeout <= 0.01, "the wait lasts until the live timer, not the cancelled one: " + timeout);
    }

    /**
     * The events without iterations that ran nothing: a wait that returns before its timeout
     * (a signal interrupting it) makes one, and the loop simply goes round again.
     */
    private static List<String> withoutEmptyIterations(List<String> events) {
        List<String> kept = new ArrayList<>(events);
        for (int i = kept.size() - 4; i >= 0; i--) {
            if (kept.subList(i, i + 4).equals(List.of("iterationStarted", "waitEntered", "waitReturned 0", "iterationStarted"))) {
                kept.subList(i, i + 3).clear();
            }
        }
        return kept;
    }

    /** The events with a TimerHandle's varying {@code when} cut off. */
    private static List<String> prefixes(List<String> events) {
        return events.stream().map(e -> e.contains(" when=") ? e.substring(0, e.indexOf(" when=") + 6) : e).toList();
    }

    @Test
    void aTimerCancelledOnceDueIsNoEvent() {
        TimerHandle timer = loop.callAt(loop.time(), NOTHING);
        loop.callSoon(timer::cancel);
        loop.setObserver(recorder);
        loop.runOnce(); // the timer moves to the ready queue behind the callback that cancels it
        assertFalse(recorder.events.stream().anyMatch(e -> e.startsWith("timerCancelled")), String.valueOf(recorder.events));
        assertTrue(recorder.events.stream().anyMatch(e -> e.startsWith("handlePopped TimerHandle<")
                && e.contains(" cancelled>")), "popped, as CPython's popleft does, so that an observer can follow the deque: " + recorder.events);
        assertFalse(recorder.events.stream().anyMatch(e -> e.startsWith("handleRan TimerHandle")), "a cancelled handle is not run");
    }

    @Test
    void eachWaitIsEnteredAndReturnedWithItsTimeout() {
        loop.callLater(0.01, loop::stop);
        loop.setObserver(recorder);
        loop.runForever();
        long entered = recorder.events.stream().filter(e -> e.equals("waitEntered")).count();
        long returned = recorder.events.stream().filter(e -> e.startsWith("waitReturned")).count();
        long iterations = recorder.events.stream().filter(e -> e.equals("iterationStarted")).count();
        assertEquals(iterations, entered);
        assertEquals(iterations, returned);
        assertTrue(recorder.waits.get(0) > 0, "nothing ready: the first wait lasts until the timer");
    }

    @Test
    void removingTheObserverStopsTheEvents() {
        loop.setObserver(recorder);
        assertSame(recorder, loop.getObserver());
        loop.setObserver(null);
        loop.callSoon(NOTHING);
        loop.runOnce();
        assertTrue(recorder.events.isEmpty());
    }
}
