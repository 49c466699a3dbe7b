package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AsCompletedTest {
    @Test
    void resultsComeInCompletionOrder() {
        List<Integer> order = run(async(() -> {
            List<Task<Integer>> tasks = List.of(
                    createTask(sleep(0.06, 3)), createTask(sleep(0.02, 1)), createTask(sleep(0.04, 2)));
            List<Integer> results = new ArrayList<>();
            for (Coroutine<Integer> next : asCompleted(tasks)) {
                results.add(await(next));
            }
            return results;
        }));
        assertEquals(List.of(1, 2, 3), order);
    }

    @Test
    void anExceptionIsRaisedByItsOwnAwait() {
        run(async(() -> {
            AsCompleted<Integer> ac = asCompleted(List.of(sleep(0.03, 2), async(() -> {
                await(sleep(0.01));
                throw new IllegalStateException("first");
            })));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(ac.next()));
            assertEquals("first", e.getMessage());
            assertEquals(2, await(ac.next()));
            assertFalse(ac.hasNext());
            assertThrows(NoSuchElementException.class, ac::next);
        }));
    }

    @Test
    void aTimeoutRaisesForWhatIsOutstandingAndCancelsNothing() {
        run(async(() -> {
            Future<Integer> done = getRunningLoop().createFuture();
            done.setResult(1); // completes on the next iteration, surely before the timeout
            Task<Integer> slow = createTask(sleep(10, 2));
            Task<Integer> slower = createTask(sleep(20, 3));
            AsCompleted<Integer> ac = asCompleted(List.of(slow, done, slower), 0.05);
            assertEquals(1, await(ac.next()));
            assertThrows(TimeoutError.class, () -> await(ac.next()));
            assertThrows(TimeoutError.class, () -> await(ac.next()));
            assertFalse(ac.hasNext());
            assertFalse(slow.isCancelled());
            slow.cancel();
            slower.cancel();
        }));
    }

    @Test
    void nextDoneGivesTheOriginalFutures() {
        run(async(() -> {
            Task<Integer> late = createTask(sleep(0.03, 2));
            Task<Integer> early = createTask(sleep(0.01, 1));
            AsCompleted<Integer> ac = asCompleted(List.of(late, early));
            List<Future<Integer>> seen = new ArrayList<>();
            while (ac.hasNext()) {
                seen.add(await(ac.nextDone()));
            }
            assertEquals(2, seen.size());
            assertSame(early, seen.get(0));
            assertSame(late, seen.get(1));
        }));
    }

    @Test
    void aDuplicateIsFollowedOnce() {
        run(async(() -> {
            Task<Integer> t = createTask(sleep(0.01, 1));
            AsCompleted<Integer> ac = asCompleted(List.of(t, t));
            assertEquals(1, await(ac.next()));
            assertFalse(ac.hasNext());
        }));
    }
}
