package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitTest {
    private static Coroutine<Integer> failAfter(double seconds) {
        return async(() -> {
            await(sleep(seconds));
            throw new IllegalStateException("failed after " + seconds);
        });
    }

    @Test
    void allCompletedWaitsForEveryFuture() {
        run(async(() -> {
            Task<Integer> a = createTask(sleep(0.01, 1));
            Task<Integer> b = createTask(sleep(0.03, 2));
            Task<Integer> c = createTask(failAfter(0.02));
            Wait.Result<Task<Integer>> r = await(Asyncio.wait(List.of(a, b, c)));
            assertEquals(Set.of(a, b, c), r.done());
            assertTrue(r.pending().isEmpty());
            assertEquals(List.of(a, b, c), new ArrayList<>(r.done()), "in the order given");
            assertInstanceOf(IllegalStateException.class, c.exception(), "wait leaves outcomes to the caller");
        }));
    }

    @Test
    void firstCompletedReturnsAfterOneAndCancelsNothing() {
        run(async(() -> {
            Future<Integer> gate = getRunningLoop().createFuture();
            Task<Integer> slow = createTask(async(() -> await(gate)));
            Task<Integer> fast = createTask(sleep(0.01, 2));
            Wait.Result<Task<Integer>> r = await(waitFutures(List.of(slow, fast), FIRST_COMPLETED));
            assertEquals(Set.of(fast), r.done());
            assertEquals(Set.of(slow), r.pending());
            gate.setResult(1);
            assertEquals(1, await(slow), "the pending one was not cancelled");
        }));
    }

    @Test
    void firstExceptionReturnsOnTheFirstFailure() {
        run(async(() -> {
            Task<Integer> slow = createTask(sleep(10, 1));
            Task<Integer> ok = createTask(sleep(0.01, 2));
            Task<Integer> bad = createTask(failAfter(0.03));
            Wait.Result<Task<Integer>> r = await(waitFutures(List.of(slow, ok, bad), FIRST_EXCEPTION));
            assertEquals(Set.of(ok, bad), r.done(), "a success alone did not end the wait");
            assertEquals(Set.of(slow), r.pending());
            slow.cancel();
        }));
    }

    @Test
    void firstExceptionWithoutFailuresWaitsForAll() {
        run(async(() -> {
            Task<Integer> a = createTask(sleep(0.01, 1));
            Task<Integer> b = createTask(sleep(0.02, 2));
            Wait.Result<Task<Integer>> r = await(waitFutures(List.of(a, b), FIRST_EXCEPTION));
            assertEquals(Set.of(a, b), r.done());
        }));
    }

    @Test
    void aTimeoutReturnsThePendingWithoutRaisingOrCancelling() {
        run(async(() -> {
            Future<Integer> fast = getRunningLoop().createFuture();
            fast.setResult(1);
            Task<Integer> slow = createTask(sleep(10, 2));
            Wait.Result<Future<Integer>> r = await(waitFutures(List.of(fast, slow), 0.05, ALL_COMPLETED));
            assertEquals(Set.of(fast), r.done());
            assertEquals(Set.of(slow), r.pending());
            assertFalse(slow.isCancelled());
            slow.cancel();
        }));
    }

    @Test
    void futuresAlreadyDoneCount() {
        run(async(() -> {
            Future<String> done = getRunningLoop().createFuture();
            done.setResult("x");
            Task<Void> pending = createTask(sleep(10));
            Wait.Result<Future<?>> r = await(waitFutures(List.of(done, pending), FIRST_COMPLETED));
            assertEquals(Set.of(done), r.done());
            pending.cancel();
        }));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void emptyOrCoroutinesAreErrors() {
        run(async(() -> {
            assertThrows(IllegalArgumentException.class, () -> await(Asyncio.wait(List.<Future<?>>of())));
            Coroutine<Void> coro = sleep(0);
            List raw = List.of(coro);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> await(Asyncio.wait(raw)));
            assertTrue(e.getMessage().contains("coroutines is forbidden"), e.getMessage());
            coro.close();
        }));
    }
}
