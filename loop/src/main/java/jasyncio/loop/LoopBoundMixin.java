package jasyncio.loop;

/**
 * mixins._LoopBoundMixin: a synchronisation primitive or queue is made without a loop and
 * binds to the running loop the first time it has to wait (the first future it creates).
 * Using it later from another loop is an error, as in asyncio: its waiters are futures of
 * the first loop, and a task of another loop could never be woken by them.
 *
 * <p>Like asyncio's, the primitives are not thread-safe: use them on their loop's thread.
 */
abstract class LoopBoundMixin {
    private EventLoop loop;

    /** mixins._get_loop: the running loop, which must be the one this object is bound to. */
    final EventLoop getLoop() {
        EventLoop running = EventLoop.getRunningLoop();
        if (loop == null) {
            loop = running;
        } else if (running != loop) {
            throw new IllegalStateException(this + " is bound to a different event loop");
        }
        return running;
    }
}
