package jasyncio.loop;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * asyncio.Task (tasks.py): a Future that drives a {@link Coroutine}. Made by
 * {@code loop.createTask(coro)}, which schedules its first {@link #step} with callSoon.
 * Each step sends into the coroutine once; what the coroutine yields decides what happens
 * next: a pending Future gets {@code wakeup} as its done callback, a bare yield (sleep(0))
 * reschedules the step at once, and a return or throw finishes the task.
 */
public class Task<T> extends Future<T> {
    private static final AtomicLong TASK_COUNTER = new AtomicLong();

    private final Coroutine<T> coro;
    private final long number;
    /** Unique within the loop, in order of making; unlike the name, it never changes. */
    private final long id;
    private String name;
    /** The future this task is suspended on (asyncio's _fut_waiter). */
    private Future<?> futWaiter;
    /** A cancel() arrived when there was no future to cancel: throw CancelledError at the next step. */
    private boolean mustCancel;
    private String cancelMessage;
    private int numCancelsRequested;
    /** The innermost {@link Timeout} entered in this task and not yet exited, or null. */
    Timeout innermostTimeout;
    /**
     * The values of ContextVars this task sees: its creator's when it was made (asyncio's
     * copy_context in Task.__init__), then what it sets. Immutable data, shared until a set.
     */
    ContextData contextData;
    /** Whether a pending task left at loop close is reported (asyncio's _log_destroy_pending). */
    boolean logDestroyPending = true;
    // Made once per task, so scheduling a step or a wakeup allocates only the Handle.
    private final Step step = new Step();
    private final Wakeup wakeup = new Wakeup();
    /** The Handle that runs step(null) after a bare yield, made once and appended again each time. */
    private Handle stepAfterBareYield;
    // The loop's list of pending tasks (asyncio's _scheduled_tasks), intrusive to cost no allocation.
    Task<?> previousPending;
    Task<?> nextPending;

    Task(EventLoop loop, Coroutine<T> coro, String name) {
        this(loop, coro, name, false);
    }

    /**
     * With {@code eagerStart} and the loop running, the first step runs now, inside the
     * constructor (3.12's eager_start): a coroutine that never waits is done before
     * createTask returns; one that waits is suspended as usual.
     */
    Task(EventLoop loop, Coroutine<T> coro, String name, boolean eagerStart) {
        super(loop);
        if (coro == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        this.coro = coro;
        Task<?> creator = loop.currentTask();
        this.contextData = creator != null ? creator.contextData : Context.threadData();
        this.number = name == null ? TASK_COUNTER.incrementAndGet() : 0;
        this.id = loop.nextTaskId();
        this.name = name;
        loop.registerTask(this);
        if (eagerStart && loop.isRunning()) {
            eagerStart();
        } else {
            loop.callSoon(step, null, ScheduleCause.TASK_CREATED, this);
        }
    }

    /**
     * Task.__eager_start: this task is current for its first step, then whichever was
     * current before (the task that called createTask, or none) is again.
     */
    private void eagerStart() {
        Task<?> previous = loop.swapCurrentTask(this);
        try {
            sendAndReact(null);
        } finally {
            loop.swapCurrentTask(previous);
        }
    }

    /** The task whose step or wakeup {@code callback} is, or null (to show a slow step as its task). */
    static Task<?> ownerOf(Object callback) {
        if (callback instanceof Task<?>.Step s) {
            return s.task();
        }
        return callback instanceof Task<?>.Wakeup w ? w.task() : null;
    }

    /** Task.__step's callback object: its name in a Handle is {@code Task-3.step}. */
    private final class Step implements Consumer<Throwable> {
        @Override
        public void accept(Throwable thrownIn) {
            step(thrownIn);
        }

        Task<T> task() {
            return Task.this;
        }

        @Override
        public String toString() {
            return getName() + ".step";
        }
    }

    /** Task.__wakeup's callback object, added to the future the task waits on. */
    private final class Wakeup implements Consumer<Future<?>>, AwaitingCallback {
        @Override
        public void accept(Future<?> awaited) {
            wakeup(awaited);
        }

        Task<T> task() {
            return Task.this;
        }

        @Override
        public Future<?> awaiter() {
            return Task.this;
        }

        @Override
        public String toString() {
            return getName() + ".wakeup";
        }
    }

    /**
     * A number unique within the task's loop (1, 2, 3, ... in order of making), for observers:
     * names ({@code Task-5}, {@code Cell-3}) can be given or changed, the id cannot.
     */
    public final long id() {
        return id;
    }

    public final String getName() {
        return name != null ? name : "Task-" + number;
    }

    public final void setName(String name) {
        this.name = name;
    }

    public final Coroutine<T> getCoro() {
        return coro;
    }

    /**
     * A copy of the context this task runs in: its ContextVars' values now (asyncio's
     * Task.get_context, which gives the live context instead).
     */
    public final Context getContext() {
        return new Context(contextData);
    }

    /** The future this task waits on, or null when it is ready to run or done. */
    public final Future<?> waitingOn() {
        return futWaiter;
    }

    /**
     * Task.__step: runs the coroutine to its next await. {@code thrownIn} is raised at the
     * await point (a CancelledError when the task was cancelled), or null to send None.
     */
    final void step(Throwable thrownIn) {
        if (isDone()) {
            throw new InvalidStateError("step(): already done: " + this + ", " + thrownIn);
        }
        if (mustCancel) {
            if (!(thrownIn instanceof CancelledError)) {
                // The message is the one given to Task.cancel (the Future's own is not set yet).
                thrownIn = cancelMessage == null ? new CancelledError() : new CancelledError(cancelMessage);
            }
            mustCancel = false;
        }
        if (innermostTimeout != null && thrownIn instanceof CancelledError cancelled) {
            thrownIn = Timeout.raisedAtAwait(this, cancelled); // a try-with-resources timeout may convert it here
        }
        futWaiter = null;
        loop.enterTask(this);
        try {
            sendAndReact(thrownIn);
        } finally {
            loop.leaveTask(this);
        }
    }

    private void sendAndReact(Throwable thrownIn) {
        LoopObserver observer = loop.observer;
        if (observer != null) {
            observer.taskStepped(this, thrownIn);
        }
        Object yielded;
        try {
            yielded = coro.resume(null, thrownIn);
        } catch (Throwable misuse) { // e.g. a coroutine already awaited elsewhere
            super.setException(misuse);
            return;
        }
        if (yielded == Coroutine.FINISHED) {
            finishFromCoroutine();
        } else if (yielded == null) { // a bare yield: sleep(0)
            scheduleStepAfterBareYield();
            if (observer != null) {
                observer.taskSuspended(this, null);
            }
        } else if (yielded instanceof Future<?> awaited) {
            suspendOn(awaited, observer);
        } else {
            loop.callSoon(step, new IllegalStateException("Task got bad yield: " + yielded));
        }
    }

    /**
     * callSoon(step) after sleep(0), without a new Handle each time: a task has at most one step
     * in the ready queue (it runs before the task can yield again), so one Handle serves. The
     * saved allocation is 2-3% of a sleep(0) switch.
     */
    private void scheduleStepAfterBareYield() {
        if (stepAfterBareYield == null) {
            stepAfterBareYield = loop.callSoon(step, null, ScheduleCause.TASK_YIELD, this);
        } else {
            loop.appendReady(stepAfterBareYield, ScheduleCause.TASK_YIELD, this);
        }
    }

    private void finishFromCoroutine() {
        Throwable raised = coro.exception();
        if (raised == null) {
            if (mustCancel) { // cancelled on its last step, after its last await
                mustCancel = false;
                super.cancel(cancelMessage);
            } else {
                super.setResult(coro.result());
            }
        } else if (raised instanceof CancelledError cancelled) {
            cancelledError = cancelled;
            super.cancel(cancelled.getMessage());
        } else {
            super.setException(raised);
        }
    }

    private void suspendOn(Future<?> awaited, LoopObserver observer) {
        if (awaited.loop != loop) {
            loop.callSoon(step, new IllegalStateException(
                    "Task " + this + " got Future " + awaited + " attached to a different loop"));
        } else if (awaited == this) {
            loop.callSoon(step, new IllegalStateException("Task cannot await on itself: " + this));
        } else {
            awaited.addDoneCallback(wakeup);
            futWaiter = awaited;
            if (observer != null) {
                observer.taskSuspended(this, awaited);
            }
            if (mustCancel && awaited.cancel(cancelMessage)) {
                mustCancel = false;
            }
        }
    }

    /** Task.__wakeup: the awaited future is done; step again with its exception, if any. */
    final void wakeup(Future<?> awaited) {
        step(awaited.outcomeException());
    }

    /**
     * Requests cancellation: the CancelledError is raised at the coroutine's await point on
     * its next step. Returns false when the task is already done. Each call counts toward
     * {@link #cancelling()}.
     */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        numCancelsRequested++;
        if (futWaiter != null && futWaiter.cancel(message)) {
            // The awaited future's callback will wake this task with a CancelledError.
            return true;
        }
        mustCancel = true;
        cancelMessage = message;
        return true;
    }

    /** How many cancellation requests are outstanding (asyncio's Task.cancelling). */
    public final int cancelling() {
        return numCancelsRequested;
    }

    /** Takes back one cancellation request; returns the count left (asyncio's Task.uncancel). */
    public final int uncancel() {
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
            if (numCancelsRequested == 0) {
                mustCancel = false;
            }
        }
        return numCancelsRequested;
    }

    /** The frames where the suspended coroutine waits, innermost first (Task.get_stack). */
    public final StackTraceElement[] getStack() {
        return coro.suspendedStack();
    }

    @Override
    final void onDone(int callbacksScheduled) {
        loop.unregisterTask(this);
        LoopObserver observer = loop.observer;
        if (observer != null) {
            observer.taskDone(this);
        }
    }

    String describeFinished(Throwable exc) {
        return "<Task finished name='" + getName() + "' coro=" + coro + " exception=" + exc + ">";
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<Task ");
        if (!isDone() && numCancelsRequested > 0) {
            out.append("cancelling");
        } else {
            out.append(stateName());
        }
        out.append(" name='").append(getName()).append("' coro=").append(coro.describe(loop.isDebug())).append(describeOutcome());
        if (futWaiter != null) {
            out.append(" wait_for=").append(futWaiter);
        }
        return out.append('>').toString();
    }
}
