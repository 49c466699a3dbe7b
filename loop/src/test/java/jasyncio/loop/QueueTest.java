package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopSteps.letOthersRun;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {
    @Test
    void producersAndConsumersThroughABoundedQueueAccountForEveryItem() {
        int producers = 4;
        int consumers = 3;
        int perProducer = 50;
        int maxsize = 3;
        Map<Integer, List<Integer>> received = new HashMap<>();
        int[] largestQsize = {0};
        int[] putsThatWaited = {0};
        run(async(() -> {
            Queue<int[]> queue = new Queue<>(maxsize);
            List<Task<Void>> producerTasks = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                producerTasks.add(createTask(async(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        if (queue.full()) {
                            putsThatWaited[0]++;
                        }
                        await(queue.put(new int[] {producer, i}));
                        largestQsize[0] = Math.max(largestQsize[0], queue.qsize());
                    }
                })));
            }
            List<Task<Void>> consumerTasks = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                int consumer = c;
                consumerTasks.add(createTask(async(() -> {
                    while (true) {
                        int[] item;
                        try {
                            item = await(queue.get());
                        } catch (QueueShutDown done) {
                            return;
                        }
                        received.computeIfAbsent(item[0], k -> new ArrayList<>()).add(item[1]);
                        if ((item[1] + consumer) % 3 == 0) {
                            await(sleep(0)); // consumers work at uneven speeds
                        }
                        queue.taskDone();
                    }
                })));
            }
            await(gather(producerTasks));
            await(queue.join());
            assertTrue(queue.empty());
            queue.shutdown();
            await(gather(consumerTasks));
        }));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perProducer; i++) {
            expected.add(i);
        }
        assertEquals(producers, received.size());
        for (List<Integer> fromOneProducer : received.values()) {
            assertEquals(expected, fromOneProducer, "every item arrives once, each producer's in FIFO order");
        }
        assertTrue(largestQsize[0] <= maxsize, "the bound was exceeded: " + largestQsize[0]);
        assertTrue(putsThatWaited[0] > 0, "the test must make producers wait for a full queue");
    }

    @Test
    void nowaitVariantsThrowTheirOwnExceptions() {
        run(async(() -> {
            Queue<String> queue = new Queue<>(1);
            assertThrows(QueueEmpty.class, queue::getNowait);
            queue.putNowait("a");
            assertTrue(queue.full());
            assertThrows(QueueFull.class, () -> queue.putNowait("b"));
            assertEquals("a", queue.getNowait());
            assertTrue(queue.empty());
        }));
    }

    @Test
    void anUnboundedQueueIsNeverFull() {
        run(async(() -> {
            Queue<Integer> queue = new Queue<>();
            for (int i = 0; i < 1000; i++) {
                queue.putNowait(i);
            }
            assertFalse(queue.full());
            assertEquals(1000, queue.qsize());
            assertEquals(0, queue.maxsize());
        }));
    }

    @Test
    void getWaitsForAPutAndPutWaitsForAGet() {
        run(async(() -> {
            Queue<String> queue = new Queue<>(1);
            Task<String> getter = createTask(queue.get());
            letOthersRun();
            assertFalse(getter.isDone(), "get waits on an empty queue");
            await(queue.put("x"));
            assertEquals("x", await(getter));

            queue.putNowait("y");
            Task<Void> putter = createTask(queue.put("z"));
            letOthersRun();
            assertFalse(putter.isDone(), "put waits on a full queue");
            assertEquals("y", await(queue.get()));
            await(putter);
            assertEquals("z", queue.getNowait());
        }));
    }

    @Test
    void aGetterCancelledAfterItWasWokenPassesTheItemToTheNextGetter() {
        run(async(() -> {
            Queue<String> queue = new Queue<>();
            Task<String> first = createTask(queue.get());
            Task<String> second = createTask(queue.get());
            letOthersRun();
            queue.putNowait("item"); // wakes `first` ...
            first.cancel(); // ... which is cancelled before it runs
            letOthersRun();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone(), "the wake-up must pass on to the next getter");
            assertEquals("item", second.result());
        }));
    }

    @Test
    void aCancelledPutterLeavesNoStalePutter() {
        run(async(() -> {
            Queue<String> queue = new Queue<>(1);
            queue.putNowait("a");
            Task<Void> putter = createTask(queue.put("b"));
            letOthersRun();
            assertEquals("<Queue maxsize=1 _queue=[a] _putters[1] tasks=1>", queue.toString());
            putter.cancel();
            letOthersRun();
            assertEquals("<Queue maxsize=1 _queue=[a] tasks=1>", queue.toString());
        }));
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        run(async(() -> {
            Queue<String> queue = new Queue<>();
            await(queue.join()); // nothing put: returns at once
            queue.putNowait("a");
            queue.putNowait("b");
            Task<Void> joiner = createTask(queue.join());
            queue.getNowait();
            queue.getNowait();
            letOthersRun();
            assertFalse(joiner.isDone(), "taking items is not finishing them");
            queue.taskDone();
            letOthersRun();
            assertFalse(joiner.isDone(), "one item is still unfinished");
            queue.taskDone();
            await(joiner);
            IllegalStateException e = assertThrows(IllegalStateException.class, queue::taskDone);
            assertEquals("task_done() called too many times", e.getMessage());
        }));
    }

    @Test
    void afterShutdownPutsFailAndGetsDrainTheQueueThenFail() {
        run(async(() -> {
            Queue<String> queue = new Queue<>();
            queue.putNowait("a");
            queue.putNowait("b");
            queue.shutdown();
            assertThrows(QueueShutDown.class, () -> queue.putNowait("c"));
            assertThrows(QueueShutDown.class, () -> await(queue.put("c")));
            assertEquals("a", await(queue.get()));
            assertEquals("b", queue.getNowait());
            assertThrows(QueueShutDown.class, () -> await(queue.get()));
            assertThrows(QueueShutDown.class, queue::getNowait);
        }));
    }

    @Test
    void shutdownWakesBlockedGettersAndPutters() {
        run(async(() -> {
            Queue<String> empty = new Queue<>();
            Task<String> getter = createTask(empty.get());
            Queue<String> full = new Queue<>(1);
            full.putNowait("a");
            Task<Void> putter = createTask(full.put("b"));
            letOthersRun();
            empty.shutdown();
            full.shutdown();
            assertThrows(QueueShutDown.class, () -> await(getter));
            assertThrows(QueueShutDown.class, () -> await(putter));
            assertEquals("a", full.getNowait(), "a plain shutdown keeps the items for getters");
        }));
    }

    @Test
    void shutdownImmediateDropsTheItemsAndReleasesJoin() {
        run(async(() -> {
            Queue<String> queue = new Queue<>();
            queue.putNowait("a");
            queue.putNowait("b");
            Task<Void> joiner = createTask(queue.join());
            letOthersRun();
            assertFalse(joiner.isDone());
            queue.shutdown(true);
            assertEquals(0, queue.qsize());
            assertThrows(QueueShutDown.class, () -> await(queue.get()), "an immediate shutdown fails gets at once");
            await(joiner); // each dropped item counted as done
        }));
    }

    @Test
    void shutdownImmediateStillWaitsForItemsAlreadyTaken() {
        run(async(() -> {
            Queue<String> queue = new Queue<>();
            queue.putNowait("a");
            queue.putNowait("b");
            queue.putNowait("c");
            assertEquals("a", queue.getNowait()); // taken but not done: join still waits for it
            Task<Void> joiner = createTask(queue.join());
            letOthersRun();
            queue.shutdown(true);
            assertEquals(0, queue.qsize());
            assertThrows(QueueShutDown.class, queue::getNowait);
            letOthersRun();
            assertFalse(joiner.isDone(), "the item taken before shutdown is still unfinished");
            queue.taskDone();
            await(joiner);
            assertEquals("<Queue maxsize=0 shutdown>", queue.toString());
        }));
    }

    @Test
    void aPriorityQueueGivesTheSmallestFirst() {
        run(async(() -> {
            PriorityQueue<Integer> natural = new PriorityQueue<>();
            for (int n : new int[] {5, 1, 4, 2, 3}) {
                natural.putNowait(n);
            }
            List<Integer> out = new ArrayList<>();
            while (!natural.empty()) {
                out.add(await(natural.get()));
            }
            assertEquals(List.of(1, 2, 3, 4, 5), out);

            PriorityQueue<String> byLength = new PriorityQueue<>(2, Comparator.comparingInt(String::length));
            byLength.putNowait("ccc");
            byLength.putNowait("a");
            assertThrows(QueueFull.class, () -> byLength.putNowait("bb"));
            assertEquals("a", byLength.getNowait());
        }));
    }

    @Test
    void aLifoQueueGivesTheNewestFirst() {
        run(async(() -> {
            LifoQueue<Integer> queue = new LifoQueue<>();
            queue.putNowait(1);
            queue.putNowait(2);
            queue.putNowait(3);
            assertEquals(3, queue.getNowait());
            assertEquals(2, await(queue.get()));
            assertEquals(1, queue.getNowait());
        }));
    }

    @Test
    void aQueueIsBoundToTheLoopItFirstWaitedOn() {
        Queue<String> queue = new Queue<>();
        run(async(() -> {
            Task<String> getter = createTask(queue.get()); // waits, so binds the queue to this loop
            letOthersRun();
            queue.putNowait("x");
            await(getter);
        }));
        run(async(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(queue.get()));
            assertTrue(e.getMessage().contains("bound to a different event loop"), e.getMessage());
        }));
    }
}
