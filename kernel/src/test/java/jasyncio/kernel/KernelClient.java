package jasyncio.kernel;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageCodec;
import jasyncio.kernel.wire.MessageFactory;
import jasyncio.kernel.wire.Signer;
import jasyncio.kernel.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A front end for the protocol tests, on jeromq sockets as jupyter_client connects them:
 * DEALERs on shell, control and stdin, a SUB on iopub, a REQ on heartbeat.
 */
final class KernelClient implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 20_000;

    private final ZContext context = new ZContext(1);
    final MessageFactory factory = new MessageFactory("test-client");
    final MessageCodec codec;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket stdin;
    final ZMQ.Socket iopub;
    final ZMQ.Socket heartbeat;

    private final byte[] identity;

    KernelClient(KernelProcess kernel) {
        this(kernel, "tester");
    }

    /** A client whose DEALERs have this identity: a ROUTER ignores a second peer with the same one. */
    KernelClient(KernelProcess kernel, String identity) {
        this.identity = identity.getBytes(StandardCharsets.UTF_8);
        codec = new MessageCodec(Signer.of(kernel.key));
        context.setLinger(0);
        shell = connect(SocketType.DEALER, kernel.ports[0]);
        iopub = connect(SocketType.SUB, kernel.ports[1]);
        iopub.subscribe(new byte[0]);
        stdin = connect(SocketType.DEALER, kernel.ports[2]);
        control = connect(SocketType.DEALER, kernel.ports[3]);
        heartbeat = connect(SocketType.REQ, kernel.ports[4]);
    }

    private ZMQ.Socket connect(SocketType type, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setHandshakeIvl(200); // see wire.WireClient: a jeromq connect-side handshake can stall otherwise
        s.setReceiveTimeOut(TIMEOUT_MILLIS);
        if (type == SocketType.DEALER) {
            s.setIdentity(identity);
        }
        s.connect("tcp://127.0.0.1:" + port);
        return s;
    }

    Message request(String msgType, JsonObject content) {
        return new Message(List.of(), factory.newHeader(msgType), new JsonObject(), new JsonObject(), content, List.of());
    }

    Message send(ZMQ.Socket socket, Message m) {
        sendFrames(socket, codec.encode(m));
        return m;
    }

    void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    Message execute(String code) {
        return execute(code, false, true);
    }

    Message execute(String code, boolean allowStdin, boolean stopOnError) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", allowStdin);
        content.addProperty("stop_on_error", stopOnError);
        return send(shell, request("execute_request", content));
    }

    /** The next message on the socket, verified; fails the test after the timeout. */
    Message receive(ZMQ.Socket socket) {
        byte[] first = socket.recv(0);
        if (first == null) {
            throw new AssertionError("no message within " + TIMEOUT_MILLIS + " ms");
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        try {
            return codec.decode(frames);
        } catch (WireFormatException e) {
            throw new AssertionError("the kernel sent a message that does not verify: " + e.getMessage(), e);
        }
    }

    /**
     * The reply to a request whose cell may take long on a loaded machine (filling the heap, one
     * full collection after another): waits up to {@code millis} for it.
     */
    Message replyTo(ZMQ.Socket socket, Message request, int millis) {
        socket.setReceiveTimeOut(millis);
        try {
            return replyTo(socket, request);
        } finally {
            socket.setReceiveTimeOut(TIMEOUT_MILLIS);
        }
    }

    /** The reply to {@code request} on the socket, skipping replies to other requests. */
    Message replyTo(ZMQ.Socket socket, Message request) {
        while (true) {
            Message m = receive(socket);
            if (request.msgId().equals(m.parentMsgId())) {
                return m;
            }
        }
    }

    /** The iopub messages of {@code request}, from its busy status up to and including idle. */
    List<Message> iopubOf(Message request) {
        return iopubOf(request, m -> m.msgType().equals("status")
                && m.content().get("execution_state").getAsString().equals("idle"));
    }

    /** The next iopub messages of {@code request}, up to and including the first that {@code last} accepts. */
    List<Message> iopubOf(Message request, java.util.function.Predicate<Message> last) {
        List<Message> messages = new ArrayList<>();
        while (true) {
            Message m = receive(iopub);
            if (!request.msgId().equals(m.parentMsgId())) {
                continue;
            }
            messages.add(m);
            if (last.test(m)) {
                return messages;
            }
        }
    }

    /** Sends interrupt_request on control (the reply is not awaited). */
    Message interrupt() {
        return send(control, request("interrupt_request", new JsonObject()));
    }

    /** Round trip of a heartbeat ping, in milliseconds (fails after the timeout). */
    double ping() {
        long start = System.nanoTime();
        heartbeat.send("ping");
        byte[] echo = heartbeat.recv(0);
        if (echo == null) {
            throw new AssertionError("no heartbeat within " + TIMEOUT_MILLIS + " ms");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void close() {
        context.close();
    }
}
