package jasyncio.loop;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * asyncio's "Future exception was never retrieved": an exception set on a future that no one
 * has read. CPython reports it from Future.__del__; here a Cleaner does when the future is
 * collected, and the loop does for those still unread when it closes. This object must not
 * reference the future, or the future would never be collected.
 */
final class UnretrievedException implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread t = new Thread(runnable, "jasyncio-unretrieved-exceptions");
        t.setDaemon(true);
        return t;
    });

    private final EventLoop loop;
    private final Throwable exception;
    private final String message;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    UnretrievedException(EventLoop loop, Future<?> future, Throwable exception) {
        this.loop = loop;
        this.exception = exception;
        String kind = future instanceof Task ? "Task" : "Future";
        String origin = future.sourceTraceback == null ? ""
                : "\n" + kind.toLowerCase() + " created at (most recent call first):\n" + CallbackNames.format(future.sourceTraceback);
        // The description is taken now: by the time it is reported the future may be gone.
        this.message = kind + " exception was never retrieved\n" + kind.toLowerCase() + ": "
                + (future instanceof Task<?> t ? t.describeFinished(exception) : "<Future finished exception=" + exception + ">")
                + origin;
        this.cleanable = CLEANER.register(future, this);
    }

    /** Someone read the exception: nothing to report. */
    void retrieved() {
        if (settled.compareAndSet(false, true)) {
            loop.untrackUnretrieved(this);
            cleanable.clean();
        }
    }

    /** The Cleaner's action: the future was collected unread. */
    @Override
    public void run() {
        if (settled.compareAndSet(false, true)) {
            loop.untrackUnretrieved(this);
            loop.reportFromAnyThread(context());
        }
    }

    /** Reports now, on the thread that owns the loop (at close, or when the kernel asks). */
    void report() {
        if (settled.compareAndSet(false, true)) {
            loop.untrackUnretrieved(this);
            loop.callExceptionHandler(context());
        }
    }

    private ExceptionContext context() {
        return new ExceptionContext(message, exception, null, null);
    }
}
