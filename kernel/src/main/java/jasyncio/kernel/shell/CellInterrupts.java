package jasyncio.kernel.shell;

import jasyncio.loop.EventLoop;
import jasyncio.loop.Task;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interrupt state of one interpreter, and the static {@link #check()} that snippet
 * classes call at every method entry and backward branch.
 *
 * <p>An interrupt applies while a cell runs. It interrupts the loop thread (so
 * Thread.sleep or blocking I/O in the cell ends with InterruptedException) and makes the
 * checks throw {@link CellInterrupted} in the code that holds the loop thread: at once in
 * the cell's own task; in other snippet code (a task the cell started) only when one step
 * of it (one task step or callback, in one loop iteration) has run for {@link #GRACE_NANOS}
 * since its first check after the interrupt, that is, when it hogs the loop. A task that
 * merely runs a short step meanwhile, such as a ticker started by an earlier cell, lives on
 * while the dispatcher cancels the cell's task, which ends a cell that waits in an await.
 *
 * <p>The state ends when the cell ends, so a late interrupt never leaks into the next cell,
 * and the loop thread's interrupt flag is cleared as soon as the loop runs callbacks again
 * (the cell is not blocked then) and when the cell ends: a leftover flag would make the
 * loop's Selector.select return at once, forever.
 */
public final class CellInterrupts {
    /** How long one step of another task may go on after the interrupt before it counts as hogging the loop. */
    static final long GRACE_NANOS = 100_000_000;
    private static final Map<Thread, CellInterrupts> PENDING = new ConcurrentHashMap<>();
    private static volatile boolean anyPending;

    private final EventLoop loop;
    private final Object lock = new Object();
    /** The loop thread while a cell runs, else null (guarded by lock). */
    private Thread cellThread;
    /** The thread the pending interrupt targets (guarded by lock). */
    private Thread interruptedThread;
    private volatile boolean pending;
    /** Counts interrupts, so a suspect step from an earlier one is forgotten. */
    private volatile int generation;
    // Loop thread only: the cell's task, and the step of other code that the checks are timing.
    private Task<?> cellTask;
    private int suspectGeneration = -1;
    private long suspectIteration;
    private Task<?> suspectTask;
    private long suspectSince;

    CellInterrupts(EventLoop loop) {
        this.loop = loop;
    }

    /** Woven into snippet classes: throws CellInterrupted when this thread's cell was interrupted. */
    public static void check() {
        if (anyPending) {
            CellInterrupts state = PENDING.get(Thread.currentThread());
            if (state != null && state.pending && state.mustStop()) {
                throw new CellInterrupted();
            }
        }
    }

    /** On the loop thread, with an interrupt pending: is the code running now to be stopped? */
    private boolean mustStop() {
        Task<?> current = loop.currentTask();
        if (current == cellTask) {
            return true;
        }
        long iteration = loop.iteration();
        long now = System.nanoTime();
        int gen = generation;
        if (gen != suspectGeneration || iteration != suspectIteration || current != suspectTask) {
            suspectGeneration = gen;
            suspectIteration = iteration;
            suspectTask = current;
            suspectSince = now;
            return false;
        }
        return now - suspectSince > GRACE_NANOS;
    }

    /** On the loop thread, as the cell's coroutine starts. */
    void cellStarted(Task<?> task) {
        cellTask = task;
        synchronized (lock) {
            cellThread = Thread.currentThread();
        }
    }

    /** On the loop thread, as the cell's coroutine ends, however it ends. */
    void cellEnded() {
        synchronized (lock) {
            cellThread = null;
            clearLocked();
        }
        cellTask = null;
        suspectTask = null;
    }

    /** From any thread; false when no cell runs (then there is nothing to interrupt). */
    boolean interrupt() {
        synchronized (lock) {
            if (cellThread == null) {
                return false;
            }
            generation++;
            pending = true;
            interruptedThread = cellThread;
            PENDING.put(cellThread, this);
            anyPending = true;
            cellThread.interrupt();
        }
        try {
            loop.callSoonThreadsafe(this::loopCameBack);
        } catch (RuntimeException closed) {
            // the loop is closed: the checks alone stop the code
        }
        return true;
    }

    /** Runs on the loop thread once the loop runs callbacks again: the cell is not blocked in a call now. */
    private void loopCameBack() {
        synchronized (lock) {
            if (pending && interruptedThread == Thread.currentThread()) {
                Thread.interrupted(); // the flag would only make select spin
            }
        }
    }

    /** Ends the interrupt state; clears the interrupt flag when called on the interrupted thread. */
    void clear() {
        synchronized (lock) {
            clearLocked();
        }
    }

    private void clearLocked() {
        Thread target = interruptedThread;
        pending = false;
        interruptedThread = null;
        if (target != null) {
            PENDING.remove(target, this);
            anyPending = !PENDING.isEmpty();
            if (target == Thread.currentThread()) {
                Thread.interrupted();
            }
        }
    }
}
