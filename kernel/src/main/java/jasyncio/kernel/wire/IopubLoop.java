package jasyncio.kernel.wire;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The thread that owns the iopub PUB socket. Any thread hands it encoded messages through an
 * unbounded queue, so {@link #enqueue} never blocks (output is bounded elsewhere, by the
 * kernel's batching, and PUB drops at its high-water mark if a subscriber is too slow).
 * Messages from one thread go out in the order that thread enqueued them.
 */
final class IopubLoop implements Runnable {
    private static final List<byte[]> STOP = List.of();

    private final ZContext context;
    private final ZMQ.Socket pub;
    private final Runnable onExit;
    private final LinkedBlockingQueue<List<byte[]>> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopping;

    IopubLoop(ZContext context, ZMQ.Socket pub, Runnable onExit) {
        this.context = context;
        this.pub = pub;
        this.onExit = onExit;
    }

    Thread start() {
        Thread t = new Thread(this, "jasyncio-iopub");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void enqueue(List<byte[]> frames) {
        queue.add(frames);
    }

    /** Messages enqueued before this are still sent; then the socket closes. */
    void stop() {
        stopping = true;
        queue.add(STOP);
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<byte[]> frames;
                try {
                    frames = queue.take();
                } catch (InterruptedException e) {
                    if (stopping) {
                        break;
                    }
                    continue; // nobody should interrupt this thread; stop() is the way to end it
                }
                if (frames == STOP) {
                    break;
                }
                try {
                    SocketIo.send(pub, frames);
                } catch (OutOfMemoryError full) {
                    // A cell's variables hold the heap: this message is lost, iopub must not be.
                }
            }
        } finally {
            try {
                pub.close();
            } finally {
                onExit.run();
            }
        }
    }
}
