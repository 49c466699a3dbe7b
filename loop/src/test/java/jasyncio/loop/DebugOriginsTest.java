package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Debug mode's reports: slow callbacks, pending tasks at close, exceptions never retrieved, each with its origin. */
class DebugOriginsTest {
    /** Keeps the loop thread busy: the slow callback under test (not a wait of the test's own). */
    private static void busyFor(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static EventLoop debugLoop(List<String> log) {
        EventLoop loop = new EventLoop();
        loop.setDebug(true);
        loop.setLogger(log::add);
        return loop;
    }

    private static String only(List<String> log, String start) {
        List<String> matching = log.stream().filter(m -> m.startsWith(start)).toList();
        assertEquals(1, matching.size(), "one report starting with '" + start + "' in " + log);
        return matching.get(0);
    }

    private void scheduleSlowCallback(EventLoop loop) {
        loop.callSoon(() -> busyFor(0.06)); // this line is the handle's origin
    }

    @Test
    void aSlowCallbackIsReportedWithWhereItWasScheduled() {
        List<String> log = new ArrayList<>();
        try (EventLoop loop = debugLoop(log)) {
            loop.setSlowCallbackDuration(0.05);
            scheduleSlowCallback(loop);
            loop.runUntilComplete(loop.createTask(async(() -> await(sleep(0)))));
        }
        String report = only(log, "Executing Handle<DebugOriginsTest.lambda> took 0.");
        assertTrue(report.matches("(?s)Executing Handle<DebugOriginsTest\\.lambda> took 0\\.\\d{3} seconds\n.*"), report);
        String[] lines = report.split("\n");
        assertEquals("handle created at (most recent call first):", lines[1]);
        assertTrue(lines[2].contains("DebugOriginsTest.scheduleSlowCallback(DebugOriginsTest.java:"),
                "the first frame is the test's callSoon, not the loop's own code: " + lines[2]);
    }

    @Test
    void aFastCallbackIsNotReported() {
        List<String> log = new ArrayList<>();
        try (EventLoop loop = debugLoop(log)) {
            loop.setSlowCallbackDuration(10);
            loop.callSoon(() -> busyFor(0.001));
            loop.runUntilComplete(loop.createTask(async(() -> await(sleep(0)))));
        }
        assertTrue(log.stream().noneMatch(m -> m.startsWith("Executing")), String.valueOf(log));
    }

    @Test
    void aSlowTaskStepIsReportedAsTheTaskWithWhereTheTaskWasCreated() {
        List<String> log = new ArrayList<>();
        try (EventLoop loop = debugLoop(log)) {
            loop.setSlowCallbackDuration(0.05);
            Task<Void> slow = loop.createTask(async(() -> busyFor(0.06)), "slowpoke");
            loop.runUntilComplete(slow);
        }
        String report = only(log, "Executing <Task");
        assertTrue(report.startsWith("Executing <Task finished name='slowpoke' coro=<coroutine DebugOriginsTest.lambda done> result=null> took 0."), report);
        assertTrue(report.contains("\ntask created at (most recent call first):\n  at jasyncio.loop.DebugOriginsTest.aSlowTaskStepIsReportedAsTheTaskWithWhereTheTaskWasCreated(DebugOriginsTest.java:"), report);
    }

    @Test
    void closingTheLoopReportsAPendingTaskNamingItsCoroutineAndOrigin() {
        List<String> log = new ArrayList<>();
        EventLoop loop = debugLoop(log);
        Future<Void> never = loop.createFuture();
        loop.createTask(async(() -> await(never)), "forgotten");
        loop.runUntilComplete(loop.createTask(async(() -> await(sleep(0)))));
        loop.close();
        String report = only(log, "Task was destroyed but it is pending!");
        String[] lines = report.split("\n");
        assertTrue(lines[1].matches("task: <Task pending name='forgotten' coro=<coroutine DebugOriginsTest\\.lambda suspended at "
                + "DebugOriginsTest\\.java:\\d+> wait_for=<Future pending>>"), "the line where it waits: " + lines[1]);
        assertEquals("task created at (most recent call first):", lines[2]);
        assertTrue(lines[3].contains("DebugOriginsTest.closingTheLoopReportsAPendingTaskNamingItsCoroutineAndOrigin(DebugOriginsTest.java:"), lines[3]);
    }

    @Test
    void anExceptionNeverRetrievedIsReportedWithTheTaskAndItsOrigin() {
        List<String> log = new ArrayList<>();
        EventLoop loop = debugLoop(log);
        loop.createTask(async("failing", () -> {
            throw new IllegalStateException("nobody looked");
        }), "careless");
        loop.runUntilComplete(loop.createTask(async(() -> await(sleep(0)))));
        loop.close();
        String report = only(log, "Task exception was never retrieved");
        String[] lines = report.split("\n");
        assertEquals("task: <Task finished name='careless' coro=<coroutine failing done> exception=java.lang.IllegalStateException: nobody looked>", lines[1]);
        assertEquals("task created at (most recent call first):", lines[2]);
        assertTrue(lines[3].contains("DebugOriginsTest.anExceptionNeverRetrievedIsReportedWithTheTaskAndItsOrigin(DebugOriginsTest.java:"), lines[3]);
        assertTrue(report.contains("java.lang.IllegalStateException: nobody looked\n\tat "), "the traceback follows: " + report);
    }

    @Test
    void withoutDebugModeNothingRecordsOrigins() {
        List<String> log = new ArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setLogger(log::add);
        Future<Void> never = loop.createFuture();
        loop.createTask(async(() -> await(never)), "forgotten");
        loop.runUntilComplete(loop.createTask(async(() -> await(sleep(0)))));
        loop.close();
        String report = only(log, "Task was destroyed but it is pending!");
        assertFalse(report.contains("created at"), report);
    }
}
