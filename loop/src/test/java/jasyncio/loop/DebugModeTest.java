package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopTesting.NOTHING;
import static jasyncio.loop.LoopTesting.named;
import static jasyncio.loop.LoopTesting.recordLog;
import static org.junit.jupiter.api.Assertions.*;

import jasyncio.usercode.UserCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** asyncio's debug mode: slow callbacks reported, calls from the wrong thread refused, creation sites kept. */
class DebugModeTest {
    private static final Pattern SLOW = Pattern.compile("Executing (.+) took (\\d+\\.\\d{3}) seconds(?s).*");

    private final EventLoop loop = new EventLoop();
    private final List<String> log = recordLog(loop);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A callback that takes {@code millis} (blocking the loop on purpose: that is what is reported). */
    private static Runnable taking(String name, long millis) {
        return named(name, () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<Matcher> slowReports() {
        List<Matcher> reports = new ArrayList<>();
        for (String line : log) {
            Matcher m = SLOW.matcher(line);
            if (m.matches()) {
                reports.add(m);
            }
        }
        return reports;
    }

    @Test
    void aCallbackSlowerThanSlowCallbackDurationIsReportedByNameAndDuration() {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0.05);
        loop.callSoon(taking("slowCallback", 80));
        loop.callSoon(NOTHING);
        loop.callSoon(loop::stop);
        loop.runForever();
        List<Matcher> slow = slowReports();
        assertEquals(1, slow.size(), "only the slow one: " + log);
        assertEquals("Handle<slowCallback>", slow.get(0).group(1));
        double seconds = Double.parseDouble(slow.get(0).group(2));
        assertTrue(seconds >= 0.05 && seconds < 5, "reported duration " + seconds);
        assertTrue(slow.get(0).group().contains("created at"), "debug mode says where the handle was made");
    }

    @Test
    void aSlowTaskStepIsReportedWithTheTasksName() {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0.05);
        Task<Void> t = loop.createTask(async(() -> Thread.sleep(80)), "sleepy");
        loop.runUntilComplete(t);
        List<Matcher> slow = slowReports();
        assertEquals(1, slow.size(), String.valueOf(log));
        // As CPython's _format_handle: a task's step is shown as the task.
        assertTrue(slow.get(0).group(1).startsWith("<Task finished name='sleepy'"), slow.get(0).group(1));
    }

    @Test
    void slowCallbacksAreNotReportedOutsideDebugMode() {
        loop.setSlowCallbackDuration(0.05);
        loop.callSoon(taking("slowCallback", 80));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertTrue(slowReports().isEmpty(), String.valueOf(log));
    }

    @Test
    void aCancelledHandleKeepsItsNameInDebugModeButNeverRuns() {
        loop.setDebug(true);
        List<String> ran = new ArrayList<>();
        Runnable callback = named("cancelledCallback", () -> ran.add("ran"));
        Handle handle = loop.callSoon(callback);
        TimerHandle timer = loop.callAt(loop.time(), callback);
        handle.cancel();
        timer.cancel();
        assertEquals("Handle<cancelledCallback cancelled>", handle.toString());
        loop.runOnce();
        assertTrue(ran.isEmpty());
    }

    @Test
    void aNonThreadsafeCallFromAnotherThreadIsAnErrorInDebugMode() {
        loop.setDebug(true);
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        loop.callSoon(() -> {
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    outcomes.add(outcomeOf(() -> loop.callSoon(NOTHING)));
                    outcomes.add(outcomeOf(() -> loop.callLater(1, NOTHING)));
                } finally {
                    loop.callSoonThreadsafe(loop::stop); // the one that is allowed
                }
            });
            try {
                other.join(); // the loop is running meanwhile: it is inside this callback
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        loop.runForever();
        assertEquals(2, outcomes.size());
        for (Object outcome : outcomes) {
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, outcome);
            assertTrue(e.getMessage().startsWith("Non-thread-safe operation"), e.getMessage());
        }
    }

    /** What the call threw, or "no error". */
    private static Object outcomeOf(Runnable call) {
        try {
            call.run();
            return "no error";
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void aCallbacksErrorReportSaysWhereTheHandleWasMade() {
        loop.setDebug(true);
        UserCode.scheduleFailingCallback(loop);
        loop.callSoon(loop::stop);
        loop.runForever();
        String report = log.stream().filter(l -> l.startsWith("Exception in callback")).findFirst().orElseThrow();
        assertTrue(report.contains("handle created at (most recent call first):\n"
                + "  at jasyncio.usercode.UserCode.scheduleFailingCallback("), report);
    }

    @Test
    void coroutinesScheduleOnTheirLoopInDebugMode() {
        // A coroutine body calls loop methods (callLater for sleep, callSoon for createTask): in debug
        // mode these are checked to come from the loop's thread, whatever mechanism runs the body.
        assertEquals(2, loop.runUntilComplete(async(() -> {
            getRunningLoop().setDebug(true);
            await(sleep(0.001));
            return 1 + await(createTask(async(() -> 1)));
        })));
        assertTrue(loop.isDebug());
    }
}
