package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coroutine objects without a running loop: stepped by hand with send/throwIn/close, as
 * Python's {@code coro.send(None)}, and a Task on a fresh loop stepped one iteration at a time.
 */
class CoroutineTest {
    /** Only to make futures for the coroutines to wait on; it never runs. */
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void theMechanismInUseIsTheOneAskedFor() {
        boolean threadAskedFor = "thread".equals(System.getProperty("jasyncio.coroutine"));
        assertEquals(!threadAskedFor, Coroutine.CONTINUATIONS);
        String expected = threadAskedFor ? "virtual-thread hand-off" : "continuation";
        assertTrue(Coroutine.mechanism().startsWith(expected), Coroutine.mechanism());
        System.out.println("coroutine mechanism: " + Coroutine.mechanism());
    }

    @Test
    void aCoroutineDoesNotRunUntilItIsStepped() {
        List<String> ran = new ArrayList<>();
        Coroutine<Integer> c = async(() -> {
            ran.add("body");
            return 7;
        });
        assertTrue(ran.isEmpty());
        assertFalse(c.isStarted());
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
        assertEquals(7, stop.value());
        assertEquals(List.of("body"), ran);
        assertTrue(c.isDone());
        assertEquals(7, c.result());
    }

    @Test
    void sendYieldsTheFuturesAwaitedAndNullForSleepZero() {
        Future<Integer> first = loop.createFuture();
        Future<Integer> second = loop.createFuture();
        List<Object> log = new ArrayList<>();
        Coroutine<Integer> c = async(() -> {
            int a = await(first);
            log.add("a=" + a);
            await(sleep(0));
            log.add("after sleep(0)");
            int b = await(second);
            return a + b;
        });
        assertSame(first, c.send(null), "await of a pending future yields the future");
        assertTrue(log.isEmpty());
        assertTrue(c.toString().endsWith("suspended>"), c.toString());
        first.setResult(1);
        assertNull(c.send(null), "sleep(0) is a bare yield");
        assertEquals(List.of("a=1"), log);
        assertSame(second, c.send(null));
        second.setResult(2);
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
        assertEquals(3, stop.value());
        assertEquals(List.of("a=1", "after sleep(0)"), log);
    }

    @Test
    void awaitOfADoneFutureDoesNotSuspend() {
        Future<String> done = loop.createFuture();
        done.setResult("ready");
        Coroutine<String> c = async(() -> await(done));
        assertEquals("ready", assertThrows(StopIteration.class, () -> c.send(null)).value());
    }

    @Test
    void anAwaitedCoroutineYieldsThroughItsAwaiter() {
        Future<String> inside = loop.createFuture();
        Coroutine<String> inner = async(() -> "inner got " + await(inside));
        Coroutine<String> outer = async(() -> "outer got (" + await(inner) + ")");
        assertSame(inside, outer.send(null));
        inside.setResult("x");
        assertEquals("outer got (inner got x)", assertThrows(StopIteration.class, () -> outer.send(null)).value());
        assertTrue(inner.isDone());
    }

    @Test
    void aCoroutineCanBeAwaitedOnlyOnce() {
        Coroutine<Integer> inner = async(() -> 1);
        Coroutine<Integer> outer = async(() -> await(inner) + await(inner));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> outer.send(null));
        assertTrue(e.getMessage().contains("cannot reuse already awaited coroutine"), e.getMessage());
    }

    @Test
    void sendAfterTheEndIsAnError() {
        Coroutine<Integer> c = async(() -> 1);
        assertThrows(StopIteration.class, () -> c.send(null));
        assertThrows(IllegalStateException.class, () -> c.send(null));
    }

    @Test
    void theFirstSendMustBeNull() {
        Coroutine<Integer> c = async(() -> 1);
        assertThrows(IllegalArgumentException.class, () -> c.send("not null"));
        assertFalse(c.isStarted());
    }

    @Test
    void theBodysExceptionComesOutOfSendUnchanged() {
        IOException failure = new IOException("checked");
        Coroutine<Void> c = async(() -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IOException.class, () -> c.send(null)));
        assertSame(failure, c.exception());
    }

    @Test
    void aCoroutineCannotSendIntoItself() {
        List<Coroutine<?>> self = new ArrayList<>();
        Coroutine<String> c = async(() -> {
            try {
                self.get(0).send(null);
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        self.add(c);
        String message = (String) assertThrows(StopIteration.class, () -> c.send(null)).value();
        assertTrue(message.contains("already executing"), message);
    }

    // ---- throwIn ----

    @Test
    void throwInRaisesAtTheAwaitWhereTheBodyMayCatchIt() {
        Future<String> never = loop.createFuture();
        Coroutine<String> c = async(() -> {
            try {
                return await(never);
            } catch (Exception e) { // javac cannot see that await throws a checked IOException
                return "caught " + e;
            }
        });
        assertSame(never, c.send(null));
        assertEquals("caught java.io.IOException: boom", assertThrows(StopIteration.class, () -> c.throwIn(new IOException("boom"))).value());
    }

    @Test
    void throwInThatTheBodyDoesNotCatchComesBackOut() {
        Future<String> never = loop.createFuture();
        List<String> log = new ArrayList<>();
        Coroutine<String> c = async(() -> {
            try {
                return await(never);
            } finally {
                log.add("finally");
            }
        });
        c.send(null);
        IOException thrown = new IOException("boom");
        assertSame(thrown, assertThrows(IOException.class, () -> c.throwIn(thrown)));
        assertEquals(List.of("finally"), log);
        assertTrue(c.isDone());
    }

    @Test
    void throwInACoroutineNeverStartedEndsItWithoutRunningTheBody() {
        List<String> ran = new ArrayList<>();
        Coroutine<Void> c = async(() -> {
            ran.add("body");
        });
        CancelledError cancel = new CancelledError("before start");
        assertSame(cancel, assertThrows(CancelledError.class, () -> c.throwIn(cancel)));
        assertTrue(ran.isEmpty());
        assertTrue(c.isDone());
    }

    // ---- close ----

    @Test
    void closeRunsTheFinallyBlocksOfASuspendedCoroutine() {
        Future<String> never = loop.createFuture();
        List<String> log = new ArrayList<>();
        Coroutine<String> c = async(() -> {
            try {
                return await(never);
            } catch (CoroutineExit e) {
                log.add("exit");
                throw e;
            } finally {
                log.add("finally");
            }
        });
        c.send(null);
        c.close();
        assertEquals(List.of("exit", "finally"), log);
        assertTrue(c.isDone());
        c.close(); // closing again does nothing
        assertThrows(IllegalStateException.class, () -> c.send(null));
    }

    @Test
    void closeOfACoroutineNeverStartedNeverRunsIt() {
        List<String> ran = new ArrayList<>();
        Coroutine<Void> c = async(() -> {
            ran.add("body");
        });
        c.close();
        assertTrue(c.isDone());
        assertThrows(IllegalStateException.class, () -> c.send(null));
        assertTrue(ran.isEmpty());
    }

    @Test
    void aCoroutineThatAwaitsAgainWhenClosedIsAnError() {
        Future<String> never = loop.createFuture();
        Coroutine<String> c = async(() -> {
            try {
                return await(never);
            } catch (CoroutineExit e) {
                return await(never);
            }
        });
        c.send(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::close);
        assertTrue(e.getMessage().contains("ignored close()"), e.getMessage());
    }

    @Test
    @SuppressWarnings("finally") // the finally block throws on purpose
    void closeRethrowsAnotherExceptionRaisedByTheBody() {
        Future<String> never = loop.createFuture();
        Coroutine<String> c = async(() -> {
            try {
                return await(never);
            } finally {
                throw new IllegalArgumentException("from finally");
            }
        });
        c.send(null);
        assertEquals("from finally", assertThrows(IllegalArgumentException.class, c::close).getMessage());
    }

    // ---- await outside, and a task stepped by hand ----

    @Test
    void awaitOutsideACoroutineSaysSo() {
        Future<Integer> f = loop.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(f));
        assertTrue(e.getMessage().contains("outside a coroutine"), e.getMessage());
    }

    @Test
    void aTaskOnAFreshLoopAdvancesOneStepPerIteration() {
        List<String> log = new ArrayList<>();
        Future<String> input = loop.createFuture();
        Task<String> t = loop.createTask(async(() -> {
            log.add("start");
            await(sleep(0));
            log.add("after yield");
            return "got " + await(input);
        }));
        assertTrue(log.isEmpty(), "createTask only schedules the first step");
        loop.runOnce();
        assertEquals(List.of("start"), log);
        loop.runOnce();
        assertEquals(List.of("start", "after yield"), log);
        assertSame(input, t.waitingOn());
        assertTrue(loop.readyHandles().isEmpty(), "a task waiting on a future is not scheduled");
        input.setResult("input"); // schedules the task's wakeup
        assertEquals(List.of("Handle<" + t.getName() + ".wakeup>"), loop.readyHandles().stream().map(Handle::toString).toList());
        loop.runOnce();
        assertTrue(t.isDone());
        assertEquals("got input", t.result());
    }

    @Test
    void runUntilCompleteDrivesACoroutineToItsEnd() {
        assertEquals(3, loop.runUntilComplete(async(() -> {
            await(sleep(0.001));
            return 1 + await(async(() -> 2));
        })));
    }

    // ---- pinning (the continuation mechanism only) ----

    static class AwaitsInInitializer {
        static final Object VALUE;

        static {
            VALUE = await(sleep(0.01, "x"));
        }
    }

    @Test
    void awaitInAClassInitializerIsAClearError() {
        assumeTrue(Coroutine.CONTINUATIONS, "only a Continuation can be pinned by a class initializer");
        Throwable t = assertThrows(Throwable.class, () -> run(async(() -> AwaitsInInitializer.VALUE)));
        Throwable cause = t;
        while (cause.getCause() != null && !(cause instanceof PinnedAwaitError)) {
            cause = cause.getCause();
        }
        assertInstanceOf(PinnedAwaitError.class, cause, String.valueOf(t));
        assertTrue(cause.getMessage().contains("class initializer"), cause.getMessage());
    }
}
