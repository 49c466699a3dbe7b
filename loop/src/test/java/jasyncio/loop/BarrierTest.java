package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopSteps.letOthersRun;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierTest {
    private static List<Task<Integer>> arrive(Barrier barrier, int count) {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(createTask(barrier.waitAsync()));
        }
        return tasks;
    }

    @Test
    void threePartiesWaitForEachOtherAndGetDistinctIndices() {
        run(async(() -> {
            Barrier barrier = new Barrier(3);
            assertEquals(3, barrier.parties());
            List<Task<Integer>> early = arrive(barrier, 2);
            letOthersRun();
            assertEquals(2, barrier.nWaiting());
            for (Task<Integer> t : early) {
                assertFalse(t.isDone(), "two of three parties must wait");
            }
            int last = await(barrier.waitAsync());
            assertEquals(2, last, "the last to arrive gets parties-1");
            Set<Integer> indices = new HashSet<>(await(gather(early)));
            indices.add(last);
            assertEquals(Set.of(0, 1, 2), indices);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        }));
    }

    @Test
    void theBarrierCanBeUsedForRoundAfterRound() {
        run(async(() -> {
            Barrier barrier = new Barrier(3);
            for (int round = 0; round < 3; round++) {
                List<Task<Integer>> tasks = arrive(barrier, 3);
                assertEquals(Set.of(0, 1, 2), new HashSet<>(await(gather(tasks))));
            }
            assertEquals("<Barrier [filling, waiters:0/3]>", barrier.toString());
        }));
    }

    @Test
    void abortBreaksTheWaitersAndEveryLaterWait() {
        run(async(() -> {
            Barrier barrier = new Barrier(3);
            List<Task<Integer>> waiting = arrive(barrier, 2);
            letOthersRun();
            await(barrier.abort());
            for (Task<Integer> t : waiting) {
                BrokenBarrierError e = assertThrows(BrokenBarrierError.class, () -> await(t));
                assertEquals("Abort or reset of barrier", e.getMessage());
            }
            assertTrue(barrier.broken());
            BrokenBarrierError later = assertThrows(BrokenBarrierError.class, () -> await(barrier.waitAsync()));
            assertEquals("Barrier aborted", later.getMessage());
            assertEquals("<Barrier [broken]>", barrier.toString());
        }));
    }

    @Test
    void resetBreaksTheWaitersThenTheBarrierFillsAgain() {
        run(async(() -> {
            Barrier barrier = new Barrier(3);
            List<Task<Integer>> waiting = arrive(barrier, 2);
            letOthersRun();
            await(barrier.reset());
            for (Task<Integer> t : waiting) {
                assertThrows(BrokenBarrierError.class, () -> await(t));
            }
            assertFalse(barrier.broken(), "reset does not leave the barrier broken");
            assertEquals(Set.of(0, 1, 2), new HashSet<>(await(gather(arrive(barrier, 3)))));
        }));
    }

    @Test
    void aCancelledPartyLeavesTheCountAsItWas() {
        run(async(() -> {
            Barrier barrier = new Barrier(2);
            Task<Integer> cancelled = createTask(barrier.waitAsync());
            letOthersRun();
            assertEquals(1, barrier.nWaiting());
            cancelled.cancel();
            letOthersRun();
            assertTrue(cancelled.isCancelled());
            assertEquals(0, barrier.nWaiting());
            assertEquals(Set.of(0, 1), new HashSet<>(await(gather(arrive(barrier, 2)))));
        }));
    }

    @Test
    void aBarrierNeedsAtLeastOneParty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertEquals("parties must be >= 1", e.getMessage());
    }
}
