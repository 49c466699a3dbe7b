package jasyncio.loop;

/**
 * Instrumentation of an {@link EventLoop}, in the spirit of Trio's Instrument: every
 * scheduling decision the loop makes, named after the CPython code that makes it.
 *
 * <p>All methods are called on the loop thread, synchronously, so an observer sees the loop's
 * state as it is at that moment: {@link EventLoop#readyQueue()} (a live read-only view of the
 * ready deque, FIFO), {@link EventLoop#currentTask()}, {@link EventLoop#time()},
 * {@link EventLoop#iteration()} cost no allocation; the timer heap is best followed through
 * the timer events ({@link EventLoop#scheduledTimers()} is a sorted copy). Handles and tasks
 * carry ids unique within their loop ({@link Handle#id()}, {@link Task#id()}).
 *
 * <p>With no observer installed, each event costs the loop one null check. An observer that
 * throws is removed from the loop and reported once through its exception handler; the loop's
 * state change in progress completes (see {@link EventLoop#setObserver}).
 */
public interface LoopObserver {
    /** runOnce began its n-th iteration (BaseEventLoop._run_once). */
    default void iterationStarted(long iteration) {
    }

    /**
     * A Handle was appended to the ready queue ({@code _ready.append}); {@code readyLength} is
     * the length after it. {@code cause} says which code appended it and {@code source} the
     * object behind it (see {@link ScheduleCause}). It is called synchronously in the code that
     * scheduled it, so for {@link ScheduleCause#CALL_SOON} the calling line is on the stack.
     * The default calls {@link #handleScheduled(Handle, int)}.
     */
    default void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
        handleScheduled(handle, readyLength);
    }

    /** The older form of the event, without the cause: called by the default of the four-argument one. */
    default void handleScheduled(Handle handle, int readyLength) {
    }

    /** callAt/callLater pushed a TimerHandle on the heap ({@code heapq.heappush(_scheduled, ...)}). */
    default void timerScheduled(TimerHandle timer) {
    }

    /** A scheduled TimerHandle was cancelled ({@code _timer_handle_cancelled}). */
    default void timerCancelled(TimerHandle timer) {
    }

    /** A due TimerHandle moved from the heap to the end of the ready queue. */
    default void timerDue(TimerHandle timer) {
    }

    /** The loop starts to wait for I/O or a wake-up ({@code selector.select(timeout)}); -1 = no timeout. */
    default void waitEntered(double timeoutSeconds) {
    }

    /**
     * Virtual time ({@link EventLoop#useVirtualTime}): instead of waiting for the next timer,
     * the clock jumped from {@code from} to {@code to} (loop seconds). Called between
     * {@link #waitEntered} and {@link #waitReturned}.
     */
    default void clockJumped(double from, double to) {
    }

    /** The wait returned with this many I/O events. */
    default void waitReturned(int events) {
    }

    /**
     * runOnce popped a Handle from the ready queue ({@code _ready.popleft()}); length after it.
     * A cancelled Handle is popped too (and reported), then skipped: no {@link #handleRan} follows.
     */
    default void handlePopped(Handle handle, int readyLength) {
    }

    /** The Handle's callback ran ({@code handle._run()}) and took this long (real time, nanoseconds). */
    default void handleRan(Handle handle, long nanos) {
    }

    /** A Task was made ({@code Task.__init__}); its first step is scheduled next. */
    default void taskCreated(Task<?> task) {
    }

    /** Task.step is about to send into its coroutine ({@code coro.send(None)}), or throw exc into it. */
    default void taskStepped(Task<?> task, Throwable thrownIn) {
    }

    /** The coroutine yielded: the task now waits on {@code awaiting}, or (null) is rescheduled at once. */
    default void taskSuspended(Task<?> task, Future<?> awaiting) {
    }

    /** The task finished: result, exception or cancelled. */
    default void taskDone(Task<?> task) {
    }

    /** A Future (not a Task) became done and scheduled its callbacks. */
    default void futureDone(Future<?> future, int callbacks) {
    }

    /**
     * A library-level event worth showing in a trace, e.g. a Flow subscription's request(n):
     * {@code subject} is the object it concerns, {@code what} says what happened.
     */
    default void note(Object subject, String what) {
    }
}
