package jasyncio.loop;

/**
 * asyncio.Timeout (timeouts.py, 3.11+): cancels the task that entered it when its deadline
 * passes, and turns the resulting CancelledError into {@link TimeoutError} where the
 * block ends. Like CPython it uses {@code Task.cancel()}, and on exit {@code Task.uncancel()}
 * compared with the {@code cancelling()} count seen on entry: only when no other cancel
 * request is outstanding is the CancelledError its own, so a cancellation from outside
 * (or from an enclosing timeout) is never mistaken for this timeout.
 *
 * <h2>Two forms, because Java's close() cannot see the exception</h2>
 * CPython's {@code __aexit__} receives the exception leaving the block and replaces a
 * CancelledError with TimeoutError. Java's {@code AutoCloseable.close()} does not see it,
 * and whatever close() throws is only attached to it as suppressed. So:
 * <ul>
 * <li>{@code await(timeout(1.0, () -> ...))} ({@link #run}) is exact: the body runs inside
 *     the same task, sees a CancelledError at its await as in CPython (so
 *     {@code catch (Exception e)} in the body does not swallow it), and the exit converts it
 *     with CPython's rule.</li>
 * <li>{@code try (Timeout t = timeout(1.0)) { ... }} ({@link #enter}) decides at the await
 *     instead: when the task is stepped with a CancelledError, {@link #raisedAtAwait} counts
 *     the uncancel() of every expired timeout it will pass on its way out, exactly as their
 *     exits would, and if this timeout is the one that would convert it, the await raises
 *     TimeoutError (caused by the CancelledError) right there. close() then only uncancels.
 *     The price: code inside the block sees TimeoutError, not CancelledError, where the
 *     timeout strikes, and a broad {@code catch (Exception e)} there catches it.</li>
 * </ul>
 * Timeouts entered in a task form a stack ({@link Task#innermostTimeout}); they must be
 * exited innermost first, which both forms guarantee.
 */
public final class Timeout implements AutoCloseable {
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String value;

        State(String value) {
            this.value = value;
        }
    }

    private State state = State.CREATED;
    private Double when;
    private Handle timeoutHandler;
    private Task<?> task;
    /** The task's cancelling() count when this timeout was entered. */
    private int cancellingAtEnter;
    /** The try-with-resources form: the await raises TimeoutError itself (see the class comment). */
    private boolean convertsAtAwait;
    /** The next outer timeout entered in the same task and not yet exited. */
    private Timeout enclosing;

    /**
     * A timeout at {@code when} on the loop's clock (null: never), not yet entered. A time
     * already past expires on the next iteration after entering.
     */
    public Timeout(Double when) {
        this.when = when;
    }

    /** asyncio.timeout(delay): a timeout {@code delay} seconds from now, or never for null. */
    static Timeout after(Double delay) {
        return new Timeout(delay == null ? null : EventLoop.getRunningLoop().time() + delay);
    }

    /** The deadline on the loop's clock, or null for none. */
    public Double when() {
        return when;
    }

    /** Is the deadline reached (the block is being, or has been, cancelled by this timeout)? */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /** Moves the deadline (null: none); only while entered and not expired. */
    public void reschedule(Double newWhen) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state.value + " Timeout");
        }
        when = newWhen;
        if (timeoutHandler != null) {
            timeoutHandler.cancel();
        }
        if (newWhen == null) {
            timeoutHandler = null;
        } else {
            EventLoop loop = task.getLoop();
            Runnable onTimeout = this::onTimeout;
            timeoutHandler = newWhen <= loop.time() ? loop.callSoon(onTimeout) : loop.callAt(newWhen, onTimeout);
        }
    }

    /**
     * Enters the timeout in the running task, for try-with-resources: the await where it
     * strikes raises TimeoutError (see the class comment). Returns this.
     */
    public Timeout enter() {
        enter(true);
        return this;
    }

    /** Exits the try-with-resources form: stops the timer and takes back its cancel request. */
    @Override
    public void close() {
        exit(null);
    }

    /**
     * {@code async with self: return await body()}: a coroutine that runs the body inside
     * this timeout with CPython's exact exit (see the class comment); await it.
     */
    public <T> Coroutine<T> run(AsyncCallable<T> body) {
        if (body == null) {
            throw new NullPointerException("a timeout needs a body");
        }
        return Coroutine.create("timeout", () -> {
            enter(false);
            T result;
            try {
                result = body.call();
            } catch (Throwable raised) {
                throw Throwing.sneaky(exit(raised));
            }
            exit(null);
            return result;
        });
    }

    /** __aenter__. */
    private void enter(boolean atAwait) {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        Task<?> current = Asyncio.currentTask();
        if (current == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        task = current;
        convertsAtAwait = atAwait;
        cancellingAtEnter = current.cancelling();
        enclosing = current.innermostTimeout;
        current.innermostTimeout = this;
        reschedule(when);
    }

    /**
     * __aexit__: returns what the block raises on its way out, which is {@code raised}, or a
     * TimeoutError in its place when this timeout's own cancellation is what ended the block.
     */
    private Throwable exit(Throwable raised) {
        if (state != State.ENTERED && state != State.EXPIRING) {
            throw new IllegalStateException("Timeout exited in state " + state.value);
        }
        if (timeoutHandler != null) {
            timeoutHandler.cancel();
            timeoutHandler = null;
        }
        unlinkFromTask();
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEnter && raised instanceof CancelledError cancelled) {
                return timeoutError(cancelled); // no newer cancel request: this one was ours
            }
        } else {
            state = State.EXITED;
        }
        return raised;
    }

    private void unlinkFromTask() {
        if (task.innermostTimeout == this) {
            task.innermostTimeout = enclosing;
            return;
        }
        for (Timeout t = task.innermostTimeout; t != null; t = t.enclosing) {
            if (t.enclosing == this) {
                t.enclosing = enclosing;
                return;
            }
        }
    }

    /** The timer's callback: cancel the task, as CPython does, and remember that we did. */
    private void onTimeout() {
        if (state != State.ENTERED) {
            return;
        }
        task.cancel();
        state = State.EXPIRING;
        timeoutHandler = null;
    }

    /**
     * Called by Task.step when a task with timeouts is stepped with a CancelledError: finds
     * the timeout whose exit would convert it (walking outwards, taking off one uncancel()
     * per expired timeout passed, as their exits will) and, if that one is a
     * try-with-resources timeout, returns the TimeoutError to raise at the await instead.
     */
    static Throwable raisedAtAwait(Task<?> task, CancelledError cancelled) {
        int count = task.cancelling();
        for (Timeout t = task.innermostTimeout; t != null; t = t.enclosing) {
            if (t.state == State.EXPIRING) {
                count--;
                if (count <= t.cancellingAtEnter) {
                    return t.convertsAtAwait ? timeoutError(cancelled) : cancelled;
                }
            }
        }
        return cancelled;
    }

    private static TimeoutError timeoutError(CancelledError cause) {
        TimeoutError error = new TimeoutError();
        error.initCause(cause);
        return error;
    }

    @Override
    public String toString() {
        String info = state == State.ENTERED ? " when=" + (when == null ? "None" : String.format("%.3f", when)) : "";
        return "<Timeout [" + state.value + "]" + info + ">";
    }
}
