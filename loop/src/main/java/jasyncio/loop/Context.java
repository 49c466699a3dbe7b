package jasyncio.loop;

import java.util.concurrent.Callable;

/**
 * contextvars.Context: the values of {@link ContextVar}s that code sees. Each {@link Task} runs
 * in a context of its own, a copy of its creator's made when it is created (asyncio's
 * {@code copy_context()} in Task.__init__), so a ContextVar set in one task is seen by that task
 * across all its awaits, and by the tasks it creates afterwards, and by no other task. Code
 * outside any task (a callback, another thread) sees its thread's context.
 *
 * <p>Why not a ThreadLocal: every coroutine of a loop runs on the loop's one thread, so a
 * ThreadLocal set by one task before an await is what the other tasks see (and may change)
 * while it waits. A ContextVar follows the task instead.
 *
 * <p>{@code toThread} runs its callable in a copy of the caller's context, as asyncio.to_thread
 * does; {@code runInExecutor} does not, as loop.run_in_executor does not: wrap the callable in
 * {@code Context.copyCurrent().run(...)} for that.
 *
 * <p>Differences from CPython: callbacks scheduled with callSoon run in their thread's context,
 * not in the one current when they were scheduled; a Task's context is held by the task
 * ({@link Task#getContext()} gives a copy) and cannot be given to createTask.
 */
public final class Context {
    /** The context of code outside any task, per thread (null: empty). */
    private static final ThreadLocal<ContextData> THREAD_DATA = new ThreadLocal<>();

    private ContextData data;
    private boolean entered;

    Context(ContextData data) {
        this.data = data;
    }

    /** contextvars.copy_context(): a new context with the values the caller sees now. */
    public static Context copyCurrent() {
        return new Context(currentData());
    }

    /** An empty context (contextvars.Context()). */
    public static Context empty() {
        return new Context(ContextData.EMPTY);
    }

    // ---- where the current values live: the running task, else the thread ----

    private static Task<?> runningTask() {
        EventLoop loop = EventLoop.runningLoopOrNull();
        return loop == null ? null : loop.currentTask();
    }

    static ContextData currentData() {
        Task<?> task = runningTask();
        if (task != null) {
            return task.contextData;
        }
        return threadData();
    }

    /** The context of code outside tasks on this thread (what a new task created there starts with). */
    static ContextData threadData() {
        ContextData d = THREAD_DATA.get();
        return d == null ? ContextData.EMPTY : d;
    }

    static void setCurrentData(ContextData d) {
        Task<?> task = runningTask();
        if (task != null) {
            task.contextData = d;
        } else if (d == ContextData.EMPTY) {
            THREAD_DATA.remove();
        } else {
            THREAD_DATA.set(d);
        }
    }

    // ---- Context.run ----

    /**
     * Context.run: calls {@code body} with this context as the current one, then restores the
     * caller's; what the body sets stays in this context. Inside a task it may await: the
     * context is the task's for the whole call, across its awaits.
     *
     * @throws IllegalStateException when this context is already entered (CPython's RuntimeError)
     */
    public <T> T run(Callable<T> body) {
        if (entered) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered");
        }
        ContextData outer = currentData();
        setCurrentData(data);
        entered = true;
        try {
            return body.call();
        } catch (Exception e) {
            throw Throwing.sneaky(e);
        } finally {
            data = currentData();
            setCurrentData(outer);
            entered = false;
        }
    }

    /** {@link #run(Callable)} for a body with no result. */
    public void run(Runnable body) {
        run(() -> {
            body.run();
            return null;
        });
    }

    // ---- the mapping ----

    /** The variable's value in this context, or null when it has none here (its default does not count). */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var) {
        Object v = data.get(var, null);
        return (T) v;
    }

    /** Whether the variable has a value in this context. */
    public boolean contains(ContextVar<?> var) {
        return data.contains(var);
    }

    /** How many variables have a value here. */
    public int size() {
        return data.size();
    }

    /** Context.copy(): a new context with the same values. */
    public Context copy() {
        return new Context(data);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<Context");
        for (int i = 0; i < data.size(); i++) {
            out.append(i == 0 ? " " : ", ").append(data.varAt(i).name()).append('=').append(data.valueAt(i));
        }
        return out.append('>').toString();
    }
}
