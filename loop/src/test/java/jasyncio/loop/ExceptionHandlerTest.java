package jasyncio.loop;

import static jasyncio.loop.LoopTesting.named;
import static jasyncio.loop.LoopTesting.recordExceptions;
import static jasyncio.loop.LoopTesting.recordLog;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** loop.call_exception_handler: errors no awaiter can receive are reported, never swallowed, and the loop goes on. */
class ExceptionHandlerTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A callback that throws, with a name the reports can be checked for. */
    private static final Runnable FAILING = named("failingCallback", () -> {
        throw new IllegalStateException("boom");
    });

    /** Runs FAILING, then a callback that records that the loop went on, then stops. */
    private List<String> runFailingCallback() {
        List<String> ran = new ArrayList<>();
        loop.callSoon(FAILING);
        loop.callSoon(() -> ran.add("after"));
        loop.callSoon(loop::stop);
        loop.runForever();
        return ran;
    }

    @Test
    void theDefaultHandlerReportsAnExceptionFromACallbackAndTheLoopGoesOn() {
        List<String> log = recordLog(loop);
        assertEquals(List.of("after"), runFailingCallback());
        assertEquals(1, log.size(), String.valueOf(log));
        String report = log.get(0);
        assertTrue(report.startsWith("Exception in callback failingCallback\nhandle: Handle<failingCallback>"), report);
        assertTrue(report.contains("java.lang.IllegalStateException: boom\n\tat "), "with the stack trace: " + report);
        assertTrue(report.contains("ExceptionHandlerTest"), "the trace names the code that threw: " + report);
    }

    @Test
    void aCustomHandlerReceivesTheMessageTheExceptionAndTheHandle() {
        List<String> log = recordLog(loop);
        List<ExceptionContext> reports = recordExceptions(loop);
        assertEquals(List.of("after"), runFailingCallback());
        assertEquals(1, reports.size());
        ExceptionContext context = reports.get(0);
        assertEquals("Exception in callback failingCallback", context.message());
        assertEquals("boom", context.exception().getMessage());
        assertEquals("Handle<failingCallback>", context.handle().toString());
        assertNull(context.future());
        assertTrue(log.isEmpty(), "the custom handler replaces the default one");
    }

    @Test
    void aHandlerThatThrowsFallsBackToTheDefaultForBoth() {
        List<String> log = recordLog(loop);
        loop.setExceptionHandler((l, context) -> {
            throw new IllegalArgumentException("handler broken");
        });
        assertEquals(List.of("after"), runFailingCallback());
        assertEquals(2, log.size(), String.valueOf(log));
        assertTrue(log.get(0).startsWith("Unhandled error in exception handler"), log.get(0));
        assertTrue(log.get(0).contains("handler broken"), log.get(0));
        assertTrue(log.get(1).startsWith("Exception in callback failingCallback"), log.get(1));
    }

    @Test
    void removingTheHandlerRestoresTheDefault() {
        List<String> log = recordLog(loop);
        ExceptionHandler handler = (l, context) -> {
        };
        loop.setExceptionHandler(handler);
        assertSame(handler, loop.getExceptionHandler());
        loop.setExceptionHandler(null);
        runFailingCallback();
        assertEquals(1, log.size());
    }

    @Test
    void aFailingCallbackDoesNotStopATaskFromCompleting() {
        List<ExceptionContext> reports = recordExceptions(loop);
        loop.callSoon(FAILING);
        assertEquals("finished", loop.runUntilComplete(Asyncio.async(() -> {
            Asyncio.await(Asyncio.sleep(0));
            return "finished";
        })));
        assertEquals(1, reports.size());
    }
}
