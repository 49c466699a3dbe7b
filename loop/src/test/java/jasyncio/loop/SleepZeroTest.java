package jasyncio.loop;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.createTask;
import static jasyncio.loop.Asyncio.gather;
import static jasyncio.loop.Asyncio.run;
import static jasyncio.loop.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sleep(0): a task yields to every task ready before it, again and again (its step Handle is reused). */
class SleepZeroTest {
    @Test
    void repeatedSleepZeroRoundRobinsTheReadyTasksInOrder() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            List<Coroutine<Void>> workers = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                workers.add(async(() -> {
                    for (int i = 1; i <= 3; i++) {
                        log.add(name + i);
                        await(sleep(0));
                    }
                }));
            }
            await(gather(workers));
        }));
        assertEquals(List.of("a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3"), log);
    }

    @Test
    void eachSleepZeroPutsTheTasksStepOnceInTheReadyQueue() {
        try (EventLoop loop = new EventLoop()) {
            List<Integer> readyLengths = new ArrayList<>();
            Task<Void> task = loop.createTask(async(() -> {
                for (int i = 0; i < 3; i++) {
                    await(sleep(0));
                    readyLengths.add(loop.readyHandles().size());
                }
            }));
            loop.runUntilComplete(task);
            assertEquals(List.of(0, 0, 0), readyLengths); // the handle that ran is gone; none doubled
        }
    }

    @Test
    void aTaskCancelledAtSleepZeroThatSwallowsItGoesOnYielding() {
        List<String> log = new ArrayList<>();
        String result = run(async(() -> {
            Task<String> task = createTask(async(() -> {
                for (int i = 1; i <= 3; i++) {
                    try {
                        await(sleep(0));
                        log.add("slept " + i);
                    } catch (CancelledError e) {
                        log.add("cancelled " + i);
                    }
                }
                return "done";
            }));
            await(sleep(0)); // the task ran to its first sleep(0); its next step is queued
            task.cancel();
            String r = await(task);
            assertFalse(task.isCancelled());
            assertEquals(1, task.cancelling());
            return r;
        }));
        assertEquals("done", result);
        assertEquals(List.of("cancelled 1", "slept 2", "slept 3"), log);
    }
}
