package jasyncio.kernel.player;

import jasyncio.kernel.shell.Interpreter.SourceLine;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.ScheduleCause;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The observer behind the player: every {@link LoopObserver} event of a traced cell becomes a
 * row of the {@link EventLog} (kind, time, ids, ready length), and the {@link LoopModel} is
 * moved along with it, so each chunk of the log starts from a snapshot and nothing else is
 * copied per event. It also keeps the timeline's series (task steps, iterations, waits, the
 * ready queue's length) and, within budgets, what explains an event: the cell line that
 * called callSoon, callAt or createTask, the line a task resumes at, names and outcomes.
 *
 * <p>Cost: one {@code System.nanoTime()}, a few array stores and the model's update per event;
 * handles are named once (a task's step never), stacks are walked a bounded number of times.
 * Loop thread only, no locks. Another observer (the line printer) may be chained after it.
 */
public final class TraceRecorder implements LoopObserver {
    /** Stacks walked for the cell line behind a callSoon/callAt/createTask, at most. */
    static final int LINE_WALKS = 2_000;
    /** Suspended tasks asked where they resume, at most. */
    static final int RESUME_WALKS = 2_000;
    static final int MAX_LANES = 24;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String SNIPPET_PACKAGE = "REPL.";

    private final EventLoop loop;
    private final long start = System.nanoTime();
    private final double loopTimeAtStart;
    private final boolean virtualTime;
    private final Function<StackTraceElement, SourceLine> locate;
    private LoopObserver next;
    final EventLog log = new EventLog();
    final LoopModel model = new LoopModel();
    final TraceTables tables = new TraceTables();
    /** Plain futures seen (awaited or completed), by identity, while pending; their ids are negative. */
    private final Map<Future<?>, Integer> futureIds = new IdentityHashMap<>();
    private int lastFutureId;

    // The timeline: bounded series over the whole run (the log's middle may be thinned).
    final Series readyLengths = new Series(2048);
    /** Task steps: time, lane, length. */
    final Series steps = new Series(4096);
    final Series iterations = new Series(2048);
    /** Selector waits: time, 0, length. */
    final Series waits = new Series(1024);
    /** Compile spans of the cell (JShell): begin, end, alternately. */
    final List<Long> compiles = new ArrayList<>();
    /** Task id → lane + 1, for the first MAX_LANES tasks stepped. */
    final IntLongMap lanes = new IntLongMap(64);
    final List<Integer> laneTasks = new ArrayList<>();
    /** Task id → when it was made and when it ended (ns), for the lanes' spans. */
    final IntLongMap taskBorn = new IntLongMap(64);
    final IntLongMap taskEnded = new IntLongMap(64);
    private final int[] openTasks = new int[16];
    private final long[] openStarts = new long[16];
    private int openSteps;
    private long waitStart = -1;
    private long compileStart = -1;

    /** The handle just popped, until the next event: a step right after it tells whose handle it is. */
    private int popped;
    /** Whether the handle popped last stepped a task (then it needs no name of its own). */
    private boolean stepped;
    private final Handle[] unnamed = new Handle[1024];
    private int unnamedCount;
    private int lineWalks;
    private int resumeWalks;
    private long endNanos = -1;
    private long lastT;
    /** Told now and then while recording (the live display), at most every progressEvery ns, and before the loop blocks. */
    private Runnable progress;
    private long progressEvery;
    private long nextProgress;

    /**
     * Starts recording: the loop's state now (ready queue, timers, tasks) is the first chunk's
     * snapshot. {@code locate} maps a snippet frame to its cell line (null: no lines).
     */
    public TraceRecorder(EventLoop loop, Function<StackTraceElement, SourceLine> locate) {
        this.loop = loop;
        this.locate = locate;
        this.loopTimeAtStart = loop.time();
        this.virtualTime = loop.isVirtualTime();
        takeInitialState();
    }

    /** Chains another observer, called after the recorder for every event (the %%trace line printer). */
    public TraceRecorder then(LoopObserver observer) {
        this.next = observer;
        return this;
    }

    /** The observer chained after this one, or null. */
    public LoopObserver next() {
        return next;
    }

    /**
     * Calls {@code progress} on the loop thread every {@code intervalNanos} of recording at most
     * (checked as events come, with the time each event reads anyway), and whenever the loop is
     * about to wait in select: what a live display needs to stay current.
     */
    public TraceRecorder onProgress(Runnable progress, long intervalNanos) {
        this.progress = progress;
        this.progressEvery = intervalNanos;
        this.nextProgress = intervalNanos;
        return this;
    }

    private void takeInitialState() {
        for (Task<?> task : loop.allTasks()) {
            int id = taskId(task);
            tables.task(id, tables.string(task.getName()));
            Future<?> awaiting = task.waitingOn();
            model.apply(EventKind.TASK_CREATED, id, 0, 0);
            if (awaiting != null) {
                model.apply(EventKind.STEP, id, 0, 0);
                model.apply(EventKind.SUSPEND, id, futureRef(awaiting), 0);
            }
        }
        for (TimerHandle timer : loop.scheduledTimers()) {
            int id = (int) timer.id();
            tables.nameHandle(id, tables.string(nameOf(timer)), true);
            model.apply(EventKind.TIMER_SCHEDULED, id, 0, Double.doubleToRawLongBits(timer.when()));
        }
        for (Handle handle : loop.readyQueue()) {
            int id = (int) handle.id();
            tables.nameHandle(id, tables.string(nameOf(handle)), handle instanceof TimerHandle);
            model.apply(EventKind.SCHEDULED, id, 0, 0);
        }
        model.apply(EventKind.ITERATION, (int) loop.iteration(), 0, Double.doubleToRawLongBits(loopTimeAtStart));
    }

    // ---- the hot path ----

    private long record(EventKind kind, int a, int b, int c, int n, long x) {
        long t = System.nanoTime() - start;
        if (log.needsChunk()) {
            log.openChunk(model.snapshot(id -> tables.taskEnds.get(id, -1), log.total() - EventLog.CHUNK));
        }
        long index = log.add(kind, t, a, b, c, n, x);
        model.apply(kind, a, b, x);
        popped = 0;
        lastT = t;
        if (progress != null && t >= nextProgress) {
            nextProgress = t + progressEvery;
            progress.run();
        }
        return index;
    }

    /** The time of the event just recorded (ns since the start): the series reuse it rather than read the clock again. */
    private long now() {
        return lastT;
    }

    @Override
    public void iterationStarted(long iteration) {
        record(EventKind.ITERATION, (int) iteration, 0, 0, -1, Double.doubleToRawLongBits(loop.time()));
        iterations.add(now(), 0);
        if (next != null) {
            next.iterationStarted(iteration);
        }
    }

    @Override
    public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
        int id = (int) handle.id();
        int from = 0;
        switch (cause) {
            case CALL_SOON -> from = source instanceof Task<?> task ? taskId(task) : 0;
            case TASK_CREATED, TASK_YIELD -> from = source instanceof Task<?> task ? taskId(task) : 0;
            case FUTURE_CALLBACK -> from = source instanceof Future<?> future ? futureRef(future) : 0;
            case THREADSAFE -> from = source instanceof Thread thread ? tables.string("thread " + thread.getName()) : 0;
            case IO_READY -> from = source == null ? 0 : tables.string(text(source));
        }
        long index = record(EventKind.SCHEDULED, id, cause.ordinal(), from, readyLength, 0);
        readyLengths.add(now(), readyLength);
        if (cause == ScheduleCause.CALL_SOON) {
            cellLine(index);
        }
        if (next != null) {
            next.handleScheduled(handle, readyLength, cause, source);
        }
    }

    @Override
    public void timerScheduled(TimerHandle timer) {
        int id = (int) timer.id();
        long index = record(EventKind.TIMER_SCHEDULED, id, 0, 0, -1, Double.doubleToRawLongBits(timer.when()));
        name(timer, id, true);
        if (timer.argument() instanceof Future<?> future && !(future instanceof Task<?>) && !future.isDone()) {
            int ref = futureRef(future); // sleep's future: say which timer completes it
            tables.futures.put(ref, tables.string("Future #" + -ref + " (done by timer #" + id + ")"));
        }
        cellLine(index);
        if (next != null) {
            next.timerScheduled(timer);
        }
    }

    @Override
    public void timerCancelled(TimerHandle timer) {
        record(EventKind.TIMER_CANCELLED, (int) timer.id(), 0, 0, -1, 0);
        if (next != null) {
            next.timerCancelled(timer);
        }
    }

    @Override
    public void timerDue(TimerHandle timer) {
        int length = loop.readyQueue().size();
        record(EventKind.TIMER_DUE, (int) timer.id(), 0, 0, length, 0);
        readyLengths.add(now(), length);
        if (next != null) {
            next.timerDue(timer);
        }
    }

    @Override
    public void waitEntered(double timeoutSeconds) {
        record(EventKind.WAIT, 0, 0, 0, -1, Double.doubleToRawLongBits(timeoutSeconds));
        waitStart = now();
        if (progress != null && timeoutSeconds != 0) {
            nextProgress = waitStart + progressEvery;
            progress.run(); // the loop is about to block: show what it did so far
        }
        if (next != null) {
            next.waitEntered(timeoutSeconds);
        }
    }

    @Override
    public void clockJumped(double from, double to) {
        record(EventKind.CLOCK_JUMP, 0, 0, 0, -1, Double.doubleToRawLongBits(to));
        if (next != null) {
            next.clockJumped(from, to);
        }
    }

    @Override
    public void waitReturned(int events) {
        record(EventKind.WOKE, 0, events, 0, -1, Double.doubleToRawLongBits(loop.time()));
        if (waitStart >= 0) {
            waits.add(waitStart, 0, now() - waitStart);
            waitStart = -1;
        }
        if (next != null) {
            next.waitReturned(events);
        }
    }

    @Override
    public void handlePopped(Handle handle, int readyLength) {
        int id = (int) handle.id();
        record(EventKind.POP, id, 0, 0, readyLength, 0);
        readyLengths.add(now(), readyLength);
        popped = id;
        stepped = false;
        if (next != null) {
            next.handlePopped(handle, readyLength);
        }
    }

    @Override
    public void handleRan(Handle handle, long nanos) {
        int id = (int) handle.id();
        boolean taskStep = stepped;
        record(EventKind.RAN, id, 0, 0, -1, nanos);
        if (!taskStep) { // not a task's step or wakeup: a callback, named by itself
            name(handle, id, false);
        }
        if (next != null) {
            next.handleRan(handle, nanos);
        }
    }

    @Override
    public void taskCreated(Task<?> task) {
        int id = taskId(task);
        Task<?> creator = loop.currentTask();
        long index = record(EventKind.TASK_CREATED, id, creator == null ? 0 : taskId(creator), 0, -1, 0);
        tables.task(id, tables.string(task.getName()));
        taskBorn.put(id, now());
        cellLine(index);
        if (next != null) {
            next.taskCreated(task);
        }
    }

    @Override
    public void taskStepped(Task<?> task, Throwable thrownIn) {
        int id = taskId(task);
        stepped = popped != 0; // the handle just popped is this task's step or wakeup
        record(EventKind.STEP, id, thrownIn == null ? 0 : 1, 0, -1, 0);
        if (openSteps < openTasks.length) {
            openTasks[openSteps] = id;
            openStarts[openSteps++] = now();
        }
        if (!lanes.containsKey(id) && laneTasks.size() < MAX_LANES) {
            laneTasks.add(id);
            lanes.put(id, laneTasks.size());
        }
        if (next != null) {
            next.taskStepped(task, thrownIn);
        }
    }

    @Override
    public void taskSuspended(Task<?> task, Future<?> awaiting) {
        int id = taskId(task);
        long index = record(awaiting == null ? EventKind.YIELD : EventKind.SUSPEND, id,
                awaiting == null ? 0 : futureRef(awaiting), 0, -1, 0);
        stepEnded(id);
        if (resumeWalks < RESUME_WALKS && locate != null) {
            resumeWalks++;
            for (StackTraceElement frame : stackOf(task)) {
                if (frame.getClassName().startsWith(SNIPPET_PACKAGE)) {
                    lineOf(index, frame);
                    break;
                }
            }
        }
        if (next != null) {
            next.taskSuspended(task, awaiting);
        }
    }

    @Override
    public void taskDone(Task<?> task) {
        int id = taskId(task);
        EventKind.Outcome outcome = EventKind.Outcome.RESULT;
        if (task.isCancelled()) {
            outcome = EventKind.Outcome.CANCELLED;
        }
        if (tables.describedTasks < TraceTables.DESCRIBED_TASKS) {
            tables.describedTasks++;
            String text = text(task); // toString reads the outcome without marking an exception retrieved
            if (outcome != EventKind.Outcome.CANCELLED && text.contains(" exception=")) {
                outcome = EventKind.Outcome.EXCEPTION;
            }
            tables.taskOutcome(id, tables.string(outcomeText(text)));
        }
        long index = record(EventKind.TASK_DONE, id, outcome.ordinal(), 0, -1, 0);
        tables.taskEnds.put(id, index);
        taskEnded.put(id, now());
        stepEnded(id);
        if (next != null) {
            next.taskDone(task);
        }
    }

    @Override
    public void futureDone(Future<?> future, int callbacks) {
        int ref = futureRef(future);
        EventKind.Outcome outcome = future.isCancelled() ? EventKind.Outcome.CANCELLED
                : text(future).contains(" exception=") ? EventKind.Outcome.EXCEPTION : EventKind.Outcome.RESULT;
        record(EventKind.FUTURE_DONE, ref, callbacks, outcome.ordinal(), -1, 0);
        futureIds.remove(future); // done: never awaited again (an await of a done future does not suspend)
        if (next != null) {
            next.futureDone(future, callbacks);
        }
    }

    @Override
    public void note(Object subject, String what) {
        int about = subject instanceof Task<?> task ? taskId(task) : subject instanceof Handle handle ? (int) handle.id() : 0;
        record(EventKind.NOTE, about, 0, tables.string(what), -1, 0);
        if (next != null) {
            next.note(subject, what);
        }
    }

    /** %run_until_complete tells where the chain starts, before the loop wraps its argument. */
    public void runUntilComplete(Object awaitable) {
        int ref = awaitable instanceof Future<?> future ? futureRef(future) : 0;
        record(EventKind.RUN_UNTIL_COMPLETE, ref, 0, tables.string(text(awaitable)), -1, 0);
    }

    /** JShell begins compiling a snippet of the cell (true), or the compiled snippet begins to run (false). */
    public void compiling(boolean begins) {
        record(EventKind.COMPILE, 0, begins ? 1 : 0, 0, -1, 0);
        if (begins) {
            compileStart = now();
        } else if (compileStart >= 0) {
            compiles.add(compileStart);
            compiles.add(now());
            compileStart = -1;
        }
    }

    /** Ends the recording: names the handles still unnamed that were seen last. */
    public void end() {
        if (endNanos >= 0) {
            return;
        }
        endNanos = System.nanoTime();
        if (compileStart >= 0) {
            compiles.add(compileStart);
            compiles.add(endNanos - start);
        }
        for (int i = 0; i < Math.min(unnamedCount, unnamed.length); i++) {
            Handle handle = unnamed[i];
            int id = (int) handle.id();
            if (!tables.isNamed(id)) {
                tables.nameHandle(id, tables.string(nameOf(handle)), handle instanceof TimerHandle);
            }
            unnamed[i] = null;
        }
    }

    // ---- the rest ----

    /** Nanoseconds from the start to the end (or to now while recording). */
    public long elapsedNanos() {
        return (endNanos < 0 ? System.nanoTime() : endNanos) - start;
    }

    /** The last {@code count} events as short lines (for a live display), oldest first. */
    public List<String> lastLines(int count) {
        return EventText.last(this, count);
    }

    /** The name of the first task made while recording (the traced cell's, usually), or null. */
    public String firstTaskName() {
        for (EventLog.Chunk chunk : log.chunks()) {
            for (int i = 0; i < chunk.size; i++) {
                if (chunk.kind[i] == EventKind.TASK_CREATED.ordinal()) {
                    return tables.taskName(chunk.a[i]);
                }
            }
            break; // only the first chunk: later ones may be thinned
        }
        return null;
    }

    /** The names of the tasks stepped while recording (the timeline's lanes), with "…" when there were more. */
    public List<String> taskNames() {
        List<String> names = new ArrayList<>();
        for (int id : laneTasks) {
            names.add(tables.taskName(id));
        }
        if (tables.tasks.size() > laneTasks.size() && laneTasks.size() == MAX_LANES) {
            names.add("…");
        }
        return names;
    }

    /** Events recorded (kept or not). */
    public long events() {
        return log.total();
    }

    /** Whether the loop ran on its virtual clock as the recording began. */
    boolean virtualTime() {
        return virtualTime;
    }

    double loopTimeAtStart() {
        return loopTimeAtStart;
    }

    EventLoop loop() {
        return loop;
    }

    private void stepEnded(int task) {
        if (openSteps == 0 || openTasks[openSteps - 1] != task) {
            return; // a step begun before the trace
        }
        openSteps--;
        long began = openStarts[openSteps];
        long lane = lanes.get(task, 0);
        if (lane > 0) {
            steps.add(began, (int) lane - 1, now() - began);
        }
    }

    /** Names a handle once: within the budget now, else (if it is among the last seen) at the end. */
    private void name(Handle handle, int id, boolean timer) {
        if (tables.namedHandles < TraceTables.NAMED_HANDLES) {
            if (!tables.isNamed(id)) {
                tables.namedHandles++;
                tables.nameHandle(id, tables.string(nameOf(handle)), timer);
            }
        } else {
            unnamed[unnamedCount++ % unnamed.length] = handle;
        }
    }

    private static int taskId(Task<?> task) {
        return (int) task.id();
    }

    /** A task's id, or a plain future's (negative, given at first sight, described within the budget). */
    private int futureRef(Future<?> future) {
        if (future instanceof Task<?> task) {
            return taskId(task);
        }
        Integer known = futureIds.get(future);
        if (known != null) {
            return known;
        }
        int ref = --lastFutureId;
        futureIds.put(future, ref);
        if (tables.describedFutures < TraceTables.DESCRIBED_FUTURES) {
            tables.describedFutures++;
            tables.futures.put(ref, tables.string(future.getClass().getSimpleName() + " #" + -ref));
        }
        return ref;
    }

    /** The cell line of the code calling the loop now (callSoon, callAt, createTask), within the budget. */
    private void cellLine(long index) {
        if (locate == null || lineWalks >= LINE_WALKS) {
            return;
        }
        lineWalks++;
        StackTraceElement frame = WALKER.walk(frames -> frames
                .filter(f -> f.getClassName().startsWith(SNIPPET_PACKAGE))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
        if (frame != null) {
            lineOf(index, frame);
        }
    }

    private void lineOf(long index, StackTraceElement frame) {
        SourceLine line;
        try {
            line = locate.apply(frame);
        } catch (RuntimeException unreadable) {
            return; // JShell's internals moved: no line, the recording goes on
        }
        if (line != null) {
            tables.line(index, tables.string("line " + line.line() + ": " + line.text().strip()), line.thisCell());
        }
    }

    // User code may run in these (a callback's or a Future subclass's toString): whatever it throws,
    // the recording goes on (an observer that throws is removed from the loop).

    static String nameOf(Handle handle) {
        try {
            return handle.callbackName();
        } catch (RuntimeException | StackOverflowError e) {
            return "(a callback whose name threw " + e.getClass().getSimpleName() + ")";
        }
    }

    static String text(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException | StackOverflowError e) {
            return "(toString threw " + e.getClass().getSimpleName() + ")";
        }
    }

    private static StackTraceElement[] stackOf(Task<?> task) {
        try {
            return task.getStack();
        } catch (RuntimeException e) {
            return new StackTraceElement[0];
        }
    }

    /** "result=42" from a task's toString (the whole string when it has no outcome part). */
    static String outcomeText(String taskText) {
        for (String key : new String[] {" result=", " exception="}) {
            int at = taskText.lastIndexOf(key);
            if (at >= 0) {
                String rest = taskText.substring(at + 1);
                return rest.endsWith(">") ? rest.substring(0, rest.length() - 1) : rest;
            }
        }
        return taskText.startsWith("<Task cancelled") ? "cancelled" : taskText;
    }
}
