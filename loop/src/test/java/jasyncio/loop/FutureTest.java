package jasyncio.loop;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** asyncio.Future (futures.py): states, results, cancellation, done callbacks. */
class FutureTest {
    private final EventLoop loop = new EventLoop();
    private final Future<String> future = loop.createFuture();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aNewFutureIsPending() {
        assertFalse(future.isDone());
        assertFalse(future.isCancelled());
        assertSame(loop, future.getLoop());
        assertEquals("<Future pending>", future.toString());
    }

    @Test
    void theResultOfAPendingFutureIsAnInvalidStateErrorThatSaysSo() {
        InvalidStateError e = assertThrows(InvalidStateError.class, future::result);
        assertEquals("Result is not ready: <Future pending>", e.getMessage());
        InvalidStateError e2 = assertThrows(InvalidStateError.class, future::exception);
        assertEquals("Exception is not set: <Future pending>", e2.getMessage());
    }

    @Test
    void setResultMakesItDone() {
        future.setResult("value");
        assertTrue(future.isDone());
        assertFalse(future.isCancelled());
        assertEquals("value", future.result());
        assertNull(future.exception());
    }

    @Test
    void aFutureIsDoneOnlyOnce() {
        future.setResult("first");
        assertThrows(InvalidStateError.class, () -> future.setResult("second"));
        assertThrows(InvalidStateError.class, () -> future.setException(new RuntimeException()));
        assertFalse(future.cancel(), "cancel of a done future does nothing");
        assertFalse(future.isCancelled());
        assertEquals("first", future.result());
    }

    @Test
    void resultRethrowsTheExceptionSetUnchanged() {
        IOException failure = new IOException("disk on fire");
        future.setException(failure);
        assertTrue(future.isDone());
        assertSame(failure, assertThrows(IOException.class, future::result), "a checked exception is rethrown as is");
        assertSame(failure, future.exception());
    }

    @Test
    void stopIterationCannotBeAFuturesException() {
        assertThrows(IllegalArgumentException.class, () -> future.setException(new StopIteration(1)));
        assertFalse(future.isDone());
    }

    @Test
    void cancelWithAMessageReachesTheCancelledError() {
        assertTrue(future.cancel("user pressed stop"));
        assertTrue(future.isCancelled());
        assertTrue(future.isDone());
        assertEquals("user pressed stop", assertThrows(CancelledError.class, future::result).getMessage());
        assertEquals("user pressed stop", assertThrows(CancelledError.class, future::exception).getMessage());
        assertFalse(future.cancel("again"), "a cancelled future is done");
        assertThrows(InvalidStateError.class, () -> future.setResult("late"));
    }

    @Test
    void doneCallbacksAreScheduledNotRunInline() {
        List<String> ran = new ArrayList<>();
        future.addDoneCallback(f -> ran.add("first:" + f.result()));
        future.addDoneCallback(f -> ran.add("second:" + f.result()));
        future.setResult("x");
        assertTrue(ran.isEmpty(), "setResult must not run the callbacks itself");
        assertEquals(2, loop.readyHandles().size());
        loop.runOnce();
        assertEquals(List.of("first:x", "second:x"), ran);
    }

    @Test
    void aCallbackAddedToADoneFutureStillRunsViaCallSoon() {
        List<Future<?>> ran = new ArrayList<>();
        future.setResult("x");
        future.addDoneCallback(ran::add);
        assertTrue(ran.isEmpty(), "not inline, even though the future is done");
        assertEquals(1, loop.readyHandles().size());
        loop.runOnce();
        assertEquals(List.of(future), ran);
    }

    @Test
    void callbacksRunOnCancellationToo() {
        List<Boolean> ran = new ArrayList<>();
        future.addDoneCallback(f -> ran.add(f.isCancelled()));
        future.cancel();
        loop.runOnce();
        assertEquals(List.of(true), ran);
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistrationOfIt() {
        List<String> ran = new ArrayList<>();
        Consumer<Future<String>> removed = f -> ran.add("removed");
        Consumer<Future<String>> kept = f -> ran.add("kept");
        future.addDoneCallback(removed);
        future.addDoneCallback(kept);
        future.addDoneCallback(removed);
        assertEquals(2, future.removeDoneCallback(removed));
        assertEquals(0, future.removeDoneCallback(removed));
        future.setResult("x");
        loop.runOnce();
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void anExceptionNeverRetrievedIsReportedWhenTheLoopCloses() {
        List<ExceptionContext> reports = LoopTesting.recordExceptions(loop);
        RuntimeException failure = new RuntimeException("nobody looked");
        future.setException(failure);
        Future<String> read = loop.createFuture();
        read.setException(new RuntimeException("read"));
        read.exception();
        loop.close();
        assertEquals(1, reports.size(), String.valueOf(reports));
        assertTrue(reports.get(0).message().startsWith("Future exception was never retrieved"), reports.get(0).message());
        assertSame(failure, reports.get(0).exception());
    }
}
