package jasyncio.loop;

import java.net.SocketException;
import java.util.ArrayDeque;

/**
 * asyncio's FlowControlMixin (streams.py): turns the transport's pauseWriting and
 * resumeWriting into something a writer can await ({@link #drainHelper}), so that
 * {@code await(writer.drain())} waits while the write buffer is over its high-water mark.
 */
abstract class FlowControlProtocol implements Protocol {
    final EventLoop loop;
    private boolean paused;
    private final ArrayDeque<Future<Void>> drainWaiters = new ArrayDeque<>();
    private boolean connectionLost;

    FlowControlProtocol(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void pauseWriting() {
        paused = true;
        if (loop.isDebug()) {
            loop.log(this + " pauses writing");
        }
    }

    @Override
    public void resumeWriting() {
        paused = false;
        if (loop.isDebug()) {
            loop.log(this + " resumes writing");
        }
        for (Future<Void> waiter : drainWaiters) {
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        }
    }

    /** Wakes the drains: with the error that broke the connection, if any. */
    @Override
    public void connectionLost(Throwable exc) {
        connectionLost = true;
        if (!paused) {
            return;
        }
        for (Future<Void> waiter : drainWaiters) {
            if (!waiter.isDone()) {
                if (exc == null) {
                    waiter.setResult(null);
                } else {
                    waiter.setException(exc);
                }
            }
        }
    }

    /** Inside a coroutine: returns at once unless writing is paused; then waits for resumeWriting. */
    final void drainHelper() throws SocketException {
        if (connectionLost) {
            throw new SocketException("Connection lost");
        }
        if (!paused) {
            return;
        }
        Future<Void> waiter = loop.createFuture();
        drainWaiters.addLast(waiter);
        try {
            Asyncio.await(waiter);
        } finally {
            drainWaiters.remove(waiter);
        }
    }

    /** True while the transport asks its writers to wait. */
    final boolean isWritingPaused() {
        return paused;
    }
}
