package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio.gather: results in order, the two ways of failing, cancellation both ways, duplicates. */
class GatherTest {
    /** A coroutine that yields to the loop {@code yields} times, logging its steps, then returns its name. */
    private static Coroutine<String> worker(String name, int yields, List<String> log) {
        return async(() -> {
            for (int i = 0; i < yields; i++) {
                log.add(name + i);
                await(sleep(0));
            }
            log.add(name + " done");
            return name;
        });
    }

    private static Coroutine<String> failing(String message) {
        return async(() -> {
            await(sleep(0));
            throw new IllegalStateException(message);
        });
    }

    @Test
    void resultsComeInTheOrderGivenAndTheChildrenInterleave() {
        List<String> log = new ArrayList<>();
        List<String> results = run(async(() -> await(gather(worker("slow", 3, log), worker("fast", 1, log)))));
        assertEquals(List.of("slow", "fast"), results, "the order of the arguments, not of completion");
        assertEquals(List.of("slow0", "fast0", "slow1", "fast done", "slow2", "slow done"), log);
    }

    @Test
    void theFirstExceptionIsRaisedToTheAwaiterWhileTheOthersGoOn() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<String> sibling = createTask(worker("sibling", 10, log));
            Future<List<String>> all = gather(failing("first"), sibling, failing("second"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(all));
            assertEquals("first", e.getMessage());
            assertFalse(sibling.isDone(), "a failure does not cancel the other children");
            assertEquals("sibling", await(sibling));
        }));
        assertTrue(log.contains("sibling done"));
    }

    @Test
    void withReturnExceptionsFailuresTakeTheirPlacesInTheResults() {
        List<Object> results = run(async(() -> {
            Future<Object> cancelled = getRunningLoop().createFuture();
            cancelled.cancel("never mind");
            return await(gather(List.of(async(() -> "ok"), failing("bad"), cancelled), true));
        }));
        assertEquals("ok", results.get(0));
        assertEquals("bad", assertInstanceOf(IllegalStateException.class, results.get(1)).getMessage());
        assertEquals("never mind", assertInstanceOf(CancelledError.class, results.get(2)).getMessage());
    }

    @Test
    void aCancelledChildFailsTheGatherWithoutReturnExceptions() {
        run(async(() -> {
            Task<Void> child = createTask(sleep(10));
            Future<List<Object>> all = gather(child, sleep(0));
            await(sleep(0));
            child.cancel("child stopped");
            assertEquals("child stopped", assertThrows(CancelledError.class, () -> await(all)).getMessage());
        }));
    }

    @Test
    void cancellingTheGatherCancelsItsChildren() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<Void> a = createTask(sleepLogging("a", log));
            Task<Void> b = createTask(sleepLogging("b", log));
            Future<List<Void>> all = gather(a, b);
            await(sleep(0));
            assertTrue(all.cancel());
            assertThrows(CancelledError.class, () -> await(all));
            assertTrue(a.isCancelled());
            assertTrue(b.isCancelled());
            assertFalse(all.cancel(), "the gather is done");
        }));
        assertEquals(List.of("a finally", "b finally"), log);
    }

    @Test
    void cancellingTheTaskThatAwaitsTheGatherCancelsTheChildren() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<List<Void>> waiter = createTask(async(() -> await(gather(sleepLogging("a", log), sleepLogging("b", log)))));
            await(sleep(0)); // the waiter starts the children ...
            await(sleep(0)); // ... which start to sleep (a child cancelled before it starts never runs its body)
            waiter.cancel();
            assertThrows(CancelledError.class, () -> await(waiter));
            assertTrue(waiter.isCancelled());
        }));
        assertEquals(List.of("a finally", "b finally"), log);
    }

    private static Coroutine<Void> sleepLogging(String name, List<String> log) {
        return async(() -> {
            try {
                await(sleep(10));
            } finally {
                log.add(name + " finally");
            }
        });
    }

    @Test
    void theSameCoroutineGivenTwiceRunsOnceAndFillsBothPlaces() {
        List<String> log = new ArrayList<>();
        List<String> results = run(async(() -> {
            Coroutine<String> once = worker("once", 1, log);
            return await(gather(once, once));
        }));
        assertEquals(List.of("once", "once"), results);
        assertEquals(List.of("once0", "once done"), log);
    }

    @Test
    void theSameFutureGivenTwiceFillsBothPlaces() {
        List<Integer> results = run(async(() -> {
            Future<Integer> f = getRunningLoop().createFuture();
            getRunningLoop().callSoon(() -> f.setResult(5));
            return await(gather(f, f, async(() -> 6)));
        }));
        assertEquals(List.of(5, 5, 6), results);
    }

    @Test
    void aGatherOfDoneFuturesIsDoneAtOnce() {
        try (EventLoop loop = new EventLoop()) {
            Future<Integer> one = loop.createFuture();
            Future<Integer> two = loop.createFuture();
            one.setResult(1);
            two.setResult(2);
            Future<List<Integer>> all = Tasks.gather(Arrays.asList(one, two), false);
            assertTrue(all.isDone());
            assertEquals(List.of(1, 2), all.result());
        }
    }

    @Test
    void anEmptyGatherIsAnEmptyList() {
        assertEquals(List.of(), run(async(() -> await(gather(List.<Coroutine<Object>>of())))));
    }
}
