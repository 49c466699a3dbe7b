package jasyncio.loop;

import java.util.function.Consumer;

/**
 * asyncio.Handle (events.py): a callback and its argument, waiting in the loop's ready
 * queue. {@code callSoon} makes one, {@code runOnce} pops and runs it.
 *
 * <p>The callback is either a Runnable or a Consumer with one argument, so that Futures and
 * Tasks can schedule their pre-made callbacks without allocating a lambda per call.
 */
public class Handle {
    final EventLoop loop;
    /** Unique within the loop, in order of making; 0 until the loop takes in a thread-safe handle. */
    long id;
    private Runnable callback;
    private Consumer<Object> function;
    private Object argument;
    /** Written by cancel() from any thread, read by the loop thread before running. */
    private volatile boolean cancelled;
    /** Where the handle was made, in debug mode only (asyncio's _source_traceback). */
    final StackTraceElement[] sourceTraceback;

    Handle(EventLoop loop, Runnable callback, Consumer<?> function, Object argument) {
        this(loop, callback, function, argument, loop.nextHandleId());
    }

    /** With the id given: 0 for a handle made on another thread, numbered when the loop takes it in. */
    @SuppressWarnings("unchecked")
    Handle(EventLoop loop, Runnable callback, Consumer<?> function, Object argument, long id) {
        this.loop = loop;
        this.id = id;
        this.callback = callback;
        this.function = (Consumer<Object>) function;
        this.argument = argument;
        this.sourceTraceback = loop.isDebug() ? CallbackNames.creationStack() : null;
    }

    /**
     * A number unique within the loop, given as the handle is made (1, 2, 3, ... in that
     * order; TimerHandles share the sequence). A handle made by callSoonThreadsafe on another
     * thread gets its number when the loop takes it from the thread-safe queue, before any
     * observer sees it. A Handle scheduled again (a task's step after a bare yield) keeps it.
     */
    public long id() {
        return id;
    }

    /** Prevents the callback from running; a no-op when it has run or was cancelled. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            if (!loop.isDebug()) { // keep the callback for repr in debug mode, as asyncio does
                callback = null;
                function = null;
                argument = null;
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs the callback; an exception goes to the loop's exception handler, never further. */
    void run() {
        try {
            if (function != null) {
                function.accept(argument);
            } else if (callback != null) {
                callback.run();
            }
        } catch (Throwable t) {
            loop.callExceptionHandler(new ExceptionContext("Exception in callback " + callbackName(), t, this, null));
        }
    }

    /** The callback's name, e.g. {@code Task-3.step} or {@code Demo.tick}. */
    public String callbackName() {
        Object target = function != null ? function : callback;
        return target == null ? "cancelled" : CallbackNames.describe(target);
    }

    /** The callback object (a Runnable or a Consumer), or null once cancelled outside debug mode. */
    Object callbackObject() {
        return function != null ? function : callback;
    }

    /** The argument passed to the callback, or null. */
    public Object argument() {
        return argument;
    }

    String kind() {
        return "Handle";
    }

    @Override
    public String toString() {
        return kind() + "<" + callbackName() + (cancelled ? " cancelled" : "") + ">";
    }
}
