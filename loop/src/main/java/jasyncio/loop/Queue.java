package jasyncio.loop;

import static jasyncio.loop.Asyncio.await;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * asyncio.Queue (queues.py): a FIFO queue between the tasks of one loop. With a maxsize
 * above 0, {@link #put} waits while the queue is full; {@link #get} waits while it is
 * empty. Waiting getters and putters are woken one per item, oldest first.
 *
 * <p>{@link #taskDone} and {@link #join} count work: every put adds an unfinished task,
 * every taskDone() ends one, and join() waits until none is left. {@link #shutdown} (3.13)
 * makes puts fail, and gets fail once the queue is empty (at once when immediate).
 *
 * <p>Items may not be null. Subclasses choose the order by the storage they hand to
 * {@link #Queue(int, java.util.Queue)} (asyncio's {@code _init}/{@code _put}/{@code _get}):
 * see {@link PriorityQueue} and {@link LifoQueue}.
 */
public class Queue<T> extends LoopBoundMixin {
    private final int maxsize;
    private final java.util.Queue<T> items;
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
    private int unfinishedTasks;
    private final Event finished = new Event();
    private boolean isShutdown;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue of at most maxsize items; 0 or less means unbounded. */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    /** A queue kept in {@code items}, whose offer/poll decide the order items come out in. */
    protected Queue(int maxsize, java.util.Queue<T> items) {
        this.maxsize = maxsize;
        this.items = items;
        finished.set();
    }

    /** How many items are in the queue now. */
    public int qsize() {
        return items.size();
    }

    public int maxsize() {
        return maxsize;
    }

    public boolean empty() {
        return items.isEmpty();
    }

    /** True when maxsize items are in the queue; never for an unbounded queue. */
    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * Puts an item, first waiting for a free slot while the queue is full.
     *
     * @throws QueueShutDown when the queue is shut down, also while waiting
     */
    public Coroutine<Void> put(T item) {
        return Coroutine.create("Queue.put", () -> {
            while (full()) {
                if (isShutdown) {
                    throw new QueueShutDown();
                }
                waitIn(putters, () -> !full());
            }
            putNowait(item);
            return null;
        });
    }

    /**
     * Puts an item if a slot is free now.
     *
     * @throws QueueFull when the queue is full
     * @throws QueueShutDown when the queue is shut down
     */
    public void putNowait(T item) {
        if (item == null) {
            throw new NullPointerException("a Queue cannot hold null");
        }
        if (isShutdown) {
            throw new QueueShutDown();
        }
        if (full()) {
            throw new QueueFull();
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        wakeupNext(getters);
    }

    /**
     * Removes and returns an item, first waiting while the queue is empty.
     *
     * @throws QueueShutDown when the queue is shut down and empty, also while waiting
     */
    public Coroutine<T> get() {
        return Coroutine.create("Queue.get", () -> {
            while (empty()) {
                if (isShutdown) {
                    throw new QueueShutDown();
                }
                waitIn(getters, () -> !empty());
            }
            return getNowait();
        });
    }

    /**
     * Removes and returns an item if one is there now.
     *
     * @throws QueueEmpty when the queue is empty
     * @throws QueueShutDown when the queue is empty and shut down
     */
    public T getNowait() {
        if (empty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        T item = items.poll();
        wakeupNext(putters);
        return item;
    }

    /**
     * Waits in line (getters or putters) until woken. A waiter that leaves by an exception
     * (a cancellation) drops its future, and when it had already been woken for a slot or
     * an item that is still {@code available}, wakes the next in line instead, so the
     * wake-up is not lost.
     */
    private void waitIn(ArrayDeque<Future<Void>> waiters, BooleanSupplier available) {
        Future<Void> waiter = getLoop().createFuture();
        waiters.addLast(waiter);
        try {
            await(waiter);
        } catch (Throwable t) {
            waiter.cancel(); // in case it is not done yet
            waiters.remove(waiter); // a wakeupNext or shutdown may have removed it already
            if (available.getAsBoolean() && !waiter.isCancelled()) {
                wakeupNext(waiters);
            }
            throw t;
        }
    }

    /** _wakeup_next: wakes the first waiter that is not cancelled, dropping the ones that are. */
    private static void wakeupNext(ArrayDeque<Future<Void>> waiters) {
        while (!waiters.isEmpty()) {
            Future<Void> waiter = waiters.pollFirst();
            if (!waiter.isDone()) {
                waiter.setResult(null);
                break;
            }
        }
    }

    /**
     * Marks one item taken by a consumer as processed; when every item put has been
     * processed, {@link #join} returns.
     *
     * @throws IllegalStateException when called more times than items were put (asyncio's ValueError)
     */
    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("task_done() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /** Waits until every item put has been marked done with {@link #taskDone}. */
    public Coroutine<Void> join() {
        return Coroutine.create("Queue.join", () -> {
            if (unfinishedTasks > 0) {
                await(finished.waitAsync());
            }
            return null;
        });
    }

    /** shutdown(immediate=False): puts fail from now on; gets fail once the queue is empty. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (3.13): puts raise {@link QueueShutDown}; gets raise it once the
     * queue is empty. With {@code immediate} the items left are dropped and each counts as
     * done, which may end a {@link #join}. Every blocked get and put is woken to re-check.
     */
    public void shutdown(boolean immediate) {
        isShutdown = true;
        if (immediate) {
            while (!empty()) {
                items.poll();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        wakeAll(getters);
        wakeAll(putters);
    }

    private static void wakeAll(ArrayDeque<Future<Void>> waiters) {
        while (!waiters.isEmpty()) {
            Future<Void> waiter = waiters.pollFirst();
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<").append(getClass().getSimpleName()).append(" maxsize=").append(maxsize);
        if (!items.isEmpty()) {
            out.append(" _queue=").append(new ArrayList<>(items));
        }
        if (!getters.isEmpty()) {
            out.append(" _getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            out.append(" _putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks != 0) {
            out.append(" tasks=").append(unfinishedTasks);
        }
        if (isShutdown) {
            out.append(" shutdown");
        }
        return out.append('>').toString();
    }
}
