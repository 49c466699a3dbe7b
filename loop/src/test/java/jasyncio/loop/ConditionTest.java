package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopSteps.letOthersRun;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConditionTest {
    /** A task that waits on the condition once, holding its lock, and counts its wake-up. */
    private static Task<Void> waiter(Condition cond, int[] woken) {
        return createTask(async(() -> {
            try (var _ = await(cond.hold())) {
                await(cond.waitAsync());
                assertTrue(cond.locked(), "wait returns with the lock held");
                woken[0]++;
            }
        }));
    }

    @Test
    void notifyOneWakesExactlyOneWaiterAndNotifyAllWakesTheRest() {
        run(async(() -> {
            Condition cond = new Condition();
            int[] woken = {0};
            List<Task<Void>> waiters = List.of(waiter(cond, woken), waiter(cond, woken), waiter(cond, woken));
            letOthersRun();
            assertEquals(0, woken[0]);
            assertFalse(cond.locked(), "waiting released the lock");
            try (var _ = await(cond.hold())) {
                cond.notify(1);
            }
            letOthersRun();
            assertEquals(1, woken[0], "notify(1) wakes one waiter");
            try (var _ = await(cond.hold())) {
                cond.notifyAllWaiters();
            }
            await(gather(waiters));
            assertEquals(3, woken[0]);
        }));
    }

    @Test
    void aNotifiedWaiterReturnsOnlyOnceItHasTheLockBack() {
        run(async(() -> {
            Condition cond = new Condition();
            int[] woken = {0};
            Task<Void> w = waiter(cond, woken);
            letOthersRun();
            await(cond.acquire());
            cond.notify(1);
            letOthersRun();
            assertEquals(0, woken[0], "the notifier still holds the lock");
            cond.release();
            await(w);
            assertEquals(1, woken[0]);
        }));
    }

    @Test
    void waitForReturnsOnceThePredicateHolds() {
        List<String> taken = new ArrayList<>();
        run(async(() -> {
            Condition cond = new Condition();
            ArrayDeque<String> items = new ArrayDeque<>();
            Task<Void> consumer = createTask(async(() -> {
                try (var _ = await(cond.hold())) {
                    assertTrue(await(cond.waitFor(() -> !items.isEmpty())));
                    taken.add(items.poll());
                }
            }));
            letOthersRun();
            try (var _ = await(cond.hold())) {
                cond.notifyAllWaiters(); // a wake-up while the predicate is still false
            }
            letOthersRun();
            assertFalse(consumer.isDone(), "waitFor waits again while the predicate is false");
            try (var _ = await(cond.hold())) {
                items.add("item");
                cond.notify(1);
            }
            await(consumer);
        }));
        assertEquals(List.of("item"), taken);
    }

    @Test
    void waitAndNotifyWithoutTheLockAreErrors() {
        run(async(() -> {
            Condition cond = new Condition();
            IllegalStateException w = assertThrows(IllegalStateException.class, () -> await(cond.waitAsync()));
            assertEquals("cannot wait on un-acquired lock", w.getMessage());
            IllegalStateException n = assertThrows(IllegalStateException.class, () -> cond.notify(1));
            assertEquals("cannot notify on un-acquired lock", n.getMessage());
        }));
    }

    @Test
    void aCancelledWaitStillTakesTheLockBackBeforeRaising() {
        run(async(() -> {
            Condition cond = new Condition();
            boolean[] heldWhenCancelled = {false};
            Task<Void> w = createTask(async(() -> {
                await(cond.acquire());
                try {
                    await(cond.waitAsync());
                } catch (CancelledError e) {
                    heldWhenCancelled[0] = cond.locked();
                    throw e;
                } finally {
                    cond.release();
                }
            }));
            letOthersRun();
            await(cond.acquire());
            w.cancel();
            letOthersRun();
            assertFalse(w.isDone(), "the cancelled waiter waits for the lock before raising");
            cond.release();
            assertThrows(CancelledError.class, () -> await(w));
            assertTrue(heldWhenCancelled[0]);
            assertFalse(cond.locked());
        }));
    }

    @Test
    void aWaiterCancelledAfterItWasNotifiedPassesTheNotificationOn() {
        run(async(() -> {
            Condition cond = new Condition();
            int[] woken = {0};
            Task<Void> first = waiter(cond, woken);
            Task<Void> second = waiter(cond, woken);
            letOthersRun();
            try (var _ = await(cond.hold())) {
                cond.notify(1); // wakes `first` ...
                first.cancel(); // ... which is cancelled before it runs
            }
            letOthersRun();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone(), "the notification must not be lost with the cancelled waiter");
            assertEquals(1, woken[0]);
        }));
    }

    @Test
    void aConditionUsesTheLockItIsGiven() {
        run(async(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            await(lock.acquire());
            assertTrue(cond.locked());
            cond.release();
            assertFalse(lock.locked());
        }));
    }
}
