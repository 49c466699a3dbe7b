package jasyncio.kernel.magic;

import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.ScheduleCause;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The observer behind %%trace: one readable line per loop event, handed to {@code out} as it
 * happens (the kernel batches it into stream messages), e.g.
 * {@code +0.412ms it=3 callSoon Handle<Task-5.step> ready=[Handle<Task-5.step>] (1)};
 * past the limit, events are only counted (by kind, with the first calls of the run, for the
 * text summary). The player's recorder calls it after recording each event. Runs on the loop
 * thread only, so it needs no locks.
 */
final class LoopTrace implements LoopObserver {
    /** The ready queue is listed on a line when it is at most this long. */
    static final int SHOWN_READY = 4;
    static final int CHAIN_LENGTH = 8;

    private final EventLoop loop;
    private final TraceOptions options;
    private final Consumer<String> out;
    private final long start = System.nanoTime();
    /** loop.time() as the trace began: under virtual time, lines show the loop's clock instead of the real one. */
    private final double loopStart;
    final long[] counts = new long[TraceKind.values().length];
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
        this.loopStart = loop.time();
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
        if (counted(TraceKind.RUN_UNTIL_COMPLETE) && visible((String) null)) {
            show(TraceKind.RUN_UNTIL_COMPLETE, describe(awaitable));
        }
    }

    // Each hook counts its event, and only formats a line when it is shown: past the limit an
    // event costs a few increments, no strings.

    @Override
    public void iterationStarted(long iteration) {
        if (counted(TraceKind.ITERATION) && visible((String) null)) {
            show(TraceKind.ITERATION, "runOnce #" + iteration);
        }
    }

    @Override
    public void handleScheduled(Handle handle, int length, ScheduleCause cause, Object source) {
        readyLength = length;
        if (cause == ScheduleCause.THREADSAFE) {
            // made on another thread (an HttpClient's, a pool's): the loop thread appends it now
            if (counted(TraceKind.CALL_SOON_THREADSAFE) && visible(handle)) {
                show(TraceKind.CALL_SOON_THREADSAFE, handle + " from thread " + threadName(source));
            }
        } else if (counted(TraceKind.CALL_SOON) && visible(handle)) {
            show(TraceKind.CALL_SOON, handle.toString());
        }
    }

    @Override
    public void note(Object subject, String what) {
        if (counted(TraceKind.NOTE) && visible((String) null)) {
            show(TraceKind.NOTE, describe(subject) + " " + what);
        }
    }

    @Override
    public void timerScheduled(TimerHandle timer) {
        if (counted(TraceKind.TIMER_SCHEDULED) && visible(timer)) {
            show(TraceKind.TIMER_SCHEDULED, timer + " due in " + ms((timer.when() - loop.time()) * 1e9));
        }
    }

    @Override
    public void timerCancelled(TimerHandle timer) {
        if (counted(TraceKind.TIMER_CANCELLED) && visible(timer)) {
            show(TraceKind.TIMER_CANCELLED, timer.toString());
        }
    }

    @Override
    public void timerDue(TimerHandle timer) {
        readyLength++;
        if (counted(TraceKind.TIMER_DUE) && visible(timer)) {
            show(TraceKind.TIMER_DUE, timer.toString());
        }
    }

    @Override
    public void waitEntered(double timeoutSeconds) {
        if (counted(TraceKind.WAIT) && visible((String) null)) {
            show(TraceKind.WAIT, "timeout=" + (timeoutSeconds < 0 ? "None (until woken)" : ms(timeoutSeconds * 1e9)));
        }
    }

    @Override
    public void waitReturned(int events) {
        if (counted(TraceKind.WOKE) && visible((String) null)) {
            show(TraceKind.WOKE, events + " I/O event" + (events == 1 ? "" : "s"));
        }
    }

    @Override
    public void handlePopped(Handle handle, int length) {
        readyLength = length;
        if (counted(TraceKind.POP) && visible(handle)) {
            show(TraceKind.POP, handle.toString());
        }
    }

    @Override
    public void handleRan(Handle handle, long nanos) {
        if (counted(TraceKind.RAN) && visible(handle)) {
            // under virtual time the clock stood still: the real duration would make each run differ
            show(TraceKind.RAN, loop.isVirtualTime() ? handle.toString() : handle + " took " + ms(nanos));
        }
    }

    @Override
    public void taskCreated(Task<?> task) {
        if (counted(TraceKind.TASK_CREATED) && visible(task)) {
            show(TraceKind.TASK_CREATED, task.getName());
        }
    }

    @Override
    public void taskStepped(Task<?> task, Throwable thrownIn) {
        if (counted(TraceKind.STEP) && visible(task)) {
            show(TraceKind.STEP, task.getName() + (thrownIn == null ? " send(null)" : " throw(" + thrownIn.getClass().getSimpleName() + ")"));
        }
    }

    @Override
    public void taskSuspended(Task<?> task, Future<?> awaiting) {
        // A bare yield (sleep(0)) is not a wait on anything: CPython's __step reschedules itself.
        TraceKind kind = awaiting == null ? TraceKind.YIELD : TraceKind.SUSPEND;
        if (counted(kind) && visible(task)) {
            show(kind, task.getName() + (awaiting == null ? " yielded: callSoon(step) again" : " awaits " + describe(awaiting)));
        }
    }

    @Override
    public void taskDone(Task<?> task) {
        if (counted(TraceKind.TASK_DONE) && visible(task)) {
            show(TraceKind.TASK_DONE, describe(task));
        }
    }

    @Override
    public void futureDone(Future<?> future, int callbacks) {
        if (counted(TraceKind.FUTURE_DONE) && visible((String) null)) {
            show(TraceKind.FUTURE_DONE, describe(future) + ", " + callbacks + " callback" + (callbacks == 1 ? "" : "s") + " to schedule");
        }
    }

    /** Counts the event for the summary; true when its kind is one the options show. */
    private boolean counted(TraceKind kind) {
        counts[kind.ordinal()]++;
        if (chain.size() < CHAIN_LENGTH && kind != TraceKind.ITERATION) {
            chain.add(kind);
        }
        return options.kinds().contains(kind);
    }

    private boolean visible(Handle handle) {
        return visible(options.task() == null ? null : taskOf(handle));
    }

    private boolean visible(Task<?> task) {
        return visible(options.task() == null ? null : task.getName());
    }

    /** Is the line of an event about this task (null: none) shown? Past the limit it is counted as hidden. */
    private boolean visible(String task) {
        if (options.task() != null && !options.task().equals(task)) {
            return false;
        }
        if (shown >= options.limit()) {
            hidden++;
            return false;
        }
        shown++;
        return true;
    }

    private void show(TraceKind kind, String detail) {
        out.accept(line(lineNanos(), loop.iteration(), kind, detail, readyLength,
                readyLength <= SHOWN_READY ? loop.readyHandles().toString() : null, options.cpython()));
    }

    /** A line's time since the trace began: real, or the loop's virtual clock (the same on every run). */
    private long lineNanos() {
        return loop.isVirtualTime() ? Math.round((loop.time() - loopStart) * 1e9) : System.nanoTime() - start;
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

    /** A thread by its name; an unnamed one (a virtual thread) by its description. */
    private static String threadName(Object source) {
        if (source instanceof Thread t) {
            return t.getName().isEmpty() ? t.toString() : t.getName();
        }
        return String.valueOf(source);
    }

    /** toString, cut short: a Task's coroutine description can be long. */
    static String describe(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
