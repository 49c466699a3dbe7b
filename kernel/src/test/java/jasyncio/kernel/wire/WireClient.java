package jasyncio.kernel.wire;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A jeromq front end for the tests: DEALERs on shell/control/stdin (with a fixed identity), a
 * SUB on iopub and a REQ on heartbeat, plus helpers to build signed requests and raw frames.
 *
 * <p>Every client socket gets a short ZMTP handshake interval: jeromq 0.6.0's connecting side
 * sometimes never starts the handshake of a fresh TCP connection (zeromq/jeromq PR #1022, about
 * 1 in 100 connections here) and only recovers when the handshake timer, 30 s by default, makes
 * it reconnect. The kernel's side (bind/accept) is not affected, nor are libzmq clients.
 */
final class WireClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final ZContext context = new ZContext(1);
    final ConnectionInfo info;
    final MessageFactory factory = new MessageFactory("client-session");
    final MessageCodec codec;
    final String identity;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket stdin;
    private ZMQ.Socket iopub;
    private ZMQ.Socket heartbeat;

    /** Applies the options every test socket needs; see the class comment. */
    private ZMQ.Socket configure(ZMQ.Socket s) {
        s.setHandshakeIvl(200);
        s.setReceiveTimeOut((int) TIMEOUT.toMillis());
        return s;
    }

    WireClient(ConnectionInfo info, String identity) {
        this.info = info;
        this.identity = identity;
        this.codec = new MessageCodec(Signer.of(info.key()));
        context.setLinger(0);
        shell = dealer(info.port(Channel.SHELL));
        control = dealer(info.port(Channel.CONTROL));
        stdin = dealer(info.port(Channel.STDIN));
    }

    private ZMQ.Socket dealer(int port) {
        ZMQ.Socket s = configure(context.createSocket(SocketType.DEALER));
        s.setIdentity(identity.getBytes(StandardCharsets.UTF_8));
        s.connect(info.endpoint(port));
        return s;
    }

    ZMQ.Socket socket(Channel channel) {
        return switch (channel) {
            case SHELL -> shell;
            case CONTROL -> control;
            case STDIN -> stdin;
            case IOPUB -> iopub();
            case HEARTBEAT -> heartbeat();
        };
    }

    ZMQ.Socket iopub() {
        if (iopub == null) {
            iopub = configure(context.createSocket(SocketType.SUB));
            iopub.subscribe(new byte[0]);
            iopub.setRcvHWM(0); // keep everything: the tests count messages
            iopub.connect(info.endpoint(info.port(Channel.IOPUB)));
        }
        return iopub;
    }

    ZMQ.Socket heartbeat() {
        if (heartbeat == null) {
            heartbeat = configure(context.createSocket(SocketType.REQ));
            heartbeat.connect(info.endpoint(info.port(Channel.HEARTBEAT)));
        }
        return heartbeat;
    }

    /** A request as jupyter_client would build it (no identities: the DEALER adds its own). */
    Message request(String msgType, JsonObject content) {
        JsonObject header = factory.newHeader(msgType);
        header.addProperty("username", "tester");
        return new Message(List.of(), header, new JsonObject(), new JsonObject(), content, List.of());
    }

    Message request(String msgType) {
        return request(msgType, new JsonObject());
    }

    /** Signed frames of {@code m}, as sent by a DEALER. */
    List<byte[]> frames(Message m) {
        return codec.encode(m);
    }

    void sendFrames(Channel channel, List<byte[]> frames) {
        if (!SocketIo.send(socket(channel), frames)) {
            throw new AssertionError("client could not send on " + channel);
        }
    }

    /** Sends a signed request and returns it (the header the reply must name as parent). */
    Message send(Channel channel, Message m) {
        sendFrames(channel, frames(m));
        return m;
    }

    /** Receives raw frames on {@code channel}, failing after the timeout. */
    List<byte[]> receiveFrames(Channel channel) {
        ZMQ.Socket s = socket(channel);
        byte[] first = s.recv(0);
        if (first == null) {
            throw new AssertionError("nothing received on " + channel + " within " + TIMEOUT);
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (s.hasReceiveMore()) {
            frames.add(s.recv(0));
        }
        return frames;
    }

    /** Receives and verifies (signature included) one message on {@code channel}. */
    Message receive(Channel channel) throws WireFormatException {
        return codec.decode(receiveFrames(channel));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        context.close();
    }
}
