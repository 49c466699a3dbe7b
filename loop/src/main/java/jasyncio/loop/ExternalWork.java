package jasyncio.loop;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work outside the loop (another thread, a process, a person answering an input request)
 * whose result a task of the loop waits for and which will reach the loop through
 * {@link EventLoop#callSoonThreadsafe}. While it is held, virtual time does not jump to the
 * next timer: the loop waits for real, as a real loop would (see
 * {@link EventLoop#useVirtualTime}). {@code runInExecutor} and {@code toThread} hold one for
 * each job by themselves.
 *
 * <p>Made by {@link EventLoop#holdExternalWork()}; {@link #close()} releases it (from any
 * thread, once; a second close does nothing). Release it after the result has been handed to
 * callSoonThreadsafe, not before: the loop may otherwise jump in between.
 */
public final class ExternalWork implements AutoCloseable {
    private final EventLoop loop;
    private final AtomicBoolean released = new AtomicBoolean();

    ExternalWork(EventLoop loop) {
        this.loop = loop;
        loop.externalWorkBegun();
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            loop.externalWorkEnded();
        }
    }

    @Override
    public String toString() {
        return "<ExternalWork " + (released.get() ? "released" : "held") + ">";
    }
}
