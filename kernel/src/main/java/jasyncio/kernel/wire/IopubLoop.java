package jasyncio.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The thread that owns the iopub socket, an XPUB (messaging 5.5). Any thread hands it encoded
 * messages through an unbounded queue, so {@link #enqueue} never blocks (output is bounded
 * elsewhere, by the kernel's batching, and XPUB drops at its high-water mark if a subscriber is
 * too slow). Messages from one thread go out in the order that thread enqueued them.
 *
 * <p>XPUB hands the kernel each subscription a client makes (one frame: 1, then the topic); the
 * kernel answers each with an {@code iopub_welcome} on that topic, so a client can know when its
 * subscription is in place (JEP 65) instead of probing with kernel_info until a status arrives.
 * The socket is verbose: every client's subscription is reported, not only the first to a topic.
 * The thread blocks in one poller over the socket and a wake-up pipe, as the transport thread does.
 */
final class IopubLoop implements Runnable {
    private final ZContext context;
    private final ZMQ.Socket pub;
    private final Runnable onExit;
    /** The signed frames of iopub_welcome for a subscription topic. */
    private final Function<String, List<byte[]>> welcome;
    private final ConcurrentLinkedQueue<List<byte[]>> queue = new ConcurrentLinkedQueue<>();
    private final WakeupPipe wakeup = new WakeupPipe();
    private volatile boolean stopping;

    IopubLoop(ZContext context, ZMQ.Socket pub, Function<String, List<byte[]>> welcome, Runnable onExit) {
        this.context = context;
        this.pub = pub;
        this.welcome = welcome;
        this.onExit = onExit;
        pub.setXpubVerbose(true);
    }

    Thread start() {
        Thread t = new Thread(this, "jasyncio-iopub");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void enqueue(List<byte[]> frames) {
        queue.add(frames);
        wakeup.signal();
    }

    /** Messages enqueued before this are still sent; then the socket closes. */
    void stop() {
        stopping = true;
        wakeup.signal();
    }

    @Override
    public void run() {
        ZMQ.Poller poller = context.createPoller(2);
        try {
            int wakeIndex = poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
            int subscriptions = poller.register(pub, ZMQ.Poller.POLLIN);
            while (true) {
                Thread.interrupted(); // an interrupted selector would spin; nothing here uses interrupts
                poller.poll(-1);
                if (poller.pollin(wakeIndex)) {
                    wakeup.clear(); // before the queue is read: a message enqueued after this signals again
                }
                sendQueued();
                if (stopping) {
                    sendQueued(); // what was enqueued before stop() set the flag
                    break;
                }
                if (poller.pollin(subscriptions)) {
                    welcomeSubscribers();
                }
            }
        } catch (RuntimeException e) {
            // the socket or the context is gone: nothing more can be sent
        } finally {
            try {
                poller.close();
                pub.close();
                wakeup.close();
            } finally {
                onExit.run();
            }
        }
    }

    private void sendQueued() {
        List<byte[]> frames;
        while ((frames = queue.poll()) != null) {
            try {
                SocketIo.send(pub, frames);
            } catch (OutOfMemoryError full) {
                // A cell's variables hold the heap: this message is lost, iopub must not be.
            }
        }
    }

    /** Reads the subscription events waiting on the socket and welcomes each new subscription. */
    private void welcomeSubscribers() {
        byte[] event;
        while ((event = pub.recv(ZMQ.DONTWAIT)) != null) {
            if (event.length >= 1 && event[0] == 1) {
                String topic = new String(event, 1, event.length - 1, StandardCharsets.UTF_8);
                try {
                    SocketIo.send(pub, welcome.apply(topic));
                } catch (RuntimeException | OutOfMemoryError e) {
                    // no welcome for this one; its messages still flow
                }
            }
        }
    }
}
