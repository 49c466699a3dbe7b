package jasyncio.loop;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code asyncio} namespace: {@code import static jasyncio.loop.Asyncio.*;} and write
 * {@code run(async(() -> { await(sleep(1)); return 42; }))}.
 */
public final class Asyncio {
    private Asyncio() {
    }

    // ---- coroutines and await ----

    /** A coroutine object whose body returns a value; it does not run until stepped or awaited. */
    public static <T> Coroutine<T> async(AsyncCallable<T> body) {
        return Coroutine.create(null, body);
    }

    /** A coroutine object whose body returns nothing. */
    public static Coroutine<Void> async(AsyncRunnable body) {
        return Coroutine.create(null, asCallable(body));
    }

    /** A named coroutine object (the name shows in Task and Handle descriptions). */
    public static <T> Coroutine<T> async(String name, AsyncCallable<T> body) {
        return Coroutine.create(name, body);
    }

    public static Coroutine<Void> async(String name, AsyncRunnable body) {
        return Coroutine.create(name, asCallable(body));
    }

    private static AsyncCallable<Void> asCallable(AsyncRunnable body) {
        if (body == null) {
            throw new NullPointerException("a coroutine needs a body");
        }
        return () -> {
            body.run();
            return null;
        };
    }

    /**
     * Python's {@code await x}: suspends the running coroutine until the Future, Task or
     * Coroutine is done, then returns its result or throws its exception. Only inside a
     * coroutine; elsewhere it throws an IllegalStateException that says so.
     */
    public static <T> T await(Awaitable<T> awaitable) {
        if (!Coroutine.inCoroutine()) {
            throw Coroutine.notInCoroutine();
        }
        if (awaitable instanceof Coroutine<T> coro) {
            return coro.awaitFrom();
        }
        Future<T> future = (Future<T>) awaitable;
        if (!future.isDone()) {
            Coroutine.suspend(future);
        }
        return future.result();
    }

    // ---- the loop ----

    /** asyncio.run: a new loop, the coroutine run to completion as a Task, leftovers cancelled, loop closed. */
    public static <T> T run(Coroutine<T> main) {
        return run(main, false);
    }

    public static <T> T run(Coroutine<T> main, boolean debug) {
        try (Runner runner = new Runner(debug)) {
            return runner.run(main);
        }
    }

    /** The same as {@link #run(Coroutine)}, for an argument that may not be a coroutine (an error, as in asyncio). */
    public static <T> T run(Object main) {
        try (Runner runner = new Runner()) {
            return runner.run(main);
        }
    }

    public static EventLoop newEventLoop() {
        return new EventLoop();
    }

    /** asyncio.get_running_loop: the loop running on this thread; throws when none is. */
    public static EventLoop getRunningLoop() {
        return EventLoop.getRunningLoop();
    }

    // ---- tasks ----

    /** asyncio.create_task: wraps the coroutine in a Task on the running loop and schedules it. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return EventLoop.getRunningLoop().createTask(coro);
    }

    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return EventLoop.getRunningLoop().createTask(coro, name);
    }

    public static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof Future<T> future) {
            return future;
        }
        return EventLoop.getRunningLoop().ensureFuture(awaitable);
    }

    /** asyncio.current_task: the task running now, or null outside any task. */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.runningLoopOrNull();
        return loop == null ? null : loop.currentTask();
    }

    /** asyncio.all_tasks: the running loop's tasks that are not done. */
    public static List<Task<?>> allTasks() {
        return EventLoop.getRunningLoop().allTasks();
    }

    // ---- sleeping and gathering ----

    /** asyncio.sleep(seconds): a coroutine to await. */
    public static Coroutine<Void> sleep(double seconds) {
        return Tasks.sleep(seconds, null);
    }

    /** asyncio.sleep(seconds, result): a coroutine whose result is {@code value}. */
    public static <T> Coroutine<T> sleep(double seconds, T value) {
        return Tasks.sleep(seconds, value);
    }

    /** asyncio.gather(*aws): results in order; the first exception is raised to the awaiter. */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return Tasks.gather(Arrays.asList(awaitables), false);
    }

    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return Tasks.gather(awaitables, false);
    }

    /** asyncio.gather(*aws, return_exceptions=...). */
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables, boolean returnExceptions) {
        return Tasks.gather(awaitables, returnExceptions);
    }

    // ---- threads ----

    /**
     * asyncio.run_coroutine_threadsafe: from any thread, runs the coroutine as a Task on the
     * loop (running in another thread); cancelling the returned future cancels the task.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return RunCoroutineThreadsafe.runCoroutineThreadsafe(coro, loop);
    }
}
