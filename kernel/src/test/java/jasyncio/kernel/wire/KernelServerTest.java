package jasyncio.kernel.wire;

import static jasyncio.kernel.wire.WireClient.TIMEOUT;
import static jasyncio.kernel.wire.WireClient.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeromq.ZMQ;

/** The transport over real jeromq sockets on 127.0.0.1, with jeromq clients as front ends. */
class KernelServerTest {
    private final String key = UUID.randomUUID().toString();
    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private final RecordingHandler handler = new RecordingHandler();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private KernelServer start(ConnectionInfo info, ServerOptions options) {
        KernelServer server = KernelServer.start(info, handler, options.withLog(log::add));
        toClose.add(server);
        return server;
    }

    private KernelServer start() {
        return start(ConnectionInfo.withFreePorts("tcp", "127.0.0.1", key), ServerOptions.defaults());
    }

    private WireClient client(KernelServer server, String identity) {
        WireClient c = new WireClient(server.connectionInfo(), identity);
        toClose.add(0, c); // clients close before servers
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static JsonObject content(String key, Object value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, String.valueOf(value));
        return o;
    }

    @ParameterizedTest
    @EnumSource(value = Channel.class, names = {"SHELL", "CONTROL", "STDIN"})
    void signedRequestReachesTheHandlerAndTheReplyComesBackSigned(Channel channel) throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "front-end-1");
        Message request = client.send(channel, client.request("kernel_info_request", content("x", "é<>")));

        RecordingHandler.Received got = handler.next(TIMEOUT);
        assertEquals(channel, got.channel());
        assertEquals("jasyncio-transport", got.thread().getName());
        assertEquals(1, got.message().identities().size());
        assertArrayEquals(utf8("front-end-1"), got.message().identities().get(0));
        assertEquals(request.header(), got.message().header());
        assertEquals("é<>", got.message().content().get("x").getAsString());

        // Replied from the test thread: send() must wake the transport thread out of its poll.
        Message reply = server.messages().reply(got.message(), "kernel_info_reply", content("status", "ok"));
        assertTrue(server.send(channel, reply));
        Message back = client.receive(channel); // decode verifies the signature
        assertFalse(back.session().isEmpty());
        assertEquals(server.sessionId(), back.session());
        assertEquals("kernel_info_reply", back.msgType());
        assertEquals(request.header(), back.parentHeader());
        assertNotEquals(request.msgId(), back.msgId());
        assertTrue(back.identities().isEmpty());
    }

    /** Ways a message can be bad, each turning good signed frames into bad ones. */
    enum Bad {
        BAD_SIGNATURE(f -> with(f, 1, utf8("0".repeat(64)))),
        MISSING_SIGNATURE(f -> with(f, 1, new byte[0])),
        MISSING_DELIMITER(f -> without(f, 0)),
        TOO_FEW_FRAMES(f -> f.subList(0, 5)),
        GARBAGE_JSON(f -> signedWith(f, 5, utf8("{\"code\": ]"))),
        INVALID_UTF8(f -> signedWith(f, 5, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'})),
        HEADER_WITHOUT_MSG_ID(f -> signedWith(f, 2, utf8("{\"msg_type\":\"x\",\"session\":\"s\",\"username\":\"u\","
                + "\"version\":\"5.4\"}"))),
        ONLY_IDENTITY_FRAMES(f -> List.of(utf8("a"), utf8("b")));

        final UnaryOperator<List<byte[]>> spoil;
        static String key; // set by the test: frames are re-signed with it where the signature must be good

        Bad(UnaryOperator<List<byte[]>> spoil) {
            this.spoil = spoil;
        }

        static List<byte[]> with(List<byte[]> f, int i, byte[] value) {
            List<byte[]> copy = new ArrayList<>(f);
            copy.set(i, value);
            return copy;
        }

        static List<byte[]> without(List<byte[]> f, int i) {
            List<byte[]> copy = new ArrayList<>(f);
            copy.remove(i);
            return copy;
        }

        /** Replaces a JSON part and signs again, so only the JSON is wrong. */
        static List<byte[]> signedWith(List<byte[]> f, int i, byte[] value) {
            List<byte[]> copy = with(f, i, value);
            copy.set(1, utf8(Signer.of(key).sign(copy.get(2), copy.get(3), copy.get(4), copy.get(5))));
            return copy;
        }
    }

    @ParameterizedTest
    @EnumSource(Bad.class)
    void badMessagesAreDroppedWithALogLineAndTheServerGoesOn(Bad bad) throws Exception {
        Bad.key = key;
        KernelServer server = start();
        WireClient client = client(server, "c");
        client.sendFrames(Channel.SHELL, bad.spoil.apply(client.frames(client.request("execute_request"))));
        Message good = client.send(Channel.SHELL, client.request("execute_request"));

        // Same connection, so the bad message was read first: the handler's first message is the good one.
        assertEquals(good.msgId(), handler.next(TIMEOUT).message().msgId());
        assertNull(handler.received.poll());
        List<String> drops = log.stream().filter(l -> l.contains("dropped shell message")).toList();
        assertEquals(1, drops.size(), log.toString());
    }

    @Test
    void aReplayedMessageIsDropped() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        List<byte[]> frames = client.frames(client.request("execute_request", content("code", "format_disk()")));
        client.sendFrames(Channel.SHELL, frames);
        client.sendFrames(Channel.SHELL, frames); // captured and sent again
        Message good = client.send(Channel.SHELL, client.request("execute_request"));

        assertEquals("format_disk()", handler.next(TIMEOUT).message().content().get("code").getAsString());
        assertEquals(good.msgId(), handler.next(TIMEOUT).message().msgId());
        assertNull(handler.received.poll());
        assertTrue(log.stream().anyMatch(l -> l.contains("replayed")), log.toString());
    }

    @Test
    void aFloodOfForgedMessagesLogsAFewLinesAndASummary() throws Exception {
        KernelServer server = start(ConnectionInfo.withFreePorts("tcp", "127.0.0.1", key),
                ServerOptions.defaults().withLogLinesPerSecond(5));
        WireClient client = client(server, "c");
        List<byte[]> forged = Bad.BAD_SIGNATURE.spoil.apply(client.frames(client.request("execute_request")));
        for (int i = 0; i < 500; i++) {
            client.sendFrames(Channel.SHELL, forged);
        }
        Message good = client.send(Channel.SHELL, client.request("execute_request"));
        assertEquals(good.msgId(), handler.next(TIMEOUT).message().msgId());
        server.close(); // flushes the summary
        long dropLines = log.stream().filter(l -> l.contains("dropped")).count();
        assertTrue(dropLines <= 10, "too many log lines: " + dropLines); // 5 per second; two windows at most
        assertTrue(log.stream().anyMatch(l -> l.contains("more such log lines suppressed")), log.toString());
    }

    @Test
    void heartbeatAnswersWhileTheHandlerIsBlocked() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        CountDownLatch release = new CountDownLatch(1);
        handler.hook = (channel, m) -> await(release);
        try {
            client.send(Channel.SHELL, client.request("execute_request"));
            handler.next(TIMEOUT); // the transport thread is now stuck in the handler
            for (int i = 0; i < 3; i++) {
                assertTrue(client.heartbeat().send(utf8("ping " + i)));
                byte[] echo = client.heartbeat().recv(0);
                assertArrayEquals(utf8("ping " + i), echo, "heartbeat did not echo");
            }
        } finally {
            release.countDown();
        }
    }

    /**
     * Handlers run on the transport thread, so while a shell handler blocks, control is NOT
     * delivered; it is as soon as the handler returns (the dispatcher must hand shell requests to
     * the loop thread and return). A control handler may reply inline, re-entrantly.
     */
    @Test
    void controlWaitsForABlockedShellHandlerAndMayReplyInline() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        CountDownLatch release = new CountDownLatch(1);
        handler.hook = (channel, m) -> {
            if (channel == Channel.SHELL) {
                await(release);
            } else {
                server.send(channel, server.messages().reply(m, "interrupt_reply", content("status", "ok")));
            }
        };
        client.send(Channel.SHELL, client.request("execute_request"));
        assertEquals(Channel.SHELL, handler.next(TIMEOUT).channel());
        Message interrupt = client.send(Channel.CONTROL, client.request("interrupt_request"));
        assertArrayEquals(utf8("ping"), ping(client)); // heartbeat is alive meanwhile
        assertNull(handler.received.poll(), "nothing is delivered while a handler blocks the transport thread");
        release.countDown();
        RecordingHandler.Received got = handler.next(TIMEOUT);
        assertEquals(Channel.CONTROL, got.channel());
        Message reply = client.receive(Channel.CONTROL);
        assertEquals(interrupt.header(), reply.parentHeader());
    }

    @Test
    void controlIsReadBeforeShellWhenBothAreWaiting() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        CountDownLatch sent = new CountDownLatch(1);
        handler.hook = (channel, m) -> {
            if (m.msgType().equals("block_request")) {
                await(sent);
                // Still on the transport thread: wait (bounded) until both messages are queued.
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!(server.hasQueuedInput(Channel.SHELL) && server.hasQueuedInput(Channel.CONTROL))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("shell and control messages never arrived");
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
        };
        client.send(Channel.SHELL, client.request("block_request"));
        assertEquals("block_request", handler.next(TIMEOUT).message().msgType());
        client.send(Channel.SHELL, client.request("execute_request")); // sent first...
        client.send(Channel.CONTROL, client.request("interrupt_request")); // ...but read first
        sent.countDown();
        assertEquals("interrupt_request", handler.next(TIMEOUT).message().msgType());
        assertEquals("execute_request", handler.next(TIMEOUT).message().msgType());
    }

    private static byte[] ping(WireClient client) {
        client.heartbeat().send(utf8("ping"));
        return client.heartbeat().recv(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aThrowingHandlerIsLoggedAndTheServerGoesOn() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        handler.hook = (channel, m) -> {
            if (m.msgType().equals("boom")) {
                throw new IllegalStateException("dispatcher bug");
            }
        };
        client.send(Channel.SHELL, client.request("boom"));
        Message good = client.send(Channel.SHELL, client.request("execute_request"));
        assertEquals("boom", handler.next(TIMEOUT).message().msgType());
        assertEquals(good.msgId(), handler.next(TIMEOUT).message().msgId());
        assertTrue(log.stream().anyMatch(l -> l.contains("dispatcher bug")), log.toString());
    }

    /** Waits until the SUB socket gets messages (a SUB that just connected misses earlier ones). */
    private static void awaitSubscribed(KernelServer server, WireClient client) throws Exception {
        ZMQ.Socket sub = client.iopub();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        sub.setReceiveTimeOut(20);
        try {
            while (System.nanoTime() < deadline) {
                server.publish(server.messages().broadcast((Message) null, "probe", null));
                if (sub.recv(0) != null) {
                    while (sub.hasReceiveMore()) {
                        sub.recv(0);
                    }
                    return;
                }
            }
            throw new AssertionError("iopub subscription never became active");
        } finally {
            sub.setReceiveTimeOut((int) TIMEOUT.toMillis());
        }
    }

    @Test
    void iopubFromManyThreadsArrivesIntactSignedAndInPerThreadOrder() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        awaitSubscribed(server, client);
        Message parent = client.request("execute_request");
        int threads = 4;
        int each = 200;
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            publishers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    JsonObject c = content("name", "stdout");
                    c.addProperty("thread", id);
                    c.addProperty("seq", i);
                    c.addProperty("text", "line " + i + " of " + id + "\n");
                    assertTrue(server.publish(server.messages().broadcast(parent, "stream", c)));
                }
            }));
        }
        Map<Integer, Integer> nextSeq = new HashMap<>();
        int got = 0;
        while (got < threads * each) {
            List<byte[]> frames = client.receiveFrames(Channel.IOPUB);
            Message m = client.codec.decode(frames); // signature verified here
            if (m.msgType().equals("probe")) {
                continue;
            }
            assertEquals("kernel." + server.sessionId() + ".stream", new String(frames.get(0)));
            assertEquals(parent.header(), m.parentHeader());
            int thread = m.content().get("thread").getAsInt();
            int seq = m.content().get("seq").getAsInt();
            assertEquals(nextSeq.getOrDefault(thread, 0), seq, "out of order for thread " + thread);
            assertEquals("line " + seq + " of " + thread + "\n", m.content().get("text").getAsString());
            nextSeq.put(thread, seq + 1);
            got++;
        }
        for (Thread t : publishers) {
            t.join();
        }
    }

    @Test
    void anEmptyKeyConnectionWorksUnsigned() throws Exception {
        KernelServer server = start(ConnectionInfo.withFreePorts("tcp", "127.0.0.1", ""), ServerOptions.defaults());
        WireClient client = client(server, "c");
        List<byte[]> frames = client.frames(client.request("kernel_info_request"));
        assertEquals(0, frames.get(1).length, "no signature without a key");
        client.sendFrames(Channel.SHELL, frames);
        Message got = handler.next(TIMEOUT).message();
        server.send(Channel.SHELL, server.messages().reply(got, "kernel_info_reply", null));
        List<byte[]> reply = client.receiveFrames(Channel.SHELL);
        assertEquals(0, reply.get(1).length);
        assertTrue(log.stream().anyMatch(l -> l.contains("empty key")), log.toString());
    }

    @Test
    void ipcTransportWorks(@TempDir Path dir) throws Exception {
        KernelServer server = start(ConnectionInfo.withFreePorts("ipc", dir.resolve("kernel").toString(), key),
                ServerOptions.defaults());
        ConnectionInfo bound = server.connectionInfo();
        assertEquals("ipc://" + dir.resolve("kernel") + "-1", bound.endpoint(bound.shellPort()));
        WireClient client = client(server, "c");
        Message request = client.send(Channel.SHELL, client.request("kernel_info_request"));
        Message got = handler.next(TIMEOUT).message();
        server.send(Channel.SHELL, server.messages().reply(got, "kernel_info_reply", null));
        assertEquals(request.header(), client.receive(Channel.SHELL).parentHeader());
        assertArrayEquals(utf8("ping"), ping(client));
    }

    @Test
    void aTakenPortFailsStartWithTheChannelAndEndpoint() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            ConnectionInfo info = ConnectionInfo.withFreePorts("tcp", "127.0.0.1", key)
                    .withPort(Channel.CONTROL, taken.getLocalPort());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> KernelServer.start(info, handler, ServerOptions.defaults().withLog(log::add)));
            assertTrue(e.getMessage().contains("control") && e.getMessage().contains(":" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    /** jeromq emulates ipc://NAME with a TCP port hashed from NAME; a picked suffix skips busy ones. */
    @Test
    void ipcPortPickingSkipsSuffixesWhoseEmulatedPortIsBusy(@TempDir Path dir) throws Exception {
        String prefix = dir.resolve("kernel").toString();
        int hashed = Math.abs((prefix + "-1").hashCode()) % 55536 + 10000; // jeromq's IpcAddress rule
        try (ServerSocket busy = new ServerSocket()) {
            try {
                busy.bind(new InetSocketAddress("127.0.0.1", hashed));
            } catch (java.io.IOException alreadyBusy) {
                // busy anyway: the server must skip it all the same
            }
            KernelServer server = start(ConnectionInfo.withFreePorts("ipc", prefix, key), ServerOptions.defaults());
            for (Channel c : Channel.values()) {
                assertNotEquals(1, server.port(c), c + " got the busy suffix");
            }
            WireClient client = client(server, "c");
            assertArrayEquals(utf8("ping"), ping(client));
        }
    }

    @Test
    void closeFreesThePortsAndIsIdempotent() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        client.send(Channel.SHELL, client.request("kernel_info_request"));
        Message request = handler.next(TIMEOUT).message();
        assertArrayEquals(utf8("ping"), ping(client)); // connections exist on the ports
        ConnectionInfo bound = server.connectionInfo();
        server.close();
        server.close();
        assertTrue(server.isClosed());
        assertFalse(server.send(Channel.SHELL, server.messages().reply(request, "kernel_info_reply", null)),
                "send after close reports that nothing was sent");
        assertFalse(server.publish(server.messages().broadcast(request, "status", null)));
        for (Channel c : Channel.values()) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", bound.port(c)));
            }
        }
        // And a new kernel can take exactly the same ports (a restart).
        KernelServer again = start(bound, ServerOptions.defaults());
        assertEquals(bound.shellPort(), again.port(Channel.SHELL));
    }

    @Test
    void closeFromAControlHandlerDeliversTheReplyThenStops() throws Exception {
        KernelServer server = start();
        WireClient client = client(server, "c");
        handler.hook = (channel, m) -> {
            server.send(channel, server.messages().reply(m, "shutdown_reply", content("status", "ok")));
            server.close(); // on the transport thread: must not wait for itself
        };
        Message request = client.send(Channel.CONTROL, client.request("shutdown_request"));
        assertEquals(request.header(), client.receive(Channel.CONTROL).parentHeader());
        assertTrue(server.isClosed());
        server.close(); // from another thread: waits until the sockets are closed
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", server.port(Channel.SHELL)));
        }
    }

    @Test
    void sendRejectsMessagesItCannotRouteOrSerialize() {
        KernelServer server = start();
        Message noIdentities = server.messages().broadcast((Message) null, "x", null).withIdentities(List.of());
        assertThrows(IllegalArgumentException.class, () -> server.send(Channel.SHELL, noIdentities));
        JsonObject nan = new JsonObject();
        nan.addProperty("x", Double.NaN);
        assertThrows(IllegalArgumentException.class,
                () -> server.publish(server.messages().broadcast((Message) null, "x", nan)));
        assertThrows(IllegalArgumentException.class, () -> server.send(Channel.HEARTBEAT, noIdentities));
    }

    @Test
    void anOversizedFrameDropsOnlyThatConnection() throws Exception {
        KernelServer server = start(ConnectionInfo.withFreePorts("tcp", "127.0.0.1", key),
                ServerOptions.defaults().withMaxMessageSize(1 << 20));
        try (WireClient big = new WireClient(server.connectionInfo(), "big")) {
            Message huge = new Message(List.of(), big.request("comm_msg").header(), null, null, null,
                    List.of(new byte[2 << 20]));
            big.send(Channel.SHELL, huge);
            // Under the limit, with buffers: delivered intact.
            WireClient client = client(server, "c");
            byte[] payload = new byte[512 << 10];
            payload[payload.length - 1] = 7;
            Message ok = new Message(List.of(), client.request("comm_msg").header(), null, null, null, List.of(payload));
            client.send(Channel.SHELL, ok);
            Message got = handler.next(TIMEOUT).message();
            assertEquals(ok.msgId(), got.msgId());
            assertArrayEquals(payload, got.buffers().get(0));
            assertNull(handler.received.poll());
        }
    }

    @Test
    void aHundredMegabyteFrameWithDefaultOptionsDoesNotHurt() throws Exception {
        KernelServer server = start();
        try (WireClient big = new WireClient(server.connectionInfo(), "big")) {
            Message huge = new Message(List.of(), big.request("execute_request").header(), null, null, null,
                    List.of(new byte[100 << 20]));
            big.send(Channel.SHELL, huge);
            WireClient client = client(server, "c");
            Message good = client.send(Channel.SHELL, client.request("execute_request"));
            assertEquals(good.msgId(), handler.next(TIMEOUT).message().msgId());
            assertArrayEquals(utf8("ping"), ping(client));
        }
    }
}
