package jasyncio.loop;

/**
 * A Handle made by {@link EventLoop#callSoonThreadsafe} on any thread: it remembers that
 * thread (the {@link ScheduleCause#THREADSAFE} source an observer is given) and gets its id
 * on the loop thread, when the loop moves it to the ready queue (ids are a plain counter of
 * the loop thread).
 */
final class ThreadsafeHandle extends Handle {
    final Thread caller;

    ThreadsafeHandle(EventLoop loop, Runnable callback) {
        super(loop, callback, null, null, 0);
        this.caller = Thread.currentThread();
    }
}
