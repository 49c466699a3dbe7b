package jasyncio.loop;

/**
 * asyncio.Runner (runners.py): runs coroutines on a loop it makes lazily, then cancels what
 * is left and closes the loop. {@link Asyncio#run} is {@code try (Runner r = new Runner()) { r.run(coro) }}.
 */
public final class Runner implements AutoCloseable {
    private enum State { CREATED, INITIALIZED, CLOSED }

    /** How long close() waits for the default executor's threads (asyncio's THREAD_JOIN_TIMEOUT). */
    static final double THREAD_JOIN_TIMEOUT = 300;

    private final boolean debug;
    private State state = State.CREATED;
    private EventLoop loop;

    public Runner() {
        this(false);
    }

    public Runner(boolean debug) {
        this.debug = debug;
    }

    /** Runs the coroutine to completion on this runner's loop and returns its result. */
    @SuppressWarnings("unchecked")
    public <T> T run(Object coro) {
        if (!(coro instanceof Coroutine<?>)) {
            throw new IllegalArgumentException("a coroutine was expected, got " + coro);
        }
        if (EventLoop.runningLoopOrNull() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        lazyInit();
        Task<T> task = loop.createTask((Coroutine<T>) coro);
        return loop.runUntilComplete(task);
    }

    /** The runner's loop, made on first use. */
    public EventLoop getLoop() {
        lazyInit();
        return loop;
    }

    private void lazyInit() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("Runner is closed");
        }
        if (state == State.INITIALIZED) {
            return;
        }
        loop = new EventLoop();
        loop.setDebug(debug);
        state = State.INITIALIZED;
    }

    /**
     * Cancels the tasks still pending, waits for them to finish, shuts down the default
     * executor (waiting for its threads), and closes the loop.
     */
    @Override
    public void close() {
        if (state != State.INITIALIZED) {
            return; // as in CPython: a runner never used stays usable
        }
        try {
            cancelAllTasks(loop);
            loop.runUntilComplete(loop.shutdownDefaultExecutor(THREAD_JOIN_TIMEOUT));
        } finally {
            loop.close();
            loop = null;
            state = State.CLOSED;
        }
    }

    /** runners._cancel_all_tasks: cancel, gather with return_exceptions, report what failed. */
    static void cancelAllTasks(EventLoop loop) {
        var toCancel = loop.allTasks();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> task : toCancel) {
            task.cancel();
        }
        loop.runUntilComplete(Tasks.gather(toCancel, true));
        for (Task<?> task : toCancel) {
            if (!task.isCancelled() && task.exception() != null) {
                loop.callExceptionHandler(new ExceptionContext(
                        "unhandled exception during asyncio.run() shutdown", task.exception(), null, task));
            }
        }
    }
}
