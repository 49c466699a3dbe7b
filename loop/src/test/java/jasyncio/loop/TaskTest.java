package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopTesting.NOTHING;
import static jasyncio.loop.LoopTesting.recordExceptions;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** asyncio.Task (tasks.py): stepping, cancellation at await points, names, the current task, errors. */
class TaskTest {
    // ---- results ----

    @Test
    void awaitingATaskGivesItsResult() {
        assertEquals(42, run(async(() -> {
            Task<Integer> t = createTask(async(() -> {
                await(sleep(0));
                return 42;
            }));
            assertFalse(t.isDone(), "a task does not run until the creator yields");
            return await(t);
        })));
    }

    @Test
    void awaitingAFailedTaskRethrowsItsExceptionUnchanged() {
        IOException failure = new IOException("checked");
        IOException raised = assertThrows(IOException.class, () -> run(async(() -> {
            Task<Void> t = createTask(async(() -> {
                throw failure;
            }));
            return await(t);
        })));
        assertSame(failure, raised);
    }

    // ---- cancellation ----

    @Test
    void cancelDeliversCancelledErrorAtTheAwaitAndFinallyBlocksRun() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<Void> t = createTask(async(() -> {
                try {
                    await(sleep(10));
                    log.add("not reached");
                } catch (CancelledError e) {
                    log.add("caught:" + e.getMessage());
                    throw e;
                } finally {
                    log.add("finally");
                }
            }));
            await(sleep(0));
            assertTrue(t.cancel("stop"));
            assertFalse(t.isDone(), "the task is cancelled at its next step, not at once");
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            log.add("awaiter:" + e.getMessage());
            assertTrue(t.isCancelled());
            assertFalse(t.cancel(), "a done task cannot be cancelled");
        }));
        assertEquals(List.of("caught:stop", "finally", "awaiter:stop"), log);
    }

    @Test
    void aCaughtCancellationLetsTheTaskGoOnAndReturn() {
        assertEquals("recovered", run(async(() -> {
            Task<String> t = createTask(async(() -> {
                try {
                    await(sleep(10));
                    return "slept";
                } catch (CancelledError e) {
                    await(sleep(0)); // still able to await after catching it
                    return "recovered";
                }
            }));
            await(sleep(0));
            t.cancel();
            String result = await(t);
            assertFalse(t.isCancelled());
            assertEquals(1, t.cancelling(), "the request stays counted until uncancel()");
            return result;
        })));
    }

    @Test
    void cancellingCountsRequestsAndUncancelTakesThemBack() {
        try (EventLoop loop = new EventLoop()) {
            Task<String> t = loop.createTask(async(() -> "ran"));
            assertEquals(0, t.cancelling());
            assertTrue(t.cancel());
            assertTrue(t.cancel());
            assertEquals(2, t.cancelling());
            assertTrue(t.toString().startsWith("<Task cancelling"), t.toString());
            assertEquals(1, t.uncancel());
            assertEquals(0, t.uncancel());
            assertEquals(0, t.uncancel(), "never below zero");
            assertEquals("ran", loop.runUntilComplete(t), "every request was taken back: the task runs normally");
        }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
        List<String> ran = new ArrayList<>();
        try (EventLoop loop = new EventLoop()) {
            Task<String> t = loop.createTask(async(() -> {
                ran.add("body");
                return "x";
            }));
            assertTrue(t.cancel("too early"));
            CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
            assertEquals("too early", e.getMessage());
            assertTrue(t.isCancelled());
        }
        assertTrue(ran.isEmpty());
    }

    @Test
    void aTaskThatCancelsItselfIsCancelledAtItsNextAwait() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<Void> t = createTask(async(() -> {
                currentTask().cancel("by itself");
                log.add("goes on until it awaits");
                await(sleep(0)); // a bare yield: no future to cancel, so the step throws it in
                log.add("not reached");
            }));
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            assertEquals("by itself", e.getMessage());
        }));
        assertEquals(List.of("goes on until it awaits"), log);
    }

    @Test
    void cancellingATaskCancelsTheTaskItAwaits() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<Void> inner = createTask(async(() -> {
                try {
                    await(sleep(10));
                } finally {
                    log.add("inner finally");
                }
            }));
            Task<Void> outer = createTask(async(() -> await(inner)));
            await(sleep(0));
            outer.cancel();
            assertThrows(CancelledError.class, () -> await(outer));
            assertTrue(inner.isCancelled());
        }));
        assertEquals(List.of("inner finally"), log);
    }

    // ---- names, the current task, all tasks ----

    private static final Pattern DEFAULT_NAME = Pattern.compile("Task-(\\d+)");

    @Test
    void tasksAreNamedTaskNUnlessGivenAName() {
        run(async(() -> {
            Task<?> a = createTask(async(() -> null));
            Task<?> b = createTask(async(() -> null));
            Task<?> named = createTask(async(() -> null), "worker");
            assertEquals(number(a) + 1, number(b), a.getName() + " then " + b.getName());
            assertEquals("worker", named.getName());
            named.setName("renamed");
            assertEquals("renamed", named.getName());
            List<String> ready = getRunningLoop().readyHandles().stream().map(Handle::toString).toList();
            assertTrue(ready.contains("Handle<" + a.getName() + ".step>"), ready.toString());
            assertTrue(ready.contains("Handle<renamed.step>"), ready.toString());
            await(gather(a, b, named));
        }));
    }

    private static long number(Task<?> task) {
        Matcher m = DEFAULT_NAME.matcher(task.getName());
        assertTrue(m.matches(), task.getName());
        return Long.parseLong(m.group(1));
    }

    @Test
    void currentTaskIsTheTaskWhoseStepRunsAndNullElsewhere() {
        assertNull(currentTask(), "no loop runs here");
        try (EventLoop loop = new EventLoop()) {
            List<Object> seen = new ArrayList<>();
            Task<Void> t = loop.createTask(async(() -> {
                seen.add(currentTask());
                await(sleep(0));
                seen.add(currentTask());
            }));
            loop.runUntilComplete(t);
            assertEquals(List.of(t, t), seen);
            loop.callSoon(() -> {
                seen.add(String.valueOf(currentTask()));
                loop.stop();
            });
            loop.runForever();
            assertEquals("null", seen.get(2), "a plain callback runs in no task");
            assertNull(loop.currentTask());
        }
    }

    @Test
    void allTasksAreTheTasksNotDone() {
        run(async(() -> {
            Task<?> main = currentTask();
            Task<Void> sleeping = createTask(sleep(10));
            Task<Object> quick = createTask(async(() -> null));
            await(quick);
            assertEquals(Set.of(main, sleeping), Set.copyOf(allTasks()));
            sleeping.cancel();
        }));
    }

    // ---- where a task waits ----

    @Test
    void getStackOfASuspendedTaskShowsTheUsersFrame() {
        run(async(() -> {
            Task<Void> t = createTask(async(TaskTest::waitHere));
            await(sleep(0));
            StackTraceElement[] stack = t.getStack();
            assertTrue(Arrays.stream(stack).anyMatch(e -> e.getMethodName().equals("waitHere")), Arrays.toString(stack));
            assertSame(Future.class, t.waitingOn().getClass(), "it waits on sleep's future");
            t.cancel();
        }));
    }

    private static void waitHere() {
        await(sleep(10));
    }

    @Test
    void aTaskAwaitingItselfGetsAnErrorAtItsAwait() {
        String message = run(async(() -> {
            Task<?> self = currentTask();
            try {
                await(self);
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertTrue(message.startsWith("Task cannot await on itself"), message);
    }

    // ---- errors nobody sees ----

    @Test
    void anExceptionNeverRetrievedIsReportedWhenTheLoopCloses() {
        EventLoop loop = new EventLoop();
        List<ExceptionContext> reports = recordExceptions(loop);
        IllegalStateException lost = new IllegalStateException("lost");
        loop.createTask(async(() -> {
            throw lost;
        }));
        Task<Object> read = loop.createTask(async(() -> {
            throw new IllegalStateException("read");
        }));
        loop.runOnce();
        assertTrue(reports.isEmpty(), "not before close");
        assertEquals("read", read.exception().getMessage());
        loop.close();
        assertEquals(1, reports.size(), String.valueOf(reports));
        assertTrue(reports.get(0).message().startsWith("Task exception was never retrieved"), reports.get(0).message());
        assertSame(lost, reports.get(0).exception());
    }

    @Test
    void anExceptionNeverRetrievedIsReportedWhenTheTaskIsCollected() {
        EventLoop loop = new EventLoop();
        List<ExceptionContext> reports = recordExceptions(loop);
        failInATaskAndForgetIt(loop);
        long deadline = System.nanoTime() + 10_000_000_000L;
        int collections = 0;
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            collections++;
            loop.callLater(0.01, NOTHING); // a bounded wait: the Cleaner's report wakes the loop sooner
            loop.runOnce();
        }
        System.out.println("unretrieved task exception reported after " + collections + " System.gc() calls");
        assertEquals(1, reports.size(), "the Cleaner reports a collected task's unread exception");
        assertTrue(reports.get(0).message().startsWith("Task exception was never retrieved"), reports.get(0).message());
        assertEquals("forgotten", reports.get(0).exception().getMessage());
        loop.close();
        assertEquals(1, reports.size(), "reported once, not again at close");
    }

    @Test
    void aTaskFinishesEvenWhenItsExceptionCannotDescribeItself() {
        RuntimeException undescribable = new RuntimeException() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString failed");
            }
        };
        EventLoop loop = new EventLoop();
        Task<Void> task = loop.createTask(async(() -> {
            throw undescribable;
        }));
        loop.runOnce();
        assertTrue(task.isDone(), "the task must not stay pending when its exception cannot be described");
        assertSame(undescribable, task.exception());
        loop.close();
    }

    /** A separate method, so that no local variable of the test keeps the task reachable. */
    private static void failInATaskAndForgetIt(EventLoop loop) {
        loop.createTask(async(() -> {
            throw new IllegalStateException("forgotten");
        }));
        loop.runOnce();
    }

    @Test
    void aTaskStillPendingWhenTheLoopClosesIsReported() {
        EventLoop loop = new EventLoop();
        List<ExceptionContext> reports = recordExceptions(loop);
        Future<Void> never = loop.createFuture();
        Task<Void> pending = loop.createTask(async(() -> await(never)));
        loop.runOnce();
        loop.close();
        assertEquals(1, reports.size());
        assertEquals("Task was destroyed but it is pending!", reports.get(0).message());
        assertSame(pending, reports.get(0).future());
    }
}
