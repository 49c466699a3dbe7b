package jasyncio.loop;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio.as_completed (tasks.py, 3.13's _AsCompletedIterator): the awaitables' outcomes in
 * the order they complete. Iterate it for coroutines, each resolving to the next result (or
 * raising the next exception):
 * <pre>{@code for (Coroutine<Integer> next : asCompleted(tasks)) { int r = await(next); } }</pre>
 * or, as 3.13's {@code async for} does, get the completed futures themselves (the very
 * objects passed in, for futures and tasks):
 * <pre>{@code while (ac.hasNext()) { Future<Integer> f = await(ac.nextDone()); } }</pre>
 * With a timeout, every await still outstanding when it passes raises TimeoutError; the
 * awaitables are not cancelled. Like CPython's, it is a single-use iterator.
 */
public final class AsCompleted<T> implements Iterable<Coroutine<T>>, Iterator<Coroutine<T>> {
    /** Queued once per unfinished awaitable when the timeout passes (CPython queues None). */
    private static final Object TIMED_OUT = new Object();

    private final EventLoop loop;
    private final Set<Future<? extends T>> todo = new LinkedHashSet<>();
    /** Completed futures (or TIMED_OUT) not yet handed out: CPython's Queue, kept inline. */
    private final ArrayDeque<Object> done = new ArrayDeque<>();
    /** Awaiters waiting for {@code done} to get an element, first come first served. */
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    private final Consumer<Future<? extends T>> onCompletion = new OnCompletion();
    private TimerHandle timeoutHandle;
    private int todoLeft;

    /** Futures are followed as they are; coroutines become tasks. Timeout null: none. */
    public AsCompleted(Collection<? extends Awaitable<? extends T>> awaitables, Double timeout) {
        loop = EventLoop.getRunningLoop();
        for (Awaitable<? extends T> awaitable : new LinkedHashSet<>(awaitables)) { // each once, as set(aws)
            todo.add(loop.ensureFuture(awaitable));
        }
        for (Future<? extends T> f : todo) {
            f.addDoneCallback(onCompletion);
        }
        if (!todo.isEmpty() && timeout != null) {
            timeoutHandle = loop.callLater(timeout, this::handleTimeout);
        }
        todoLeft = todo.size();
    }

    @Override
    public Iterator<Coroutine<T>> iterator() {
        return this;
    }

    /** Whether more outcomes are to come (as many as distinct awaitables were given). */
    @Override
    public boolean hasNext() {
        return todoLeft > 0;
    }

    /** A coroutine resolving to the next result to complete, or raising its exception. */
    @Override
    public Coroutine<T> next() {
        takeTurn();
        return Coroutine.create("as_completed.wait_for_one", () -> nextFuture().result());
    }

    /** A coroutine resolving to the next future to complete (3.13's {@code async for}). */
    public Coroutine<Future<T>> nextDone() {
        takeTurn();
        return Coroutine.create("as_completed.wait_for_one", this::nextFuture);
    }

    private void takeTurn() {
        if (todoLeft == 0) {
            throw new NoSuchElementException("as_completed: every awaitable has been handed out");
        }
        todoLeft--;
    }

    /** _wait_for_one: the next completed future, waiting for one if none is queued. */
    @SuppressWarnings("unchecked")
    private Future<T> nextFuture() {
        while (done.isEmpty()) {
            Future<Void> getter = loop.createFuture();
            getters.addLast(getter);
            try {
                Asyncio.await(getter);
            } catch (CancelledError e) {
                getters.remove(getter);
                if (getter.isDone() && !getter.isCancelled()) {
                    wakeNextGetter(); // we were woken but leave: pass the turn on
                }
                throw e;
            }
        }
        Object next = done.pollFirst();
        if (next == TIMED_OUT) {
            throw new TimeoutError();
        }
        return (Future<T>) next;
    }

    private void put(Object item) {
        done.addLast(item);
        wakeNextGetter();
    }

    private void wakeNextGetter() {
        Future<Void> getter;
        while ((getter = getters.pollFirst()) != null) {
            if (!getter.isDone()) {
                getter.setResult(null);
                return;
            }
        }
    }

    /** _handle_timeout: every awaitable still to come times out. */
    private void handleTimeout() {
        for (Future<? extends T> f : todo) {
            f.removeDoneCallback(onCompletion);
            put(TIMED_OUT);
        }
        todo.clear();
    }

    /** _handle_completion. */
    private final class OnCompletion implements Consumer<Future<? extends T>> {
        @Override
        public void accept(Future<? extends T> f) {
            if (todo.isEmpty()) {
                return; // the timeout came first
            }
            todo.remove(f);
            put(f);
            if (todo.isEmpty() && timeoutHandle != null) {
                timeoutHandle.cancel();
            }
        }

        @Override
        public String toString() {
            return "as_completed._handle_completion";
        }
    }
}
