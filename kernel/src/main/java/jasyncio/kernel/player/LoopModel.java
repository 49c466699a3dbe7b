package jasyncio.kernel.player;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loop's state as the player sees it, replayed from the event log: the ready deque (handle
 * ids, FIFO), the timer heap (id and due time), each task's state, the task and handle running,
 * the iteration, the clock and the selector's wait. {@link #apply} is the one place where an
 * event changes it; the recorder applies every event as it happens (so a snapshot is at hand
 * for each chunk of the log) and the player's script does the same in the browser, line for
 * line (player.js {@code apply}). The replay equals the real loop's state after every event:
 * {@code LoopModelTest} checks it against the loop itself.
 *
 * <p>Not kept here, derived where shown: a task is "ready" when one of its handles is in the
 * deque (the handle table says whose a handle is).
 */
final class LoopModel {
    // Task states, as codes (player.js has the same table).
    static final byte PENDING = 0;
    static final byte RUNNING = 1;
    static final byte SUSPENDED = 2;
    static final byte YIELDED = 3;
    static final byte DONE = 4;
    static final byte FAILED = 5;
    static final byte CANCELLED = 6;
    static final List<String> STATE_NAMES = List.of("pending", "running", "suspended", "yielded", "done", "failed", "cancelled");

    // The ready deque: a ring of handle ids.
    private int[] ring = new int[64];
    private int head;
    private int size;
    /** Timer id → due time (double bits). */
    private final IntLongMap timers = new IntLongMap(64);
    /** Task id → state (low byte) and the future awaited (high int). */
    private final IntLongMap tasks = new IntLongMap(64);
    /** Task ids in order of first sight, done ones included. */
    private int[] taskOrder = new int[16];
    private int taskCount;
    /** Steps running, innermost last (an eager task's first step runs inside its creator's). */
    private int[] running = new int[8];
    private int depth;
    private int handle;
    private long iteration;
    private double clock;
    /** The selector's timeout while the loop waits (-1: none), NaN while it does not. */
    private double waiting = Double.NaN;
    /** Handles popped without a pop event: cancelled ones the loop dropped silently. */
    private long droppedCancelled;

    void apply(EventKind kind, int a, int b, long x) {
        switch (kind) {
            case ITERATION -> {
                iteration = a;
                clock = Double.longBitsToDouble(x);
                handle = 0;
            }
            case SCHEDULED -> push(a);
            case TIMER_SCHEDULED -> timers.put(a, x);
            case TIMER_CANCELLED -> timers.remove(a);
            case TIMER_DUE -> {
                timers.remove(a);
                push(a);
            }
            case WAIT -> waiting = Double.longBitsToDouble(x);
            case WOKE -> {
                waiting = Double.NaN;
                clock = Double.longBitsToDouble(x);
            }
            case CLOCK_JUMP -> clock = Double.longBitsToDouble(x);
            case POP -> {
                popUntil(a);
                handle = a;
            }
            case RAN -> handle = 0;
            case TASK_CREATED -> setTask(a, PENDING, 0);
            case STEP -> {
                setTask(a, RUNNING, 0);
                if (depth == running.length) {
                    running = Arrays.copyOf(running, depth * 2);
                }
                running[depth++] = a;
            }
            case SUSPEND -> {
                setTask(a, SUSPENDED, b);
                leave(a);
            }
            case YIELD -> {
                setTask(a, YIELDED, 0);
                leave(a);
            }
            case TASK_DONE -> {
                setTask(a, b == EventKind.Outcome.RESULT.ordinal() ? DONE : b == EventKind.Outcome.EXCEPTION.ordinal() ? FAILED : CANCELLED, 0);
                leave(a);
            }
            default -> {
            }
        }
    }

    private void push(int id) {
        if (size == ring.length) {
            int[] bigger = new int[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = id;
        size++;
    }

    /**
     * _ready.popleft() until the popped handle: those before it left the deque without an event
     * (cancelled handles the loop skipped). A handle not in the deque leaves it as it is.
     */
    private void popUntil(int id) {
        for (int i = 0; i < size; i++) {
            if (ring[(head + i) & (ring.length - 1)] == id) {
                droppedCancelled += i;
                head = (head + i + 1) & (ring.length - 1);
                size -= i + 1;
                return;
            }
        }
    }

    private void leave(int task) {
        if (depth > 0 && running[depth - 1] == task) {
            depth--;
        }
    }

    private void setTask(int id, byte state, int awaiting) {
        if (!tasks.containsKey(id)) {
            if (taskCount == taskOrder.length) {
                taskOrder = Arrays.copyOf(taskOrder, taskCount * 2);
            }
            taskOrder[taskCount++] = id;
        }
        tasks.put(id, ((long) awaiting << 32) | (state & 0xff));
    }

    // ---- what the player and the tests read ----

    int[] ready() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = ring[(head + i) & (ring.length - 1)];
        }
        return out;
    }

    int readyLength() {
        return size;
    }

    /** The timers in the heap, soonest first (ties in id order, as the loop's sequence orders them). */
    int[] timersByDue() {
        int[] ids = timers.keys();
        Integer[] boxed = Arrays.stream(ids).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (p, q) -> {
            int byWhen = Double.compare(when(p), when(q));
            return byWhen != 0 ? byWhen : Integer.compare(p, q);
        });
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    double when(int timer) {
        return Double.longBitsToDouble(timers.get(timer, Double.doubleToRawLongBits(Double.NaN)));
    }

    boolean hasTask(int id) {
        return tasks.containsKey(id);
    }

    byte taskState(int id) {
        return (byte) tasks.get(id, -1);
    }

    /** The future a suspended task waits on (0 for none). */
    int awaiting(int id) {
        return (int) (tasks.get(id, 0) >>> 32);
    }

    int[] taskIds() {
        return Arrays.copyOf(taskOrder, taskCount);
    }

    /** The task whose step runs now (the innermost), or 0. */
    int runningTask() {
        return depth == 0 ? 0 : running[depth - 1];
    }

    /** The tasks whose steps are running, outermost first. */
    int[] runningStack() {
        return Arrays.copyOf(running, depth);
    }

    int runningHandle() {
        return handle;
    }

    long iteration() {
        return iteration;
    }

    double clock() {
        return clock;
    }

    double waiting() {
        return waiting;
    }

    long droppedCancelled() {
        return droppedCancelled;
    }

    // ---- snapshots: what a chunk of the log starts from ----

    /**
     * The state now, as a keyframe. Tasks done before {@code keepDoneSince} (an event index)
     * are left out, so a long run's snapshots stay as small as the tasks alive; {@code doneAt}
     * tells when a task ended.
     */
    Keyframe snapshot(java.util.function.IntToLongFunction doneAt, long keepDoneSince) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) {
            int id = taskOrder[i];
            byte state = taskState(id);
            if (state < DONE || doneAt.applyAsLong(id) >= keepDoneSince) {
                ids.add(id);
            }
        }
        int[] taskIds = ids.stream().mapToInt(Integer::intValue).toArray();
        long[] taskStates = new long[taskIds.length];
        for (int i = 0; i < taskIds.length; i++) {
            taskStates[i] = tasks.get(taskIds[i], 0);
        }
        int[] timerIds = timersByDue();
        double[] whens = new double[timerIds.length];
        for (int i = 0; i < timerIds.length; i++) {
            whens[i] = when(timerIds[i]);
        }
        return new Keyframe(ready(), timerIds, whens, taskIds, taskStates, Arrays.copyOf(running, depth), handle, iteration, clock, waiting);
    }

    /** Replaces the state with a snapshot's (the player does this where the log resumes after a gap). */
    void restore(Keyframe key) {
        ring = new int[Math.max(64, Integer.highestOneBit(Math.max(1, key.ready().length)) << 1)];
        head = 0;
        size = 0;
        for (int id : key.ready()) {
            push(id);
        }
        timers.clear();
        for (int i = 0; i < key.timerIds().length; i++) {
            timers.put(key.timerIds()[i], Double.doubleToRawLongBits(key.timerWhens()[i]));
        }
        tasks.clear();
        taskCount = 0;
        for (int i = 0; i < key.taskIds().length; i++) {
            int id = key.taskIds()[i];
            setTask(id, (byte) key.taskStates()[i], (int) (key.taskStates()[i] >>> 32));
        }
        running = Arrays.copyOf(key.running(), Math.max(8, key.running().length));
        depth = key.running().length;
        handle = key.handle();
        iteration = key.iteration();
        clock = key.clock();
        waiting = key.waiting();
    }

    /**
     * The state at a chunk's start. Task states pack the state code (low byte) and the future
     * awaited (high int), as {@link LoopModel} keeps them.
     */
    record Keyframe(int[] ready, int[] timerIds, double[] timerWhens, int[] taskIds, long[] taskStates, int[] running,
                    int handle, long iteration, double clock, double waiting) {
    }
}
