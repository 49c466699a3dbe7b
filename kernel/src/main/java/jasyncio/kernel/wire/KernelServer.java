package jasyncio.kernel.wire;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The kernel's transport: binds the five Jupyter sockets of a connection file and runs three
 * threads, each the only user of its sockets.
 *
 * <ul>
 *   <li>{@code jasyncio-transport}: shell, control and stdin (ROUTER). Verified requests go to
 *       the {@link MessageHandler} on this thread; {@link #send} from any thread queues a reply
 *       and wakes it.
 *   <li>{@code jasyncio-iopub}: the XPUB socket, fed by {@link #publish} from any thread; it
 *       welcomes each subscription with an {@code iopub_welcome} (messaging 5.5).
 *   <li>{@code jasyncio-heartbeat}: the REP socket, echoing pings whatever the others do.
 * </ul>
 *
 * <p>Sockets are created and bound on the thread that calls {@link #start}, so bind errors are
 * thrown from there, then handed to their threads (thread start is the memory fence ZeroMQ asks
 * for when a socket changes thread).
 */
public final class KernelServer implements AutoCloseable {
    private final ZContext context;
    private final ConnectionInfo info;
    private final String sessionId = UUID.randomUUID().toString();
    private final MessageFactory messages = new MessageFactory(sessionId);
    private final MessageCodec codec;
    private final ServerOptions options;
    private final TransportLoop transport;
    private final IopubLoop iopub;
    private final HeartbeatLoop heartbeat;
    private final List<Thread> threads;
    private final CountDownLatch workersExited = new CountDownLatch(3);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean contextClosed = new AtomicBoolean();

    public static KernelServer start(ConnectionInfo info, MessageHandler handler) {
        return start(info, handler, ServerOptions.defaults());
    }

    /**
     * Binds all sockets and starts the threads. Throws IllegalStateException naming the channel
     * and endpoint when a socket cannot be bound (e.g. the port is taken).
     */
    public static KernelServer start(ConnectionInfo info, MessageHandler handler, ServerOptions options) {
        return new KernelServer(info, handler, options);
    }

    private KernelServer(ConnectionInfo requested, MessageHandler handler, ServerOptions options) {
        this.options = options;
        this.codec = new MessageCodec(Signer.of(requested.key()), new ReplayGuard(options.replayHistory()));
        Consumer<String> rawLog = options.log();
        RateLimitedLog dropLog = new RateLimitedLog(rawLog, options.logLinesPerSecond(), System::nanoTime);
        if (requested.transport().equals("ipc")) {
            rawLog.accept("jasyncio: note: jeromq emulates ipc:// with loopback TCP (port derived from the path),"
                    + " so only jeromq peers can connect; use \"transport\": \"tcp\" with jupyter_client");
        }
        if (!requested.signed()) {
            rawLog.accept("jasyncio: WARNING: the connection file has an empty key: messages are not signed,"
                    + " anyone who can reach the ports can run code");
        }
        context = new ZContext(1);
        context.setLinger(options.lingerMillis());
        // jeromq's I/O threads print stack traces for internal errors (e.g. a rare benign race
        // between a listener's termination and its socket's when closing): one log line instead.
        Thread.UncaughtExceptionHandler quiet = (thread, error) ->
                dropLog.log("jasyncio: jeromq " + thread.getName() + ": " + error);
        context.setUncaughtExceptionHandler(quiet);
        context.setNotificationExceptionHandler(quiet);
        Map<Channel, ZMQ.Socket> sockets = new EnumMap<>(Channel.class);
        ConnectionInfo bound = requested;
        try {
            sockets.put(Channel.SHELL, context.createSocket(SocketType.ROUTER));
            sockets.put(Channel.CONTROL, context.createSocket(SocketType.ROUTER));
            sockets.put(Channel.STDIN, context.createSocket(SocketType.ROUTER));
            sockets.put(Channel.IOPUB, context.createSocket(SocketType.XPUB));
            sockets.put(Channel.HEARTBEAT, context.createSocket(SocketType.REP));
            Set<Integer> ipcTaken = new HashSet<>();
            for (Channel c : Channel.values()) {
                ipcTaken.add(requested.port(c));
            }
            for (Map.Entry<Channel, ZMQ.Socket> e : sockets.entrySet()) {
                ZMQ.Socket socket = e.getValue();
                socket.setLinger(options.lingerMillis());
                socket.setIPv6(requested.ipv6());
                if (e.getKey() != Channel.IOPUB) {
                    socket.setMaxMsgSize(options.maxMessageSize());
                }
                int port = bind(socket, e.getKey(), requested, ipcTaken);
                bound = bound.withPort(e.getKey(), port);
            }
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        this.info = bound;
        transport = new TransportLoop(context, sockets.get(Channel.SHELL), sockets.get(Channel.CONTROL),
                sockets.get(Channel.STDIN), codec, handler, dropLog, rawLog, this::workerExited);
        iopub = new IopubLoop(context, sockets.get(Channel.IOPUB), this::welcome, rawLog, this::workerExited);
        heartbeat = new HeartbeatLoop(context, sockets.get(Channel.HEARTBEAT), rawLog, this::workerExited);
        threads = List.of(heartbeat.start(), iopub.start(), transport.start());
    }

    /** Binds to the file's endpoint; port 0 picks a free one. Returns the port bound. */
    private static int bind(ZMQ.Socket socket, Channel channel, ConnectionInfo info, Set<Integer> ipcTaken) {
        int port = info.port(channel);
        if (port != 0) {
            bindOrThrow(socket, channel, info.endpoint(port));
            return port;
        }
        if (info.transport().equals("ipc")) {
            // jeromq binds ipc://NAME to a loopback TCP port hashed from NAME, which may be in
            // use by anything: when picking, skip to the next suffix rather than fail.
            for (int attempt = 0; ; attempt++) {
                int suffix = freeIpcSuffix(info.ip(), ipcTaken);
                try {
                    bindOrThrow(socket, channel, info.endpoint(suffix));
                    return suffix;
                } catch (IllegalStateException e) {
                    if (attempt >= 20) {
                        throw e;
                    }
                }
            }
        }
        bindOrThrow(socket, channel, "tcp://" + info.hostForEndpoint() + ":*");
        String last = socket.getLastEndpoint(); // e.g. tcp://127.0.0.1:45893
        return Integer.parseInt(last.substring(last.lastIndexOf(':') + 1));
    }

    private static void bindOrThrow(ZMQ.Socket socket, Channel channel, String endpoint) {
        try {
            if (!socket.bind(endpoint)) {
                throw new IllegalStateException("cannot bind " + channel.label() + " to " + endpoint);
            }
        } catch (ZMQException e) {
            throw new IllegalStateException("cannot bind " + channel.label() + " to " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    /** jupyter_client's rule for ipc: the lowest suffix n >= 1 whose file "ip-n" does not exist. */
    private static int freeIpcSuffix(String prefix, Set<Integer> taken) {
        int n = 1;
        while (taken.contains(n) || Files.exists(Path.of(prefix + "-" + n))) {
            n++;
        }
        taken.add(n);
        return n;
    }

    /** The connection info with the ports actually bound (0s replaced); same key and ip. */
    public ConnectionInfo connectionInfo() {
        return info;
    }

    public int port(Channel channel) {
        return info.port(channel);
    }

    /** The kernel's session id, in the header of every message it sends. */
    public String sessionId() {
        return sessionId;
    }

    /** Builds replies and broadcasts stamped with this server's session id. */
    public MessageFactory messages() {
        return messages;
    }

    /**
     * Queues {@code message} on shell, control or stdin (iopub: same as {@link #publish}); any
     * thread, never blocks. The message must carry the request's identities (use
     * {@link MessageFactory#reply}). It is serialized and signed here, on the caller's thread,
     * so an unserializable content (NaN) throws IllegalArgumentException to the caller. Returns
     * false, sending nothing, once the server is closing.
     */
    public boolean send(Channel channel, Message message) {
        switch (channel) {
            case IOPUB:
                return publish(message);
            case HEARTBEAT:
                throw new IllegalArgumentException("the heartbeat channel only echoes");
            default:
                break;
        }
        if (message.identities().isEmpty()) {
            throw new IllegalArgumentException("a " + channel.label() + " message needs the request's identities"
                    + " (build it with messages().reply(request, ...)): " + message);
        }
        List<byte[]> frames = codec.encode(message);
        if (closing.get()) {
            return false;
        }
        transport.enqueue(channel, frames);
        return true;
    }

    /**
     * Queues {@code message} on iopub; any thread, never blocks. Messages published by one thread
     * arrive in that order. Without identities, the topic {@link MessageFactory#topic} is used.
     * Returns false, sending nothing, once the server is closing.
     */
    public boolean publish(Message message) {
        Message routed = message.identities().isEmpty()
                ? message.withIdentities(List.of(messages.topic(message.msgType())))
                : message;
        List<byte[]> frames = codec.encode(routed);
        if (closing.get()) {
            return false;
        }
        iopub.enqueue(frames);
        return true;
    }

    /**
     * iopub_welcome for a new subscription, as ipykernel sends it: content {"subscription":
     * topic}, no parent; routed to the topic itself, so that it reaches the subscriber that
     * asked (an empty topic reaches every subscriber, as the other clients ignore it).
     */
    private List<byte[]> welcome(String topic) {
        com.google.gson.JsonObject content = new com.google.gson.JsonObject();
        content.addProperty("subscription", topic);
        Message message = messages.broadcast(null, "iopub_welcome", content, null, null);
        return codec.encode(topic.isEmpty() ? message
                : message.withIdentities(List.of(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /**
     * Waits, at most {@code timeoutMillis}, until what was published so far has been handed to the
     * iopub socket, so that a reply sent next follows its request's output out of the kernel.
     */
    public void awaitIopubSent(long timeoutMillis) {
        iopub.awaitSent(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /** For tests, from inside a handler only: whether a message waits on {@code channel}. */
    boolean hasQueuedInput(Channel channel) {
        return transport.hasQueuedInput(channel);
    }

    public boolean isClosed() {
        return closing.get();
    }

    /**
     * Stops the threads, writes what was already queued (within the linger time), closes the
     * sockets and the ZeroMQ context; after it returns the ports are free. Idempotent.
     *
     * <p>Called from a handler (on the transport thread, e.g. for shutdown_request) it cannot
     * wait for its own thread: the sockets then close as soon as the handler returns. Called
     * while a handler is stuck, it waits at most linger + 5 s, then leaves the transport thread
     * to close the sockets when the handler returns.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            transport.stop();
            iopub.stop();
            heartbeat.stop();
        }
        if (transport.isTransportThread()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.lingerMillis() + 5000L);
        try {
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
            if (!terminated.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                options.log().accept("jasyncio: close: a handler is still running on the transport thread;"
                        + " its sockets close when it returns");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each worker calls this last; the last one out (or close()) closes the context. */
    private void workerExited() {
        workersExited.countDown();
        if (workersExited.getCount() == 0 && contextClosed.compareAndSet(false, true)) {
            try {
                context.close(); // term: waits for queued messages up to the linger time
            } finally {
                terminated.countDown();
            }
        }
    }
}
