package jasyncio.loop;

/**
 * A coroutine object: the result of calling an {@code async def} function in Python.
 * Made by {@code Asyncio.async(() -> ...)}; its body does not start until it is first
 * stepped ({@link #send}) or awaited.
 *
 * <p>Inside the body, {@code await(x)} suspends the coroutine: {@link #send} returns the
 * object the body waits on (a pending {@link Future}, or null for a bare yield such as
 * {@code sleep(0)}), exactly as {@code coro.send(None)} returns what the coroutine yielded.
 * When the body returns, {@code send} throws {@link StopIteration} carrying its value.
 *
 * <p>Two mechanisms implement it, chosen once per JVM (see {@link #mechanism()}):
 * {@code jdk.internal.vm.Continuation} on the caller's thread (fast, needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}), or a hand-off to a virtual
 * thread when the JVM does not export that package.
 */
public abstract sealed class Coroutine<T> implements Awaitable<T> permits ContinuationCoroutine, ThreadCoroutine {
    /** What {@link #resume} returns once the body has returned or thrown. */
    static final Object FINISHED = new Object() {
        @Override
        public String toString() {
            return "FINISHED";
        }
    };

    /** True when coroutines run on jdk.internal.vm.Continuation in this JVM. */
    static final boolean CONTINUATIONS = continuationsAvailable();

    final AsyncCallable<T> body;
    private final String name;
    private boolean started;
    private boolean running;
    private boolean done;
    private T result;
    private Throwable exception;

    Coroutine(String name, AsyncCallable<T> body) {
        this.name = name;
        this.body = body;
    }

    static <T> Coroutine<T> create(String name, AsyncCallable<T> body) {
        if (body == null) {
            throw new NullPointerException("a coroutine needs a body");
        }
        CodeNames names = name == null ? CodeNames.installed() : null;
        String given = names == null ? name : names.coroutineName(Asyncio.userBody(body));
        return CONTINUATIONS ? new ContinuationCoroutine<>(given, body) : new ThreadCoroutine<>(given, body);
    }

    private static boolean continuationsAvailable() {
        if ("thread".equals(System.getProperty("jasyncio.coroutine"))) {
            return false;
        }
        return Object.class.getModule().isExported("jdk.internal.vm", Coroutine.class.getModule());
    }

    /** Which mechanism runs coroutines in this JVM, in words, for kernel_info and %loop. */
    public static String mechanism() {
        return CONTINUATIONS
                ? "continuation (jdk.internal.vm.Continuation on the loop thread" + (ContinuationCoroutine.keepsScopedValues() ? ")"
                        : ContinuationCoroutine.SHARED_BY_CHOICE ? "; ScopedValue bindings shared by all tasks: -Djasyncio.scopedValues=shared)"
                        : "; ScopedValue bindings leak between tasks: add --add-opens java.base/java.lang=ALL-UNNAMED)")
                : "virtual-thread hand-off (jdk.internal.vm is not exported to jasyncio; "
                        + "add --add-exports java.base/jdk.internal.vm=ALL-UNNAMED for the fast mechanism)";
    }

    /**
     * Resumes the coroutine: the first call starts the body; later ones return {@code value}
     * from the await it is suspended in. Returns what it yielded next.
     *
     * @throws StopIteration carrying the return value when the body returns
     */
    public final Object send(Object value) {
        return outcome(resume(value, null));
    }

    /** Raises {@code exc} at the await the coroutine is suspended in ({@code coro.throw(exc)}). */
    public final Object throwIn(Throwable exc) {
        if (exc == null) {
            throw new NullPointerException("throwIn needs an exception");
        }
        return outcome(resume(null, exc));
    }

    private Object outcome(Object yielded) {
        if (yielded != FINISHED) {
            return yielded;
        }
        if (exception != null) {
            throw Throwing.sneaky(exception);
        }
        throw new StopIteration(result);
    }

    /**
     * Closes the coroutine: raises {@link CoroutineExit} at its await point so its finally
     * blocks run (Python's {@code coro.close()}). A coroutine never started is just marked done.
     */
    public void close() {
        if (done) {
            return;
        }
        if (!started) {
            started = true;
            done = true;
            return;
        }
        Object yielded = resume(null, new CoroutineExit());
        if (yielded != FINISHED) {
            throw new IllegalStateException("coroutine " + name() + " ignored close(): it awaited again");
        }
        Throwable raised = exception;
        if (raised instanceof CoroutineExit) {
            exception = null;
        } else if (raised != null) {
            throw Throwing.sneaky(raised);
        }
    }

    /**
     * The one place a coroutine changes state; Task.step uses it directly because it is the
     * hot path and must not throw StopIteration. Returns what the body yielded, or FINISHED.
     */
    final Object resume(Object value, Throwable exc) {
        if (done) {
            throw new IllegalStateException("cannot reuse already awaited coroutine " + name());
        }
        if (running) {
            throw new IllegalStateException("coroutine " + name() + " is already executing");
        }
        if (!started) {
            if (exc != null) { // throw into a coroutine that never ran: it ends with exc, its body never runs
                started = true;
                done = true;
                exception = exc;
                return FINISHED;
            }
            if (value != null) {
                throw new IllegalArgumentException("can't send a non-null value to a just-started coroutine");
            }
            started = true;
        }
        running = true;
        Object yielded;
        try {
            yielded = resumeBody(value, exc);
        } finally {
            running = false;
        }
        if (yielded == FINISHED) {
            done = true;
        }
        return yielded;
    }

    // What the resumer hands to the suspended body: send's value or throwIn's exception.
    private Object sent;
    private Throwable thrown;

    /** Called by the mechanism before it resumes the body. */
    final void handIn(Object value, Throwable exc) {
        sent = value;
        thrown = exc;
    }

    /** Called in the body right after it is resumed: the value sent in, or throws the exception thrown in. */
    final Object takeHandedIn() {
        Object value = sent;
        Throwable exc = thrown;
        sent = null;
        thrown = null;
        if (exc != null) {
            throw Throwing.sneaky(exc);
        }
        return value;
    }

    /** Runs the body until its next suspension; FINISHED once it has returned or thrown. */
    abstract Object resumeBody(Object value, Throwable exc);

    /** The frames of the suspended body, innermost first (empty when not suspended). */
    public abstract StackTraceElement[] suspendedStack();

    /** Called by the mechanism's body runner, on whatever thread runs the body. */
    final void runBody() {
        try {
            result = body.call();
        } catch (Throwable t) {
            exception = t;
        }
    }

    /**
     * Awaits this coroutine from inside another one ({@code yield from}): a fresh coroutine's
     * body simply runs in the awaiting coroutine, so its awaits suspend the awaiter's task;
     * one already started by hand is stepped, forwarding what it yields.
     */
    final T awaitFrom() {
        if (!started) {
            started = true;
            running = true;
            try {
                T value = body.call();
                result = value;
                return value;
            } catch (Throwable t) {
                exception = t;
                throw Throwing.sneaky(t);
            } finally {
                running = false;
                done = true;
            }
        }
        Object sendValue = null;
        Throwable throwValue = null;
        while (true) {
            Object yielded = resume(sendValue, throwValue);
            if (yielded == FINISHED) {
                if (exception != null) {
                    throw Throwing.sneaky(exception);
                }
                return result;
            }
            sendValue = null;
            throwValue = null;
            try {
                sendValue = suspend(yielded);
            } catch (Throwable t) {
                throwValue = t;
            }
        }
    }

    /**
     * Suspends the coroutine running on this thread, handing {@code awaitable} to whoever
     * resumed it; returns the value sent back in, or throws the exception thrown in.
     */
    static Object suspend(Object awaitable) {
        if (CONTINUATIONS) {
            ContinuationCoroutine<?> current = ContinuationCoroutine.current();
            if (current != null) {
                return current.yieldOut(awaitable);
            }
        }
        ThreadCoroutine<?> current = ThreadCoroutine.current();
        if (current != null) {
            return current.yieldOut(awaitable);
        }
        throw notInCoroutine();
    }

    /** True when code on this thread runs inside a coroutine's body and so may await. */
    static boolean inCoroutine() {
        return (CONTINUATIONS && ContinuationCoroutine.current() != null) || ThreadCoroutine.current() != null;
    }

    static IllegalStateException notInCoroutine() {
        return new IllegalStateException("await() called outside a coroutine: await only works inside the body "
                + "of a coroutine made with async(...) that runs as a Task or is stepped with send()");
    }

    public final boolean isStarted() {
        return started;
    }

    public final boolean isDone() {
        return done;
    }

    public final boolean isRunning() {
        return running;
    }

    /** The body's return value once done (null before). */
    public final T result() {
        return result;
    }

    /** What the body threw once done, or null. */
    public final Throwable exception() {
        return exception;
    }

    public final String name() {
        return name != null ? name : "coroutine";
    }

    @Override
    public String toString() {
        return describe(false);
    }

    /**
     * The description; with {@code where}, a suspended coroutine also says at which line of
     * its body it waits (debug mode's task repr, like CPython's "running at file:line").
     */
    final String describe(boolean where) {
        String state = done ? "done" : running ? "running" : started ? "suspended" : "created";
        // An unnamed coroutine is described by its body: the class whose lambda it is.
        StringBuilder out = new StringBuilder("<coroutine ").append(name != null ? name : CallbackNames.describe(body))
                .append(' ').append(state);
        StackTraceElement at = where && started && !done && !running ? bodyFrame(suspendedStack()) : null;
        if (at != null) {
            CodeNames names = CodeNames.installed();
            String place = names == null ? null : names.frame(at);
            out.append(" at ").append(place != null ? place : at.getFileName() + ":" + at.getLineNumber());
        }
        return out.append('>').toString();
    }

    /** The frame of the body itself: the last one above runBody that is not the coroutine machinery. */
    private static StackTraceElement bodyFrame(StackTraceElement[] stack) {
        StackTraceElement body = null;
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(Coroutine.class.getName()) && frame.getMethodName().equals("runBody")) {
                return body;
            }
            if (!CallbackNames.isCoroutineMachinery(frame)) {
                body = frame;
            }
        }
        return body;
    }
}
