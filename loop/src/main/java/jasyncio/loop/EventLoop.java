package jasyncio.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * asyncio's BaseEventLoop (base_events.py) on a java.nio Selector: a ready queue of
 * {@link Handle}s, a heap of {@link TimerHandle}s, and {@link #runOnce()}, which waits for
 * I/O or a thread-safe wake-up no longer than the next timer, moves due timers to the ready
 * queue, then runs exactly the handles that were ready when the iteration began.
 *
 * <p>Everything but {@link #callSoonThreadsafe} and {@link #stop} via it must be called on
 * the loop's thread; in debug mode a call from another thread is reported as an error.
 */
public class EventLoop implements AutoCloseable {
    /** asyncio's MAXIMUM_SELECT_TIMEOUT: waits are capped at one day. */
    static final double MAXIMUM_SELECT_TIMEOUT = 24 * 3600;
    /** Rebuild the timer heap when it holds more than this many timers ... */
    static final int MIN_SCHEDULED_TIMER_HANDLES = 100;
    /** ... and more than this fraction of them are cancelled. */
    static final double MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
    /** Timers due within this much of now are treated as due (time.get_clock_info('monotonic').resolution). */
    static final double CLOCK_RESOLUTION = 1e-9;
    private static final ThreadLocal<EventLoop> RUNNING_LOOP = new ThreadLocal<>();

    private final ArrayDeque<Handle> ready = new ArrayDeque<>();
    /** A read-only view of {@code ready}, made once, for observers. */
    private final Collection<Handle> readyView = Collections.unmodifiableCollection(ready);
    private PriorityQueue<TimerHandle> scheduled = new PriorityQueue<>();
    private int timerCancelledCount;
    /** The last Handle id and Task id given (loop thread only: plain counters). */
    private long handleIds;
    private long taskIds;
    /** Handles from other threads; moved to {@code ready} by the loop thread in runOnce. */
    private final ConcurrentLinkedQueue<Handle> threadsafeReady = new ConcurrentLinkedQueue<>();
    private final Selector selector;
    /** How runOnce waits for I/O and timers, and how other threads wake it. */
    private final LoopWait loopWait;
    private volatile Thread thread;
    /** loop.time(): real, or virtual (see useVirtualTime). */
    private final LoopClock clock = new LoopClock();
    /** Executor jobs and other ExternalWork in flight: while any is, virtual time does not jump. */
    private final AtomicInteger externalWork = new AtomicInteger();
    private boolean stopping;
    private volatile boolean closed;
    private long iteration;

    private boolean debug;
    private double slowCallbackDuration = 0.1;
    private ExceptionHandler exceptionHandler;
    private Consumer<String> logger;
    /**
     * The instrumentation, wrapped in its {@link ObserverGuard}; null when none is installed
     * (the common case, one null check per event).
     */
    LoopObserver observer;

    private Task<?> currentTask;
    private Task<?> pendingTasks;
    private int pendingTaskCount;
    private final Set<UnretrievedException> unretrieved = ConcurrentHashMap.newKeySet();
    private final DefaultExecutor defaultExecutor = new DefaultExecutor(this);
    /** Readers, writers and transports of channels on the selector. */
    private final SelectorEvents selectorEvents = new SelectorEvents(this);
    /** What createTask uses to make a Task, or null for the plain constructor (asyncio's _task_factory). */
    private TaskFactory taskFactory;

    public EventLoop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
        loopWait = new LoopWait(selector);
    }

    // ---- the running loop of this thread (asyncio.get_running_loop) ----

    /** The loop running on this thread; throws when there is none. */
    public static EventLoop getRunningLoop() {
        EventLoop loop = RUNNING_LOOP.get();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** The loop running on this thread, or null. */
    public static EventLoop runningLoopOrNull() {
        return RUNNING_LOOP.get();
    }

    static void setRunningLoop(EventLoop loop) {
        if (loop == null) {
            RUNNING_LOOP.remove();
        } else {
            RUNNING_LOOP.set(loop);
        }
    }

    // ---- running and stopping ----

    /** Runs iterations of the loop until {@link #stop()} is called. */
    public void runForever() {
        checkClosed();
        checkNotRunning();
        thread = Thread.currentThread();
        RUNNING_LOOP.set(this);
        try {
            while (true) {
                iterate();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            thread = null;
            RUNNING_LOOP.remove();
        }
    }

    /** Stops the loop once the handles of the current iteration have run. */
    private static final Consumer<Future<?>> RUN_UNTIL_COMPLETE_CB = new Consumer<>() {
        @Override
        public void accept(Future<?> future) {
            future.loop.stop();
        }

        @Override
        public String toString() {
            return "_run_until_complete_cb";
        }
    };

    /**
     * Runs the loop until the awaitable is done and returns its result (or throws its
     * exception). A coroutine is wrapped in a Task first.
     */
    @SuppressWarnings("unchecked")
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkClosed();
        checkNotRunning();
        boolean newTask = !(awaitable instanceof Future);
        Future<T> future = ensureFuture(awaitable);
        if (newTask && future instanceof Task<?> task) {
            task.logDestroyPending = false; // an exception here is raised to the caller, not logged
        }
        future.addDoneCallback(RUN_UNTIL_COMPLETE_CB);
        try {
            runForever();
        } catch (Throwable e) {
            if (newTask && future.isDone() && !future.isCancelled()) {
                future.exception(); // it is raised here, so it must not also be reported as never retrieved
            }
            throw e;
        } finally {
            future.removeDoneCallback(RUN_UNTIL_COMPLETE_CB);
        }
        if (!future.isDone()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    /** Asks the loop to stop after the current iteration. Not thread-safe: from another thread, callSoonThreadsafe(loop::stop). */
    public void stop() {
        stopping = true;
    }

    public boolean isRunning() {
        return thread != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: drops pending callbacks and timers, reports exceptions never retrieved
     * and tasks still pending, closes the selector. It must not be running.
     */
    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        if (debug) {
            log("Close " + this);
        }
        for (Task<?> t = pendingTasks; t != null; t = t.nextPending) {
            if (t.logDestroyPending) {
                callExceptionHandler(new ExceptionContext("Task was destroyed but it is pending!", null, null, t));
            }
        }
        for (UnretrievedException u : List.copyOf(unretrieved)) {
            u.report();
        }
        closed = true;
        ready.clear();
        threadsafeReady.clear();
        scheduled.clear();
        timerCancelledCount = 0;
        defaultExecutor.shutdownWithoutWaiting();
        onClose();
        try {
            selector.close();
        } catch (IOException e) {
            log("error closing the selector: " + e);
        }
    }

    /** What a subclass releases when the loop closes (executors, transports). */
    protected void onClose() {
    }

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    private void checkNotRunning() {
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (RUNNING_LOOP.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
    }

    /** In debug mode, a loop method that is not thread-safe called from another thread is an error. */
    private void checkThread() {
        Thread owner = thread;
        // On the virtual-thread mechanism a coroutine body runs on its own thread, for the loop
        // thread (which waits meanwhile): that thread has this loop as its running loop.
        if (owner != null && owner != Thread.currentThread() && RUNNING_LOOP.get() != this) {
            throw new IllegalStateException("Non-thread-safe operation invoked on an event loop other than the current one");
        }
    }

    // ---- the clock ----

    /**
     * The loop's clock, in seconds: monotonic (since this JVM loaded the loop), or virtual
     * under {@link #useVirtualTime}. Timers, sleep, timeouts and waitFor all read it.
     */
    public double time() {
        return clock.now();
    }

    /**
     * Virtual time on or off (Trio's {@code MockClock(autojump_threshold=0)}, CPython's test
     * loop). Under virtual time the clock stands still while callbacks run, and where runOnce
     * would wait for the next timer it jumps there instead, so timers fire in due order at
     * exactly their due times, however slow the machine, and a run of timers and tasks gives
     * the same events and times every time. It jumps only when all of these hold:
     * <ul>
     * <li>no Handle is ready and the loop is not stopping (else it would not wait anyway);
     * <li>a timer is scheduled (else there is nothing to jump to, and it waits as usual);
     * <li>nothing can wake it from outside: no channel on its selector with an interest
     *     (a reader, a writer, a listening server), no callSoonThreadsafe Handle pending,
     *     no runInExecutor/toThread job and no other {@link ExternalWork} in flight.
     * </ul>
     * Otherwise it waits for real, as a real loop would (I/O and thread-safe wake-ups work as
     * usual), and virtual time advances by the real time waited, up to the next timer's due
     * time: so a waitFor on a real socket still times out.
     *
     * <p>Switching is safe at any time on the loop thread (it takes effect at the next wait),
     * and never moves the clock: virtual time starts where the clock is, and real time, when
     * switched back, goes on from the virtual time reached (so time never goes backwards).
     */
    public void useVirtualTime(boolean on) {
        if (debug) {
            checkThread();
        }
        clock.setVirtual(on);
    }

    public boolean isVirtualTime() {
        return clock.isVirtual();
    }

    /**
     * Under virtual time, moves the clock forward at once by {@code seconds} (Trio's
     * {@code MockClock.jump}, CPython's {@code TestLoop.advance_time}); timers due by then run
     * in the next iteration, in due order.
     *
     * @throws IllegalStateException when the loop is on real time
     * @throws IllegalArgumentException for a negative (or NaN) amount: time never goes back
     */
    public void advanceVirtualTime(double seconds) {
        if (!clock.isVirtual()) {
            throw new IllegalStateException("advanceVirtualTime needs virtual time: call useVirtualTime(true) first");
        }
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("time can't go backwards: advanceVirtualTime(" + seconds + ")");
        }
        advanceVirtualTimeTo(clock.now() + seconds);
    }

    /** Under virtual time, moves the clock forward to exactly {@code when} (not before now: time never goes back). */
    public void advanceVirtualTimeTo(double when) {
        if (!clock.isVirtual()) {
            throw new IllegalStateException("advanceVirtualTimeTo needs virtual time: call useVirtualTime(true) first");
        }
        if (!(when >= clock.now())) {
            throw new IllegalArgumentException("time can't go backwards: advanceVirtualTimeTo(" + when + ") at " + clock.now());
        }
        clock.jumpTo(when);
    }

    /**
     * Holds virtual time back while work outside the loop is in flight whose result will
     * come back through callSoonThreadsafe (see {@link ExternalWork}); close it once the result
     * is handed over. runInExecutor and toThread do this by themselves. Thread-safe.
     */
    public ExternalWork holdExternalWork() {
        return new ExternalWork(this);
    }

    void externalWorkBegun() {
        externalWork.incrementAndGet();
    }

    /**
     * The last external work ended: wake the loop, which may be waiting for real only because
     * of it (under virtual time it can now jump). Usually the result's callSoonThreadsafe has
     * just woken it, and this costs no second syscall.
     */
    void externalWorkEnded() {
        if (externalWork.decrementAndGet() == 0) {
            loopWait.wakeUp();
        }
    }

    /**
     * Could anything outside the loop append a Handle while it waits? While so, virtual time
     * waits for real. The counter is read before the thread-safe queue: external work hands
     * its result to that queue first and is released after, so one of the two is seen.
     */
    private boolean canBeWokenFromOutside() {
        return externalWork.get() > 0 || !threadsafeReady.isEmpty() || channelsWithInterest() > 0;
    }

    private int channelsWithInterest() {
        if (closed) {
            return 0; // its selector is closed too
        }
        int n = 0;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.interestOps() != 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The clock, in words: "real" or "virtual", and under virtual time whether it would
     * jump now and what keeps it from jumping (for %loop). Loop thread.
     */
    public String describeClock() {
        if (!clock.isVirtual()) {
            return "real (monotonic)";
        }
        List<String> holds = new ArrayList<>();
        int channels = channelsWithInterest();
        if (channels > 0) {
            holds.add(channels + (channels == 1 ? " channel" : " channels") + " with I/O interest");
        }
        int work = externalWork.get();
        if (work > 0) {
            holds.add(work + " executor job" + (work == 1 ? "" : "s") + " or other external work in flight");
        }
        if (!threadsafeReady.isEmpty()) {
            holds.add("thread-safe callbacks pending");
        }
        return "virtual: " + (holds.isEmpty() ? "jumps to the next timer when nothing is ready"
                : "waits for real (" + String.join(", ", holds) + "), advancing by the time waited");
    }

    // ---- scheduling ----

    /** Schedules the callback to run on the next iteration, after those already scheduled. */
    public Handle callSoon(Runnable callback) {
        return appendReady(new Handle(this, callback, null, null), ScheduleCause.CALL_SOON, null);
    }

    /** Schedules {@code function.accept(argument)} to run on the next iteration. */
    public <A> Handle callSoon(Consumer<? super A> function, A argument) {
        return appendReady(new Handle(this, null, function, argument), ScheduleCause.CALL_SOON, null);
    }

    /** callSoon for the loop's own machinery, which says why it schedules (a Future's callback, a Task's first step). */
    <A> Handle callSoon(Consumer<? super A> function, A argument, ScheduleCause cause, Object source) {
        return appendReady(new Handle(this, null, function, argument), cause, source);
    }

    /**
     * callSoon's append to the ready queue, also for a Handle scheduled again (a task's step
     * after sleep(0)). For {@link ScheduleCause#CALL_SOON} the source is the current task,
     * looked up only when an observer is there to be told.
     */
    Handle appendReady(Handle handle, ScheduleCause cause, Object source) {
        checkClosed();
        if (debug) {
            checkThread();
        }
        ready.addLast(handle);
        LoopObserver o = observer;
        if (o != null) {
            o.handleScheduled(handle, ready.size(), cause, cause == ScheduleCause.CALL_SOON ? currentTask : source);
        }
        return handle;
    }

    /** Appends a ready reader's or writer's Handle (asyncio's _add_callback from _process_events). */
    void addReadyHandle(Handle handle, SelectableChannel channel) {
        appendReady(handle, ScheduleCause.IO_READY, channel);
    }

    long nextHandleId() {
        return ++handleIds;
    }

    long nextTaskId() {
        return ++taskIds;
    }

    /** Schedules the callback to run after {@code delay} seconds. */
    public TimerHandle callLater(double delay, Runnable callback) {
        return callAt(time() + delay, callback);
    }

    public <A> TimerHandle callLater(double delay, Consumer<? super A> function, A argument) {
        return callAt(time() + delay, function, argument);
    }

    /** Schedules the callback to run at {@code when} on the loop's clock. */
    public TimerHandle callAt(double when, Runnable callback) {
        return pushTimer(new TimerHandle(this, when, callback, null, null));
    }

    public <A> TimerHandle callAt(double when, Consumer<? super A> function, A argument) {
        return pushTimer(new TimerHandle(this, when, null, function, argument));
    }

    private TimerHandle pushTimer(TimerHandle timer) {
        checkClosed();
        if (debug) {
            checkThread();
        }
        scheduled.add(timer);
        timer.scheduled = true;
        LoopObserver o = observer;
        if (o != null) {
            o.timerScheduled(timer);
        }
        return timer;
    }

    /** Called by TimerHandle.cancel: the heap keeps it until it reaches the top or is rebuilt. */
    void timerHandleCancelled(TimerHandle timer) {
        if (timer.scheduled) {
            timerCancelledCount++;
            LoopObserver o = observer;
            if (o != null) {
                o.timerCancelled(timer);
            }
        }
    }

    /**
     * Schedules the callback from any thread, and wakes the loop if it is waiting:
     * the only scheduling method that is thread-safe.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        checkClosed();
        Handle handle = new ThreadsafeHandle(this, callback);
        threadsafeReady.add(handle);
        loopWait.wakeUp();
        return handle;
    }

    // ---- one iteration ----

    /**
     * One iteration of the loop (BaseEventLoop._run_once), by hand: what runForever repeats.
     * Public so that a lesson or a test can step a loop and look at its ready queue between
     * iterations, also from inside a notebook cell, where the kernel's loop is running: while
     * the iteration runs, this loop is the thread's running loop (as under runForever), so the
     * sleep and createTask of its tasks use it; the loop running before is restored after.
     * With nothing ready, no timer and no I/O, it waits until callSoonThreadsafe wakes it.
     *
     * @throws IllegalStateException when this loop is running (runForever does the iterating)
     */
    public void runOnce() {
        checkClosed();
        if (isRunning()) {
            throw new IllegalStateException("runOnce() cannot be called while the loop runs: runForever calls it");
        }
        EventLoop outer = RUNNING_LOOP.get();
        RUNNING_LOOP.set(this);
        try {
            iterate();
        } finally {
            setRunningLoop(outer);
        }
    }

    /**
     * One iteration: drop cancelled timers, wait for I/O no longer than the next timer (not
     * at all if handles are ready or the loop is stopping), move due timers to the ready
     * queue, then run the handles that are ready now. Handles scheduled while these run wait
     * for the next iteration.
     */
    private void iterate() {
        iteration++;
        LoopObserver o = observer;
        if (o != null) {
            o.iterationStarted(iteration);
        }
        dropCancelledTimers();
        moveThreadsafeHandles();

        double timeout;
        if (!ready.isEmpty() || stopping) {
            timeout = 0;
        } else if (!scheduled.isEmpty()) {
            timeout = Math.min(Math.max(0, scheduled.peek().when() - time()), MAXIMUM_SELECT_TIMEOUT);
        } else {
            timeout = -1;
        }
        int events = waitForEvents(timeout, o);
        moveThreadsafeHandles();

        double endTime = time() + CLOCK_RESOLUTION;
        while (!scheduled.isEmpty()) {
            TimerHandle timer = scheduled.peek();
            if (timer.when() >= endTime) {
                break;
            }
            scheduled.poll();
            timer.scheduled = false;
            ready.addLast(timer);
            if (o != null) {
                o.timerDue(timer);
            }
        }

        // Run exactly the handles ready now; what they schedule waits for the next iteration.
        int ntodo = ready.size();
        if (o == null && !debug) {
            for (int i = 0; i < ntodo; i++) {
                Handle handle = ready.pollFirst();
                if (!handle.isCancelled()) {
                    handle.run();
                }
            }
        } else {
            for (int i = 0; i < ntodo; i++) {
                runObserved(ready.pollFirst(), o);
            }
        }
    }

    private void runObserved(Handle handle, LoopObserver o) {
        if (o != null) {
            o.handlePopped(handle, ready.size()); // a cancelled one too: the observer follows the deque
        }
        if (handle.isCancelled()) {
            return;
        }
        long start = System.nanoTime();
        handle.run();
        long nanos = System.nanoTime() - start;
        if (o != null) {
            o.handleRan(handle, nanos);
        }
        if (debug && nanos * 1e-9 >= slowCallbackDuration) {
            log(CallbackNames.slowCallback(handle, nanos * 1e-9));
        }
    }

    /** Drops cancelled timers from the heap's top, or rebuilds the heap when most are cancelled. */
    private void dropCancelledTimers() {
        int count = scheduled.size();
        if (count > MIN_SCHEDULED_TIMER_HANDLES
                && (double) timerCancelledCount / count > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
            List<TimerHandle> live = new ArrayList<>(count - timerCancelledCount);
            for (TimerHandle timer : scheduled) {
                if (timer.isCancelled()) {
                    timer.scheduled = false;
                } else {
                    live.add(timer);
                }
            }
            scheduled = new PriorityQueue<>(live);
            timerCancelledCount = 0;
        } else {
            while (!scheduled.isEmpty() && scheduled.peek().isCancelled()) {
                timerCancelledCount--;
                scheduled.poll().scheduled = false;
            }
        }
    }

    private void moveThreadsafeHandles() {
        loopWait.clearWakeUp();
        Handle handle;
        while ((handle = threadsafeReady.poll()) != null) {
            handle.id = nextHandleId();
            ready.addLast(handle);
            LoopObserver o = observer;
            if (o != null) {
                o.handleScheduled(handle, ready.size(), ScheduleCause.THREADSAFE, ((ThreadsafeHandle) handle).caller);
            }
        }
    }

    /** The wait of runOnce, with the computed timeout (-1: until woken); see {@link LoopWait}. */
    private int waitForEvents(double timeout, LoopObserver o) {
        if (o != null) {
            o.waitEntered(timeout);
        }
        int events = clock.isVirtual() && timeout != 0 ? waitVirtually(timeout, o) : select(timeout);
        // An interrupt of the loop thread during the wait is a wake-up, and is consumed here:
        // left set, it would make every later select return at once and the loop spin.
        Thread.interrupted();
        if (events > 0) {
            processEvents(selector.selectedKeys());
        }
        if (o != null) {
            o.waitReturned(events);
        }
        return events;
    }

    private int select(double timeout) {
        try {
            return loopWait.select(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed", e);
        }
    }

    /**
     * The wait under virtual time (see {@link #useVirtualTime}): with a timer to wait for and
     * nothing that can wake the loop from outside, the clock jumps to the timer's due time
     * and there is no wait; otherwise a real wait, and the clock advances by the time it took,
     * not past the timer.
     */
    private int waitVirtually(double timeout, LoopObserver o) {
        double now = clock.now();
        double deadline = Double.POSITIVE_INFINITY;
        if (timeout > 0) {
            // dropCancelledTimers left a live timer on top: the one the timeout was computed from
            double next = scheduled.peek().when();
            deadline = next - now <= MAXIMUM_SELECT_TIMEOUT ? next : now + timeout;
            if (!canBeWokenFromOutside()) {
                clock.jumpTo(deadline);
                if (o != null) {
                    o.clockJumped(now, deadline);
                }
                return 0;
            }
        }
        long start = System.nanoTime();
        int events = select(timeout);
        clock.advance((System.nanoTime() - start) * 1e-9, deadline);
        return events;
    }

    /** Schedules the callbacks of ready I/O (asyncio's _process_events). */
    protected void processEvents(Set<SelectionKey> keys) {
        for (SelectionKey key : keys) {
            Object attachment = key.attachment();
            if (attachment instanceof KeyCallbacks callbacks) {
                callbacks.ready(this);
            } else if (attachment instanceof Consumer<?> onReady) {
                @SuppressWarnings("unchecked")
                Consumer<SelectionKey> callback = (Consumer<SelectionKey>) onReady;
                callSoon(callback, key, ScheduleCause.IO_READY, key.channel());
            }
        }
        keys.clear();
    }

    /** The selector the loop waits in, for I/O registrations. */
    protected Selector selector() {
        return selector;
    }

    // ---- futures and tasks ----

    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /** Wraps the coroutine in a Task and schedules its first step (asyncio's loop.create_task). */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    @SuppressWarnings("unchecked")
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        checkClosed();
        TaskFactory factory = taskFactory;
        return factory == null ? new Task<>(this, coro, name) : (Task<T>) factory.createTask(this, coro, name);
    }

    /**
     * Sets what createTask uses to make Tasks (asyncio's set_task_factory); null restores the
     * plain Task. {@code setTaskFactory(Asyncio::eagerTaskFactory)} starts tasks eagerly.
     */
    public void setTaskFactory(TaskFactory factory) {
        this.taskFactory = factory;
    }

    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    /** A Future stays as it is; a Coroutine becomes a Task on this loop (asyncio.ensure_future). */
    @SuppressWarnings("unchecked")
    public <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof Future<T> future) {
            if (future.loop != this) {
                throw new IllegalArgumentException("The future belongs to a different loop than the one specified");
            }
            return future;
        }
        return createTask((Coroutine<T>) awaitable);
    }

    // ---- executors (other threads) ----

    /**
     * Runs {@code callable} on {@code executor} (null: the loop's default executor, made on
     * first use: a virtual thread per job, see {@link #defaultExecutorDescription()}) and returns a loop Future for its outcome, which
     * comes back through callSoonThreadsafe (asyncio's loop.run_in_executor).
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> callable) {
        checkClosed();
        if (callable == null) {
            throw new NullPointerException("runInExecutor needs a callable");
        }
        Executor target = executor != null ? executor : defaultExecutor.get();
        Future<T> future = createFuture();
        ExecutorJob<T> job = new ExecutorJob<>(future, callable);
        future.addDoneCallback(job);
        externalWorkBegun(); // ended by the job once it has handed its outcome over
        try {
            target.execute(job);
        } catch (Throwable rejected) { // e.g. RejectedExecutionException: no job will end it
            externalWorkEnded();
            throw rejected;
        }
        return future;
    }

    /** Replaces the executor runInExecutor(null, ...) uses (asyncio's set_default_executor). */
    public void setDefaultExecutor(ExecutorService executor) {
        defaultExecutor.set(executor);
    }

    /**
     * What runInExecutor(null, ...) and toThread run on, in words: virtual threads by default
     * (the system property {@code jasyncio.executor=platform} gives CPython's thread pool), or
     * the executor given to setDefaultExecutor.
     */
    public String defaultExecutorDescription() {
        return defaultExecutor.describe();
    }

    /** The kind of default executor a new loop makes in this JVM, in words (for kernel_info). */
    public static String defaultExecutorKind() {
        return new DefaultExecutor(null).describe();
    }

    /**
     * A coroutine that shuts the default executor down and waits for its threads, at most
     * {@code timeout} seconds (null: no limit); afterwards runInExecutor(null, ...) is an error.
     */
    public Coroutine<Void> shutdownDefaultExecutor(Double timeout) {
        return defaultExecutor.shutdown(timeout);
    }

    /** The task whose step is running now (asyncio.current_task), or null. */
    public Task<?> currentTask() {
        return currentTask;
    }

    /** The tasks of this loop that are not done (asyncio.all_tasks). */
    public List<Task<?>> allTasks() {
        List<Task<?>> tasks = new ArrayList<>(pendingTaskCount);
        for (Task<?> t = pendingTasks; t != null; t = t.nextPending) {
            tasks.add(t);
        }
        return tasks;
    }

    void enterTask(Task<?> task) {
        if (currentTask != null) {
            throw new IllegalStateException("Cannot enter into task " + task + " while another task "
                    + currentTask + " is being executed.");
        }
        currentTask = task;
    }

    /** Makes {@code task} current and returns the one it replaces (asyncio's _swap_current_task, for eager steps). */
    Task<?> swapCurrentTask(Task<?> task) {
        Task<?> previous = currentTask;
        currentTask = task;
        return previous;
    }

    void leaveTask(Task<?> task) {
        if (currentTask != task) {
            throw new IllegalStateException("Leaving task " + task + " does not match the current task " + currentTask + ".");
        }
        currentTask = null;
    }

    /** Pending tasks are kept in an intrusive list: linking costs no allocation. */
    void registerTask(Task<?> task) {
        task.nextPending = pendingTasks;
        if (pendingTasks != null) {
            pendingTasks.previousPending = task;
        }
        pendingTasks = task;
        pendingTaskCount++;
        LoopObserver o = observer;
        if (o != null) {
            o.taskCreated(task);
        }
    }

    void unregisterTask(Task<?> task) {
        if (task.previousPending != null) {
            task.previousPending.nextPending = task.nextPending;
        } else if (pendingTasks == task) {
            pendingTasks = task.nextPending;
        } else {
            return; // not registered
        }
        if (task.nextPending != null) {
            task.nextPending.previousPending = task.previousPending;
        }
        task.previousPending = null;
        task.nextPending = null;
        pendingTaskCount--;
    }

    // ---- errors ----

    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    /** Reports an error no awaiter can receive; never throws. */
    public void callExceptionHandler(ExceptionContext context) {
        ExceptionHandler handler = exceptionHandler;
        if (handler == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            handler.handle(this, context);
        } catch (Throwable failure) {
            defaultExceptionHandler(new ExceptionContext("Unhandled error in exception handler", failure, null, null));
            defaultExceptionHandler(context);
        }
    }

    /** asyncio's default handler: logs the message, the objects involved and the traceback. */
    public void defaultExceptionHandler(ExceptionContext context) {
        log(context.format());
    }

    /** Where the loop writes its reports; System.err (looked up at each call) by default. */
    public void setLogger(Consumer<String> logger) {
        this.logger = logger;
    }

    void log(String message) {
        Consumer<String> sink = logger;
        if (sink != null) {
            sink.accept(message);
        } else {
            System.err.println(message);
        }
    }

    UnretrievedException trackUnretrieved(Future<?> future, Throwable exc) {
        UnretrievedException u = new UnretrievedException(this, future, exc);
        unretrieved.add(u);
        return u;
    }

    void untrackUnretrieved(UnretrievedException u) {
        unretrieved.remove(u);
    }

    /** Reports exceptions that were set and never retrieved so far, without marking them retrieved for later readers. */
    public void reportUnretrievedExceptions() {
        for (UnretrievedException u : List.copyOf(unretrieved)) {
            u.report();
        }
    }

    /** From the Cleaner's thread: hand the report to the loop thread, or log it if the loop is gone. */
    void reportFromAnyThread(ExceptionContext context) {
        if (closed || Thread.currentThread() == thread) {
            callExceptionHandler(context);
            return;
        }
        try {
            callSoonThreadsafe(() -> callExceptionHandler(context));
        } catch (IllegalStateException loopClosed) {
            defaultExceptionHandler(context);
        }
    }

    // ---- debug mode and instrumentation ----

    public boolean isDebug() {
        return debug;
    }

    public void setDebug(boolean enabled) {
        this.debug = enabled;
    }

    /** In debug mode, callbacks that run at least this long (seconds) are reported. */
    public double getSlowCallbackDuration() {
        return slowCallbackDuration;
    }

    public void setSlowCallbackDuration(double seconds) {
        this.slowCallbackDuration = seconds;
    }

    /**
     * Installs the instrumentation (null removes it). Its hooks are called through an
     * {@link ObserverGuard}: a hook that throws gets the observer removed and reported once
     * through the exception handler, and the loop carries on with what it was doing.
     */
    public void setObserver(LoopObserver observer) {
        this.observer = observer == null ? null : new ObserverGuard(this, observer);
    }

    /** The observer installed (as given to setObserver), or null. */
    public LoopObserver getObserver() {
        LoopObserver o = observer;
        return o instanceof ObserverGuard guard ? guard.observer : o;
    }

    /** The guard's observer threw: it is no longer called (unless another was installed meanwhile). */
    void observerFailed(ObserverGuard guard) {
        if (observer == guard) {
            observer = null;
        }
    }

    /** Tells the observer of a library-level event (e.g. a Flow request); one null check when none. */
    void note(Object subject, String what) {
        LoopObserver o = observer;
        if (o != null) {
            o.note(subject, what);
        }
    }

    /** As {@link #note(Object, String)}, with a count appended ("request 5"): formatted only when observed. */
    void note(Object subject, String what, long count) {
        LoopObserver o = observer;
        if (o != null) {
            o.note(subject, what + " " + count);
        }
    }

    /** The handles in the ready queue, in order (a copy; for %loop). */
    public List<Handle> readyHandles() {
        return new ArrayList<>(ready);
    }

    /**
     * The ready queue itself, read-only and live, front (next to run) first: what an observer
     * reads at an event without copying. Loop thread only; do not keep an iterator across events.
     */
    public Collection<Handle> readyQueue() {
        return readyView;
    }

    /** The timers in the heap that are not cancelled, soonest first (a copy). */
    public List<TimerHandle> scheduledTimers() {
        List<TimerHandle> timers = new ArrayList<>(scheduled.size());
        for (TimerHandle t : scheduled) {
            if (!t.isCancelled()) {
                timers.add(t);
            }
        }
        timers.sort(null);
        return timers;
    }

    /** How many iterations runOnce has made. */
    public long iteration() {
        return iteration;
    }

    // ---- I/O on channels (selector_events.py); the work is in SelectorEvents and SocketOps ----

    /**
     * Calls {@code callback} (as a Handle, via the ready queue) whenever the non-blocking
     * channel is ready to read (or, listening, to accept), until removeReader. A channel has
     * one reader: adding another replaces it. Returns the callback's Handle.
     */
    public Handle addReader(SelectableChannel channel, Runnable callback) {
        selectorEvents.ensureNoTransport(channel);
        return selectorEvents.addReader(channel, callback);
    }

    /** Stops calling the channel's reader; returns whether one was registered. */
    public boolean removeReader(SelectableChannel channel) {
        selectorEvents.ensureNoTransport(channel);
        return selectorEvents.removeReader(channel);
    }

    /** Calls {@code callback} whenever the channel is ready to write (or has connected); one writer a channel. */
    public Handle addWriter(SelectableChannel channel, Runnable callback) {
        selectorEvents.ensureNoTransport(channel);
        return selectorEvents.addWriter(channel, callback);
    }

    public boolean removeWriter(SelectableChannel channel) {
        selectorEvents.ensureNoTransport(channel);
        return selectorEvents.removeWriter(channel);
    }

    /** At most {@code n} bytes from the channel, an empty array at EOF (loop.sock_recv). */
    public Future<byte[]> sockRecv(SocketChannel channel, int n) {
        return SocketOps.recv(this, channel, n);
    }

    /** Reads into {@code buffer}; the result is the count read, -1 at EOF (loop.sock_recv_into). */
    public Future<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) {
        return SocketOps.recvInto(this, channel, buffer);
    }

    /** Sends all of {@code data} (loop.sock_sendall). */
    public Future<Void> sockSendall(SocketChannel channel, byte[] data) {
        return SocketOps.sendall(this, channel, data);
    }

    /** Connects the channel to a resolved address (loop.sock_connect). */
    public Future<Void> sockConnect(SocketChannel channel, SocketAddress address) {
        return SocketOps.connect(this, channel, address);
    }

    /** The next connection of a listening channel, non-blocking (loop.sock_accept). */
    public Future<SocketChannel> sockAccept(ServerSocketChannel channel) {
        return SocketOps.accept(this, channel);
    }

    /** loop.create_connection(protocol_factory, host, port): a coroutine for the transport and protocol. */
    public <P extends Protocol> Coroutine<TransportAndProtocol<P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        return Connections.createConnection(this, protocolFactory, host, port);
    }

    /** loop.create_server(protocol_factory, host, port): a coroutine for a serving Server (port 0: any free port). */
    public Coroutine<Server> createServer(Supplier<? extends Protocol> protocolFactory, String host, int port) {
        return Connections.createServer(this, protocolFactory, host, port, Server.DEFAULT_BACKLOG);
    }

    /** create_server(..., backlog=n): the listen queue, and how many connections one readiness accepts (100). */
    public Coroutine<Server> createServer(Supplier<? extends Protocol> protocolFactory, String host, int port, int backlog) {
        return Connections.createServer(this, protocolFactory, host, port, backlog);
    }

    SelectorEvents selectorEvents() {
        return selectorEvents;
    }

    @Override
    public String toString() {
        return "<EventLoop running=" + isRunning() + " closed=" + closed + " debug=" + debug + ">";
    }
}
