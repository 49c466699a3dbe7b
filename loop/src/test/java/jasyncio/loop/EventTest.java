package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopSteps.letOthersRun;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTest {
    @Test
    void setWakesEveryWaiter() {
        run(async(() -> {
            Event event = new Event();
            List<Task<Boolean>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(createTask(event.waitAsync()));
            }
            letOthersRun();
            for (Task<Boolean> w : waiters) {
                assertFalse(w.isDone(), "waiters wait until the event is set");
            }
            assertEquals("<Event [unset, waiters:3]>", event.toString());
            event.set();
            assertTrue(event.isSet());
            letOthersRun();
            for (Task<Boolean> w : waiters) {
                assertTrue(w.isDone(), "set() wakes all waiters, not one");
                assertTrue(w.result());
            }
            assertEquals("<Event [set]>", event.toString());
        }));
    }

    @Test
    void waitReturnsWithoutSuspendingWhenAlreadySet() {
        run(async(() -> {
            Event event = new Event();
            event.set();
            long before = getRunningLoop().iteration();
            assertTrue(await(event.waitAsync()));
            assertEquals(before, getRunningLoop().iteration(), "no loop iteration passed: the task never suspended");
        }));
    }

    @Test
    void clearMakesLaterWaitsWaitForTheNextSet() {
        run(async(() -> {
            Event event = new Event();
            event.set();
            event.clear();
            assertFalse(event.isSet());
            Task<Boolean> waiter = createTask(event.waitAsync());
            letOthersRun();
            assertFalse(waiter.isDone());
            event.set();
            assertTrue(await(waiter));
        }));
    }

    @Test
    void aCancelledWaiterLeavesTheEvent() {
        run(async(() -> {
            Event event = new Event();
            Task<Boolean> waiter = createTask(event.waitAsync());
            letOthersRun();
            waiter.cancel();
            letOthersRun();
            assertTrue(waiter.isCancelled());
            assertEquals("<Event [unset]>", event.toString());
        }));
    }
}
