package jasyncio.kernel.magic;

import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The observer behind %%trace: one readable line per loop event, handed to {@code out} as it
 * happens (the kernel batches it into stream messages), e.g.
 * {@code +0.412ms it=3 callSoon Handle<Task-5.step> ready=[Handle<Task-5.step>] (1)};
 * past the limit, events are only counted. It also keeps what the summary draws: counts by
 * kind, each task's steps, the ready queue's length over time, the first calls of the run.
 * Runs on the loop thread only, so it needs no locks.
 */
final class LoopTrace implements LoopObserver {
    /** The ready queue is listed on a line when it is at most this long. */
    static final int SHOWN_READY = 4;
    static final int CHAIN_LENGTH = 8;

    private final EventLoop loop;
    private final TraceOptions options;
    private final Consumer<String> out;
    private final long start = System.nanoTime();
    final long[] counts = new long[TraceKind.values().length];
    final Samples readyLengths = new Samples(2048);
    final Samples steps = new Samples(4096);
    final Map<String, Integer> lanes = new LinkedHashMap<>();
    final List<TraceKind> chain = new ArrayList<>();
    long shown;
    long hidden;
    private int readyLength;
    private long endNanos = -1;

    LoopTrace(EventLoop loop, TraceOptions options, Consumer<String> out) {
        this.loop = loop;
        this.options = options;
        this.out = out;
        this.readyLength = loop.readyHandles().size();
    }

    TraceOptions options() {
        return options;
    }

    /** Nanoseconds since the trace began (its end once {@link #end()}). */
    long elapsedNanos() {
        return (endNanos < 0 ? System.nanoTime() : endNanos) - start;
    }

    void end() {
        endNanos = System.nanoTime();
    }

    long events() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** %run_until_complete tells the trace where the chain starts, before it wraps its argument. */
    void runUntilComplete(Object awaitable) {
        event(TraceKind.RUN_UNTIL_COMPLETE, null, describe(awaitable));
    }

    @Override
    public void iterationStarted(long iteration) {
        event(TraceKind.ITERATION, null, "runOnce #" + iteration);
    }

    @Override
    public void handleScheduled(Handle handle, int length) {
        readyLength = length;
        event(TraceKind.CALL_SOON, taskOf(handle), handle.toString());
    }

    @Override
    public void timerScheduled(TimerHandle timer) {
        event(TraceKind.TIMER_SCHEDULED, taskOf(timer), timer + " due in " + ms((timer.when() - loop.time()) * 1e9));
    }

    @Override
    public void timerCancelled(TimerHandle timer) {
        event(TraceKind.TIMER_CANCELLED, taskOf(timer), timer.toString());
    }

    @Override
    public void timerDue(TimerHandle timer) {
        readyLength++;
        event(TraceKind.TIMER_DUE, taskOf(timer), timer.toString());
    }

    @Override
    public void waitEntered(double timeoutSeconds) {
        event(TraceKind.WAIT, null, "timeout=" + (timeoutSeconds < 0 ? "None (until woken)" : ms(timeoutSeconds * 1e9)));
    }

    @Override
    public void waitReturned(int events) {
        event(TraceKind.WOKE, null, events + " I/O event" + (events == 1 ? "" : "s"));
    }

    @Override
    public void handlePopped(Handle handle, int length) {
        readyLength = length;
        event(TraceKind.POP, taskOf(handle), handle.toString());
    }

    @Override
    public void handleRan(Handle handle, long nanos) {
        event(TraceKind.RAN, taskOf(handle), handle + " took " + ms(nanos));
    }

    @Override
    public void taskCreated(Task<?> task) {
        event(TraceKind.TASK_CREATED, task.getName(), task.getName());
    }

    @Override
    public void taskStepped(Task<?> task, Throwable thrownIn) {
        String name = task.getName();
        Integer lane = lanes.get(name);
        if (lane == null) {
            lane = lanes.size();
            lanes.put(name, lane);
        }
        steps.add(System.nanoTime() - start, lane);
        event(TraceKind.STEP, name, name + (thrownIn == null ? " send(null)" : " throw(" + thrownIn.getClass().getSimpleName() + ")"));
    }

    @Override
    public void taskSuspended(Task<?> task, Future<?> awaiting) {
        event(TraceKind.SUSPEND, task.getName(), task.getName()
                + (awaiting == null ? " yielded: callSoon(step) again" : " awaits " + describe(awaiting)));
    }

    @Override
    public void taskDone(Task<?> task) {
        event(TraceKind.TASK_DONE, task.getName(), describe(task));
    }

    @Override
    public void futureDone(Future<?> future, int callbacks) {
        event(TraceKind.FUTURE_DONE, null, describe(future) + ", " + callbacks + " callback" + (callbacks == 1 ? "" : "s") + " to schedule");
    }

    private void event(TraceKind kind, String task, String detail) {
        counts[kind.ordinal()]++;
        long now = System.nanoTime() - start;
        readyLengths.add(now, readyLength);
        if (chain.size() < CHAIN_LENGTH && kind != TraceKind.ITERATION) {
            chain.add(kind);
        }
        if (!options.shows(kind, task)) {
            return;
        }
        if (shown >= options.limit()) {
            hidden++;
            return;
        }
        shown++;
        out.accept(line(now, loop.iteration(), kind, detail, readyLength,
                readyLength <= SHOWN_READY ? loop.readyHandles().toString() : null, options.cpython()));
    }

    /** One trace line; {@code ready} lists the queue when it is short (else null). */
    static String line(long nanos, long iteration, TraceKind kind, String detail, int readyLength, String ready, boolean cpython) {
        StringBuilder line = new StringBuilder(120)
                .append('+').append(ms(nanos)).append(" it=").append(iteration).append(' ')
                .append(kind.label).append(' ').append(detail)
                .append(" ready=").append(ready == null ? "[…]" : ready).append(" (").append(readyLength).append(')');
        if (cpython) {
            line.append("  ⟵ ").append(kind.cpython);
        }
        return line.append('\n').toString();
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
    }

    /** The task a handle runs a step or wakeup of: "Task-5" from "Task-5.step" (null for other callbacks). */
    private static String taskOf(Handle handle) {
        String name = handle.callbackName();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : null;
    }

    /** toString, cut short: a Task's coroutine description can be long. */
    static String describe(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
