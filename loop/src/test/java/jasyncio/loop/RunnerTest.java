package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio.run and asyncio.Runner (runners.py): the checks, the result, the clean-up. */
class RunnerTest {
    @Test
    void runReturnsTheCoroutinesResultAndRaisesItsException() {
        assertEquals(42, run(async(() -> {
            await(sleep(0.001));
            return 42;
        })));
        IOException failure = new IOException("checked");
        assertSame(failure, assertThrows(IOException.class, () -> run(async(() -> {
            throw failure;
        }))));
    }

    @Test
    void anArgumentThatIsNotACoroutineIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run((Object) "main"));
        assertTrue(e.getMessage().startsWith("a coroutine was expected"), e.getMessage());
        try (EventLoop loop = new EventLoop()) {
            Future<Object> future = loop.createFuture();
            assertThrows(IllegalArgumentException.class, () -> run((Object) future), "a Future is not a coroutine");
        }
    }

    @Test
    void runCannotBeCalledFromARunningLoop() {
        String message = run(async(() -> {
            Coroutine<Integer> inner = async(() -> 1);
            try {
                run(inner);
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertEquals("Runner.run() cannot be called from a running event loop", message);
    }

    @Test
    void leftoverTasksAreCancelledTheirFinallyBlocksRunAndTheLoopIsClosed() {
        List<String> log = new ArrayList<>();
        List<Task<?>> leftover = new ArrayList<>();
        EventLoop loop = run(async(() -> {
            leftover.add(createTask(async(() -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    log.add("cancelled");
                    throw e;
                } finally {
                    log.add("finally");
                }
            })));
            await(sleep(0));
            return getRunningLoop();
        }));
        assertEquals(List.of("cancelled", "finally"), log);
        assertTrue(leftover.get(0).isCancelled());
        assertTrue(loop.isClosed());
        assertFalse(loop.isRunning());
    }

    @Test
    void aLeftoverTaskThatFailsWhenCancelledIsReported() {
        List<ExceptionContext> reports = new ArrayList<>();
        run(async(() -> {
            getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context));
            createTask(async(() -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    throw new IllegalStateException("failed while cancelled");
                }
            }));
            await(sleep(0));
        }));
        assertEquals(1, reports.size(), String.valueOf(reports));
        assertEquals("unhandled exception during asyncio.run() shutdown", reports.get(0).message());
        assertEquals("failed while cancelled", reports.get(0).exception().getMessage());
    }

    @Test
    void aRunnerKeepsOneLoopAcrossRunsUntilClosed() {
        Runner runner = new Runner();
        EventLoop loop = runner.getLoop();
        Task<?> background = runner.run(async(() -> createTask(sleep(10))));
        assertFalse(background.isDone(), "a task made in one run lives on into the next");
        assertSame(loop, runner.run(async(Asyncio::getRunningLoop)));
        runner.close();
        assertTrue(background.isCancelled());
        assertTrue(loop.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(async(() -> 1)));
        assertEquals("Runner is closed", e.getMessage());
        runner.close(); // closing twice is allowed
    }

    @Test
    void runInDebugModeMakesADebugLoop() {
        List<String> log = new ArrayList<>();
        assertTrue(run(async(() -> {
            getRunningLoop().setLogger(log::add);
            return getRunningLoop().isDebug();
        }), true));
        assertTrue(log.stream().anyMatch(line -> line.startsWith("Close <EventLoop")), "a debug loop logs its close: " + log);
        assertFalse(run(async(() -> getRunningLoop().isDebug())));
    }

    @Test
    void theRunningLoopCannotBeRunAgainFromATask() {
        List<String> messages = run(async(() -> {
            EventLoop loop = getRunningLoop();
            List<String> errors = new ArrayList<>();
            errors.add(assertThrows(IllegalStateException.class, loop::runForever).getMessage());
            errors.add(assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(sleep(0))).getMessage());
            return errors;
        }));
        assertEquals(List.of("This event loop is already running", "This event loop is already running"), messages);
    }

    @Test
    void theLoopOfAFinishedRunCannotBeRunAgain() {
        EventLoop loop = run(async(Asyncio::getRunningLoop));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(sleep(0)));
        assertEquals("Event loop is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> loop.createTask(async(() -> 1)));
    }
}
