package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopSteps.letOthersRun;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {
    @Test
    void acquireTakesAFreeLockAndReleaseFreesIt() {
        run(async(() -> {
            Lock lock = new Lock();
            assertFalse(lock.locked());
            assertTrue(await(lock.acquire()));
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
        }));
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    @Test
    void aSecondAcquireWaitsUntilRelease() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> other = createTask(async(() -> {
                await(lock.acquire());
                log.add("other has it");
                lock.release();
            }));
            letOthersRun();
            assertFalse(other.isDone(), "the second acquire must wait while the lock is held");
            log.add("releasing");
            lock.release();
            await(other);
        }));
        assertEquals(List.of("releasing", "other has it"), log);
    }

    @Test
    void waitersGetTheLockInFifoOrder() {
        List<Integer> order = new ArrayList<>();
        run(async(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tasks.add(createTask(async(() -> {
                    await(lock.acquire());
                    try {
                        order.add(n);
                        await(sleep(0));
                    } finally {
                        lock.release();
                    }
                })));
                await(sleep(0)); // task n queues before task n+1 starts
            }
            lock.release();
            await(gather(tasks));
        }));
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void aNewcomerDoesNotOvertakeAWaiterThatWasWoken() {
        List<String> order = new ArrayList<>();
        run(async(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> waiter = createTask(async(() -> {
                await(lock.acquire());
                order.add("waiter");
                lock.release();
            }));
            letOthersRun();
            lock.release(); // the lock is free, but promised to the waiter
            await(lock.acquire());
            order.add("newcomer");
            lock.release();
            await(waiter);
        }));
        assertEquals(List.of("waiter", "newcomer"), order);
    }

    @Test
    void aCancelledWaiterLeavesNoStaleWaiterAndTheNextOneGetsTheLock() {
        run(async(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Boolean> cancelled = createTask(lock.acquire());
            Task<Boolean> next = createTask(lock.acquire());
            letOthersRun();
            assertEquals("<Lock [locked, waiters:2]>", lock.toString());
            cancelled.cancel();
            letOthersRun();
            assertTrue(cancelled.isCancelled());
            assertEquals("<Lock [locked, waiters:1]>", lock.toString(), "the cancelled waiter must leave the queue");
            lock.release();
            assertTrue(await(next));
            assertEquals("<Lock [locked]>", lock.toString());
            lock.release();
            assertEquals("<Lock [unlocked]>", lock.toString());
        }));
    }

    @Test
    void aWaiterCancelledAfterItWasWokenPassesTheLockToTheNextWaiter() {
        run(async(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Boolean> first = createTask(lock.acquire());
            Task<Boolean> second = createTask(lock.acquire());
            letOthersRun();
            lock.release(); // wakes `first` ...
            first.cancel(); // ... which is cancelled before it runs, so it never takes the lock
            letOthersRun();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone(), "the lock must be passed on to the next waiter (_wake_up_first)");
            assertTrue(second.result());
            assertTrue(lock.locked());
            assertEquals("<Lock [locked]>", lock.toString());
        }));
    }

    @Test
    void holdReleasesTheLockWhenTheBlockThrows() {
        run(async(() -> {
            Lock lock = new Lock();
            RuntimeException boom = new RuntimeException("boom");
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
                try (var _ = await(lock.hold())) {
                    assertTrue(lock.locked());
                    throw boom;
                }
            });
            assertSame(boom, thrown);
            assertFalse(lock.locked());
        }));
    }

    @Test
    void holdExcludesOtherTasksAcrossAwaits() {
        int[] inside = {0};
        int[] mostInside = {0};
        run(async(() -> {
            Lock lock = new Lock();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(createTask(async(() -> {
                    try (var _ = await(lock.hold())) {
                        inside[0]++;
                        mostInside[0] = Math.max(mostInside[0], inside[0]);
                        await(sleep(0));
                        inside[0]--;
                    }
                })));
            }
            await(gather(tasks));
        }));
        assertEquals(1, mostInside[0]);
    }

    /** The sharp edge the Lock's class comment warns about: a ReentrantLock held across an await excludes nothing. */
    @Test
    void aThreadLockHeldAcrossAnAwaitDoesNotExcludeTasksOfTheSameLoop() {
        assumeTrue(Coroutine.CONTINUATIONS, "with continuations every task runs on the loop thread");
        ReentrantLock threadLock = new ReentrantLock();
        int[] inside = {0};
        int[] mostInside = {0};
        run(async(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                tasks.add(createTask(async(() -> {
                    threadLock.lock();
                    try {
                        inside[0]++;
                        mostInside[0] = Math.max(mostInside[0], inside[0]);
                        await(sleep(0));
                        inside[0]--;
                    } finally {
                        threadLock.unlock();
                    }
                })));
            }
            await(gather(tasks));
        }));
        assertEquals(2, mostInside[0], "both tasks were inside the locked region at once");
    }

    /**
     * The other sharp edge: on JDK 25 a monitor stays with the suspended task's frames, so
     * a second task entering the same synchronized block blocks the loop thread for good.
     * The test's loop runs on a daemon thread that is left blocked: nothing can wake it.
     */
    @Test
    void synchronizedHeldAcrossAnAwaitBlocksTheLoopThread() throws InterruptedException {
        assumeTrue(Coroutine.CONTINUATIONS, "with continuations every task runs on the loop thread");
        Object monitor = new Object();
        Thread loopThread = Thread.ofPlatform().daemon().name("deadlocked-loop").start(() -> run(async(() -> {
            Task<Void> first = createTask(async(() -> {
                synchronized (monitor) {
                    await(sleep(0));
                }
            }));
            Task<Void> second = createTask(async(() -> {
                synchronized (monitor) {
                    await(sleep(0));
                }
            }));
            await(gather(first, second));
        })));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (loopThread.getState() != Thread.State.BLOCKED && loopThread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1); // polling the thread's state: there is no event to wait for
        }
        assertEquals(Thread.State.BLOCKED, loopThread.getState(), "the loop thread waits for a monitor its own task holds");
    }

    @Test
    void aLockIsBoundToTheLoopItFirstWaitedOn() {
        Lock lock = new Lock();
        run(async(() -> {
            await(lock.acquire());
            Task<Boolean> waiter = createTask(lock.acquire()); // binds the lock to this loop
            letOthersRun();
            lock.release();
            await(waiter);
        }));
        run(async(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(lock.acquire()));
            assertTrue(e.getMessage().contains("bound to a different event loop"), e.getMessage());
        }));
    }
}
