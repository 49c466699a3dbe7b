package jasyncio.loop;

/**
 * Instrumentation of an {@link EventLoop}, in the spirit of Trio's Instrument: every
 * scheduling decision the loop makes, named after the CPython code that makes it.
 * All methods are called on the loop thread, synchronously, so an observer sees the
 * loop's state as it is at that moment (e.g. {@link EventLoop#readyHandles()}).
 * With no observer installed, each event costs the loop one null check.
 */
public interface LoopObserver {
    /** runOnce began its n-th iteration (BaseEventLoop._run_once). */
    default void iterationStarted(long iteration) {
    }

    /** callSoon appended a Handle to the ready queue ({@code _ready.append}); length after it. */
    default void handleScheduled(Handle handle, int readyLength) {
    }

    /** callAt/callLater pushed a TimerHandle on the heap ({@code heapq.heappush(_scheduled, ...)}). */
    default void timerScheduled(TimerHandle timer) {
    }

    /** A scheduled TimerHandle was cancelled ({@code _timer_handle_cancelled}). */
    default void timerCancelled(TimerHandle timer) {
    }

    /** A due TimerHandle moved from the heap to the ready queue. */
    default void timerDue(TimerHandle timer) {
    }

    /** The loop starts to wait for I/O or a wake-up ({@code selector.select(timeout)}); -1 = no timeout. */
    default void waitEntered(double timeoutSeconds) {
    }

    /** The wait returned with this many I/O events. */
    default void waitReturned(int events) {
    }

    /** runOnce popped a Handle from the ready queue ({@code _ready.popleft()}); length after it. */
    default void handlePopped(Handle handle, int readyLength) {
    }

    /** The Handle's callback ran ({@code handle._run()}) and took this long. */
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
}
