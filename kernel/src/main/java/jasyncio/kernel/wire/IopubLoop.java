package jasyncio.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
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
    /** Waits for room when the heap is full (the queue's messages, in order). */
    private final PatientSender sender;
    /** The signed frames of iopub_welcome for a subscription topic. */
    private final Function<String, List<byte[]>> welcome;
    private final ConcurrentLinkedQueue<List<byte[]>> queue = new ConcurrentLinkedQueue<>();
    private final WakeupPipe wakeup = new WakeupPipe();
    private volatile boolean stopping;
    /** Messages enqueued so far, and of those, handed to the socket (written by this thread only). */
    private final AtomicLong enqueued = new AtomicLong();
    private volatile long sent;
    /** A thread waiting in {@link #awaitSent} for {@link #sent} to reach its mark, or null. */
    private volatile Thread waiter;

    IopubLoop(ZContext context, ZMQ.Socket pub, Function<String, List<byte[]>> welcome, Consumer<String> log,
              Runnable onExit) {
        this.context = context;
        this.sender = new PatientSender("iopub", log);
        this.pub = pub;
        this.welcome = welcome;
        this.onExit = onExit;
        pub.setXpubVerbose(true);
    }

    private volatile Thread thread;

    Thread start() {
        Thread t = new Thread(this, "jasyncio-iopub");
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    void enqueue(List<byte[]> frames) {
        queue.add(frames);
        enqueued.incrementAndGet();
        wakeup.signal();
    }

    /**
     * Waits, at most {@code timeoutNanos}, until every message enqueued before the call is handed
     * to the socket: a reply sent after it then leaves the kernel after the iopub messages of its
     * request, as ipykernel flushes its IOPub thread before an execute_reply (a client that reads
     * the reply and then looks once more at iopub, as jupyter console does, finds the result).
     * One waiting thread at a time (the loop thread); any other returns at once.
     */
    void awaitSent(long timeoutNanos) {
        long mark = enqueued.get();
        if (sent >= mark || Thread.currentThread() == thread || waiter != null) {
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        waiter = Thread.currentThread();
        try {
            while (sent < mark && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiter = null;
        }
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
            poller.register(pub, ZMQ.Poller.POLLIN); // a subscription wakes the thread
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
                // Not only when the poller saw the socket readable: a send processes the socket's
                // pending commands, a new subscription among them, and clears the readiness the
                // poller waits on (ZeroMQ signals edges), so the subscription would wait for the
                // next message published. Reading with DONTWAIT costs nothing when there is none.
                welcomeSubscribers();
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
        long count = sent;
        while ((frames = queue.poll()) != null) {
            sender.send(pub, frames);
            count++;
        }
        sent = count;
        Thread waiting = waiter;
        if (waiting != null) {
            LockSupport.unpark(waiting);
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
