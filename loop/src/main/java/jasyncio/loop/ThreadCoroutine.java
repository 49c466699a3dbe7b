package jasyncio.loop;

import java.util.concurrent.Semaphore;

/**
 * The fallback coroutine for a JVM that does not export jdk.internal.vm: the body runs on
 * its own virtual thread, and resume/await hand control back and forth with two semaphores,
 * so exactly one of the two threads runs at a time (about 20 µs a round trip).
 */
final class ThreadCoroutine<T> extends Coroutine<T> {
    private static final ThreadLocal<ThreadCoroutine<?>> CURRENT = new ThreadLocal<>();

    private final Semaphore toBody = new Semaphore(0);
    private final Semaphore toCaller = new Semaphore(0);
    private Thread thread;
    // Written by one side before a release, read by the other after the acquire: the
    // semaphore hand-off orders them, so they need no volatile.
    private Object yielded;
    private boolean finished;
    private EventLoop callerLoop;

    ThreadCoroutine(String name, AsyncCallable<T> body) {
        super(name, body);
    }

    static ThreadCoroutine<?> current() {
        return CURRENT.get();
    }

    @Override
    Object resumeBody(Object value, Throwable exc) {
        handIn(value, exc);
        callerLoop = EventLoop.runningLoopOrNull();
        if (thread == null) {
            thread = Thread.ofVirtual().name("coroutine-" + name()).start(this::runOnThread);
        } else {
            toBody.release();
        }
        toCaller.acquireUninterruptibly();
        if (finished) {
            thread = null;
            return FINISHED;
        }
        Object y = yielded;
        yielded = null;
        return y;
    }

    private void runOnThread() {
        CURRENT.set(this);
        EventLoop.setRunningLoop(callerLoop);
        try {
            runBody();
        } finally {
            finished = true;
            toCaller.release();
        }
    }

    Object yieldOut(Object awaitable) {
        yielded = awaitable;
        toCaller.release();
        toBody.acquireUninterruptibly();
        EventLoop.setRunningLoop(callerLoop);
        return takeHandedIn();
    }

    @Override
    public StackTraceElement[] suspendedStack() {
        Thread t = thread;
        return t == null || isRunning() ? new StackTraceElement[0] : t.getStackTrace();
    }
}
