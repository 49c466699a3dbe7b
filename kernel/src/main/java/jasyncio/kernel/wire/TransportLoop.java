package jasyncio.kernel.wire;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The thread that owns the shell, control and stdin sockets (a ZeroMQ socket must only be used
 * by one thread). It blocks in one {@code ZMQ.Poller} over the three sockets and a wake-up pipe,
 * never sleeping: input wakes it, and so does {@link #enqueue} from any thread with a reply to
 * write. Each received message is decoded and verified; good ones go to the handler, bad ones
 * are dropped with a rate-limited log line.
 */
final class TransportLoop implements Runnable {
    /** Control messages read in a row before queued replies are written again. */
    private static final int CONTROL_BURST = 64;

    private record Outgoing(Channel channel, List<byte[]> frames) {
    }

    private final ZContext context;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket stdin;
    private final MessageCodec codec;
    private final MessageHandler handler;
    private final RateLimitedLog log;
    private final Consumer<String> rawLog;
    /** The replies' sends, which wait for room when the heap is full. */
    private final PatientSender sender;
    private final Runnable onExit;
    private final WakeupPipe wakeup = new WakeupPipe();
    private final ConcurrentLinkedQueue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private volatile Thread thread;

    TransportLoop(ZContext context, ZMQ.Socket shell, ZMQ.Socket control, ZMQ.Socket stdin, MessageCodec codec,
                  MessageHandler handler, RateLimitedLog log, Consumer<String> rawLog, Runnable onExit) {
        this.context = context;
        this.shell = shell;
        this.control = control;
        this.stdin = stdin;
        this.codec = codec;
        this.handler = handler;
        this.log = log;
        this.rawLog = rawLog;
        this.sender = new PatientSender("shell/control/stdin", rawLog);
        this.onExit = onExit;
    }

    Thread start() {
        Thread t = new Thread(this, "jasyncio-transport");
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    boolean isTransportThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Any thread: queue frames for shell, control or stdin. From the transport thread itself (a
     * handler replying inline) they are written at once; from others, the loop is woken.
     */
    void enqueue(Channel channel, List<byte[]> frames) {
        outgoing.add(new Outgoing(channel, frames));
        if (isTransportThread()) {
            flushOutgoing();
        } else {
            wakeup.signal();
        }
    }

    /** Any thread: ask the loop to write what is queued, close its sockets and end. */
    void stop() {
        stopping = true;
        if (!isTransportThread()) {
            wakeup.signal();
        }
    }

    @Override
    public void run() {
        ZMQ.Poller poller = context.createPoller(4);
        try {
            int wakeIndex = poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
            int controlIndex = poller.register(control, ZMQ.Poller.POLLIN);
            int shellIndex = poller.register(shell, ZMQ.Poller.POLLIN);
            int stdinIndex = poller.register(stdin, ZMQ.Poller.POLLIN);
            while (!stopping) {
                if (Thread.interrupted()) {
                    // A selector returns at once while its thread is interrupted: clear the flag
                    // or the poll below would spin. Nothing here uses interrupts.
                    log.log("jasyncio: the transport thread was interrupted; ignoring it");
                }
                poller.poll(-1);
                if (poller.pollin(wakeIndex)) {
                    wakeup.clear();
                }
                flushOutgoing();
                if (stopping) {
                    break;
                }
                // Control before shell: an interrupt or shutdown must not wait behind queued
                // shell requests. One shell message per poll, so control is checked between them.
                if (poller.pollin(controlIndex)) {
                    for (int i = 0; i < CONTROL_BURST && !stopping && readOne(control, Channel.CONTROL); i++) {
                        // each iteration handled one control message
                    }
                }
                if (!stopping && poller.pollin(shellIndex)) {
                    readOne(shell, Channel.SHELL);
                }
                if (!stopping && poller.pollin(stdinIndex)) {
                    readOne(stdin, Channel.STDIN);
                }
                flushOutgoing();
            }
        } catch (RuntimeException e) {
            rawLog.accept("jasyncio: transport thread failed, shell/control/stdin stop: " + e);
        } finally {
            try {
                flushOutgoing(); // e.g. a shutdown_reply sent just before close()
                log.flush();
                poller.close();
                shell.close();
                control.close();
                stdin.close();
                wakeup.close();
            } finally {
                onExit.run();
            }
        }
    }

    /**
     * Transport thread only (e.g. from inside a handler): whether a message is waiting on
     * {@code channel}. Lets tests observe the queue without racing the network.
     */
    boolean hasQueuedInput(Channel channel) {
        if (!isTransportThread()) {
            throw new IllegalStateException("only the transport thread may look at its sockets");
        }
        ZMQ.Socket socket = switch (channel) {
            case SHELL -> shell;
            case CONTROL -> control;
            case STDIN -> stdin;
            default -> throw new IllegalArgumentException(channel.name());
        };
        return (socket.getEvents() & ZMQ.Poller.POLLIN) != 0;
    }

    /** Reads, verifies and dispatches one message; false if the socket had none. */
    private boolean readOne(ZMQ.Socket socket, Channel channel) {
        try {
            return readAndDispatch(socket, channel);
        } catch (OutOfMemoryError full) {
            return true; // a cell's variables hold the heap: this message is lost, the transport must not be
        }
    }

    private boolean readAndDispatch(ZMQ.Socket socket, Channel channel) {
        List<byte[]> frames = SocketIo.receive(socket);
        if (frames == null) {
            return false;
        }
        Message message;
        try {
            message = codec.decode(frames);
        } catch (WireFormatException e) {
            log.log("jasyncio: dropped " + channel.label() + " message" + sender(frames) + ": " + e.getMessage());
            return true;
        }
        try {
            switch (channel) {
                case SHELL -> handler.onShell(message);
                case CONTROL -> handler.onControl(message);
                case STDIN -> handler.onStdin(message);
                default -> throw new IllegalStateException(channel.name());
            }
        } catch (RuntimeException | Error e) {
            // A dispatcher bug must not make the kernel deaf: report it and read on.
            StackTraceElement[] where = e.getStackTrace();
            log.log("jasyncio: " + channel.label() + " handler threw on " + message.msgType() + " "
                    + message.msgId() + ": " + e + (where.length > 0 ? " at " + where[0] : ""));
        }
        return true;
    }

    private static String sender(List<byte[]> frames) {
        return frames.size() > 1 ? " from " + Message.printable(frames.get(0)) : "";
    }

    private void flushOutgoing() {
        Outgoing o;
        while ((o = outgoing.poll()) != null) {
            ZMQ.Socket socket = switch (o.channel()) {
                case SHELL -> shell;
                case CONTROL -> control;
                case STDIN -> stdin;
                default -> throw new IllegalStateException(o.channel().name());
            };
            sender.send(socket, o.frames()); // a full heap: it waits for room, then is lost, the transport is not
        }
    }
}
