package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopSteps.letOthersRun;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {
    @Test
    void acquireCountsDownAndTheSemaphoreIsLockedAtZero() {
        run(async(() -> {
            Semaphore sem = new Semaphore(2);
            assertEquals(2, sem.value());
            await(sem.acquire());
            assertEquals(1, sem.value());
            assertFalse(sem.locked());
            await(sem.acquire());
            assertEquals(0, sem.value());
            assertTrue(sem.locked());
            sem.release();
            assertEquals(1, sem.value());
        }));
    }

    @Test
    void atMostValueTasksHoldItAtOnce() {
        int[] inside = {0};
        int[] mostInside = {0};
        run(async(() -> {
            Semaphore sem = new Semaphore(2);
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(createTask(async(() -> {
                    try (var _ = await(sem.hold())) {
                        inside[0]++;
                        mostInside[0] = Math.max(mostInside[0], inside[0]);
                        await(sleep(0));
                        inside[0]--;
                    }
                })));
            }
            await(gather(tasks));
            assertEquals(2, sem.value());
        }));
        assertEquals(2, mostInside[0]);
    }

    @Test
    void waitersAreWokenInFifoOrder() {
        List<Integer> order = new ArrayList<>();
        run(async(() -> {
            Semaphore sem = new Semaphore(0);
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tasks.add(createTask(async(() -> {
                    await(sem.acquire());
                    order.add(n);
                })));
                await(sleep(0)); // task n queues before task n+1 starts
            }
            for (int i = 0; i < 5; i++) {
                sem.release();
                letOthersRun(2);
            }
            await(gather(tasks));
        }));
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void aNewcomerQueuesBehindAWokenWaiter() {
        List<String> order = new ArrayList<>();
        run(async(() -> {
            Semaphore sem = new Semaphore(1);
            await(sem.acquire());
            Task<Void> waiter = createTask(async(() -> {
                await(sem.acquire());
                order.add("waiter");
                sem.release();
            }));
            letOthersRun();
            sem.release(); // the unit goes to the waiter, not to whoever asks next
            assertEquals(0, sem.value());
            assertTrue(sem.locked());
            await(sem.acquire());
            order.add("newcomer");
            await(waiter);
        }));
        assertEquals(List.of("waiter", "newcomer"), order);
    }

    @Test
    void aNewcomerWaitsForWokenWaitersToRunEvenWhenUnitsAreFree() {
        List<String> order = new ArrayList<>();
        run(async(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> waiter = createTask(async(() -> {
                await(sem.acquire());
                order.add("waiter");
            }));
            letOthersRun();
            sem.release(); // hands a unit to the waiter
            sem.release(); // a free unit, while the woken waiter has not run yet
            assertEquals(1, sem.value());
            assertTrue(sem.locked(), "FIFO: locked while a waiter that is not cancelled is queued");
            await(sem.acquire());
            order.add("newcomer");
            await(waiter);
        }));
        assertEquals(List.of("waiter", "newcomer"), order);
    }

    @Test
    void aWaiterCancelledAfterItWasWokenGivesItsUnitToTheNext() {
        run(async(() -> {
            Semaphore sem = new Semaphore(1);
            await(sem.acquire());
            Task<Boolean> first = createTask(sem.acquire());
            Task<Boolean> second = createTask(sem.acquire());
            letOthersRun();
            sem.release(); // hands the unit to `first` ...
            first.cancel(); // ... which is cancelled before it runs
            letOthersRun();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone(), "the unit must go to the next waiter, not be lost");
            assertEquals(0, sem.value());
            sem.release();
            assertEquals(1, sem.value());
        }));
    }

    @Test
    void aCancelledWaiterLeavesNoStaleWaiter() {
        run(async(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Boolean> waiter = createTask(sem.acquire());
            letOthersRun();
            assertEquals("<Semaphore [locked, waiters:1]>", sem.toString());
            waiter.cancel();
            letOthersRun();
            assertEquals("<Semaphore [locked]>", sem.toString());
            sem.release();
            assertEquals("<Semaphore [unlocked, value:1]>", sem.toString(), "no stale waiter took the unit");
        }));
    }

    @Test
    void aNegativeInitialValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("Semaphore initial value must be >= 0", e.getMessage());
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedAboveItsInitialValue() {
        run(async(() -> {
            BoundedSemaphore bounded = new BoundedSemaphore(2);
            await(bounded.acquire());
            bounded.release();
            IllegalStateException e = assertThrows(IllegalStateException.class, bounded::release);
            assertEquals("BoundedSemaphore released too many times", e.getMessage());
            assertEquals(2, bounded.value());

            Semaphore plain = new Semaphore(2);
            plain.release(); // a plain semaphore has no bound
            assertEquals(3, plain.value());
        }));
    }
}
