package jasyncio.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** tasks.py's functions on awaitables: gather and sleep (the rest live in their own files). */
public final class Tasks {
    private Tasks() {
    }

    /**
     * asyncio.gather: runs the awaitables concurrently; the returned future's result is the
     * list of their results in order. Without returnExceptions the first failure is raised
     * to the awaiter (the others go on); with it, exceptions take their places in the list.
     */
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables, boolean returnExceptions) {
        if (awaitables.isEmpty()) {
            Future<List<T>> outer = EventLoop.getRunningLoop().createFuture();
            outer.setResult(new ArrayList<>());
            return outer;
        }
        EventLoop loop = loopOf(awaitables);
        Map<Awaitable<?>, Future<? extends T>> seen = new IdentityHashMap<>();
        List<Future<? extends T>> children = new ArrayList<>(awaitables.size());
        List<Future<? extends T>> alreadyDone = new ArrayList<>();
        for (Awaitable<? extends T> awaitable : awaitables) {
            Future<? extends T> future = seen.get(awaitable);
            if (future == null) {
                future = loop.ensureFuture(awaitable);
                if (future != awaitable && future instanceof Task<?> task) {
                    task.logDestroyPending = false;
                }
                seen.put(awaitable, future);
                if (future.isDone()) {
                    alreadyDone.add(future);
                }
            }
            children.add(future);
        }
        GatheringFuture<T> outer = new GatheringFuture<>(loop, children, seen.size(), returnExceptions);
        for (Future<? extends T> child : seen.values()) {
            if (!child.isDone()) {
                child.addDoneCallback(outer);
            }
        }
        for (Future<? extends T> done : alreadyDone) {
            outer.accept(done);
        }
        return outer;
    }

    /** The loop of the first Future given, or the running loop. */
    private static EventLoop loopOf(Collection<? extends Awaitable<?>> awaitables) {
        for (Awaitable<?> a : awaitables) {
            if (a instanceof Future<?> f) {
                return f.loop;
            }
        }
        return EventLoop.getRunningLoop();
    }

    private static final Consumer<Object[]> SET_RESULT_UNLESS_CANCELLED = new Consumer<>() {
        @Override
        @SuppressWarnings("unchecked")
        public void accept(Object[] futureAndValue) {
            Future<Object> future = (Future<Object>) futureAndValue[0];
            if (!future.isCancelled()) {
                future.setResult(futureAndValue[1]);
            }
        }

        @Override
        public String toString() {
            return "futures._set_result_unless_cancelled";
        }
    };

    /**
     * asyncio.sleep as a coroutine: {@code await(sleep(1.5))}. sleep(0) yields to the loop
     * once (every ready task runs before this one goes on); a positive delay waits on a
     * Future that a TimerHandle resolves.
     */
    public static <T> Coroutine<T> sleep(double seconds, T value) {
        return Coroutine.create("sleep", () -> {
            if (seconds <= 0) {
                Coroutine.suspend(null);
                return value;
            }
            EventLoop loop = EventLoop.getRunningLoop();
            Future<T> future = loop.createFuture();
            TimerHandle timer = loop.callLater(seconds, SET_RESULT_UNLESS_CANCELLED, new Object[] {future, value});
            try {
                return Asyncio.await(future);
            } finally {
                timer.cancel();
            }
        });
    }
}
