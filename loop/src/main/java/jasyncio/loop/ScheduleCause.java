package jasyncio.loop;

/**
 * Why a Handle was appended to the ready queue: the causality an observer draws (which code
 * put this Handle there). In CPython every one of these is a {@code call_soon} (or
 * {@code _add_callback}); the loop knows which kind it is, so it says so.
 * Due timers are not among them: {@link LoopObserver#timerDue} reports those.
 *
 * <p>The {@code source} passed with each cause to
 * {@link LoopObserver#handleScheduled(Handle, int, ScheduleCause, Object)}:
 */
public enum ScheduleCause {
    /** A direct {@code callSoon} by running code; source: the current Task, or null outside any task. */
    CALL_SOON,
    /** {@code Task.__init__} scheduling the new task's first step; source: the new Task (its creator is the loop's current task). */
    TASK_CREATED,
    /** A bare yield ({@code sleep(0)}) rescheduling the task's step; source: the Task. */
    TASK_YIELD,
    /** A done callback of a finished Future or Task (e.g. an awaiting task's wakeup); source: that Future. */
    FUTURE_CALLBACK,
    /** Moved from the thread-safe queue ({@code callSoonThreadsafe}); source: the Thread that called it. */
    THREADSAFE,
    /** A reader or writer whose channel the selector reported ready; source: the channel. */
    IO_READY
}
