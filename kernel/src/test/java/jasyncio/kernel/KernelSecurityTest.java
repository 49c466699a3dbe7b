package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a real kernel process does with its connection file's security settings: who may read
 * the file, which address the sockets listen on, whether messages must be signed. (That no
 * forged or replayed message runs when a key is set is the {@link WireFuzzerTest}'s job.)
 */
class KernelSecurityTest {
    private static String result(KernelClient client, String code) {
        Message request = client.execute(code);
        assertEquals("ok", client.replyTo(client.shell, request).content().get("status").getAsString());
        return client.iopubOf(request).stream().filter(m -> m.msgType().equals("execute_result"))
                .map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString())
                .findFirst().orElse("");
    }

    @Test
    void aConnectionFileOthersCanReadIsWarnedAboutAndAnUnsignedCellDoesNotRun() throws Exception {
        try (KernelProcess kernel = new KernelProcess(file -> { }, "rw-r--r--");
             KernelClient client = new KernelClient(kernel)) {
            KernelTesting.awaitReady(client);
            KernelTesting.awaitInterpreter(client);
            assertTrue(kernel.logText().contains("is readable by group or others (rw-r--r--)"), kernel.logText());
            assertEquals("0", result(client, "var unsignedHits = new java.util.concurrent.atomic.AtomicInteger();\n0"));
            // A cell sent unsigned (empty signature frame), then the same cell signed: only the
            // signed one runs, and the one reply is the signed one's.
            Message cell = client.request("execute_request", KernelTesting.executeContent("unsignedHits.incrementAndGet();"));
            List<byte[]> frames = new ArrayList<>(client.codec.encode(cell));
            frames.set(1, new byte[0]);
            client.sendFrames(client.shell, frames);
            client.send(client.shell, cell);
            client.replyTo(client.shell, cell);
            assertEquals("1", result(client, "unsignedHits.get()"), "only the signed copy ran");
        }
    }

    @Test
    void signedRequestsOfUnknownTypesCannotFloodTheLog() throws Exception {
        try (KernelProcess kernel = new KernelProcess(); KernelClient client = new KernelClient(kernel)) {
            KernelTesting.awaitReady(client);
            long before = WireFuzzer.lineCount(kernel.log);
            for (int i = 0; i < 500; i++) {
                client.send(i % 2 == 0 ? client.control : client.stdin, client.request("nonsense_" + i, new JsonObject()));
            }
            Message sync = client.send(client.control, client.request("kernel_info_request", new JsonObject()));
            client.replyTo(client.control, sync);
            long lines = WireFuzzer.lineCount(kernel.log) - before;
            // before the fix: one line each, 500 lines
            assertTrue(lines > 0 && lines <= 60, lines + " log lines for 500 ignored requests:\n" + kernel.logText());
        }
    }

    @Test
    void socketsListenOnlyOnTheFilesAddress() throws Exception {
        // Linux routes all of 127/8 to lo: a socket bound to 0.0.0.0 would accept on 127.0.0.1 too.
        try (KernelProcess kernel = new KernelProcess(file -> file.addProperty("ip", "127.0.0.2"), "rw-------")) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!accepts("127.0.0.2", kernel.ports[4])) {
                assertTrue(kernel.process.isAlive(), kernel.logText());
                assertTrue(System.nanoTime() < deadline, "the kernel never listened on 127.0.0.2");
                Thread.sleep(50);
            }
            for (int port : kernel.ports) {
                assertTrue(accepts("127.0.0.2", port), "port " + port + " on the file's address");
                assertFalse(accepts("127.0.0.1", port), "port " + port + " answers on 127.0.0.1, not in the file");
            }
            assertFalse(kernel.logText().contains("readable by group or others"), kernel.logText());
        }
    }

    private static boolean accepts(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    @Test
    void anEmptyKeyInTheFileTurnsSigningOffWithAWarning() throws Exception {
        try (KernelProcess kernel = new KernelProcess(file -> file.addProperty("key", ""), "rw-------");
             KernelClient client = new KernelClient(kernel)) {
            KernelTesting.awaitReady(client);
            KernelTesting.awaitInterpreter(client);
            assertEquals("", new String(client.codec.encode(client.request("kernel_info_request", new JsonObject()))
                    .get(1), StandardCharsets.US_ASCII), "the client signs nothing");
            assertEquals("2", result(client, "1 + 1"));
            assertTrue(kernel.logText().contains("WARNING: the connection file has an empty key"), kernel.logText());
        }
    }

    @Test
    void aMissingKeyIsAnErrorNotAnOpenKernel() throws Exception {
        try (KernelProcess kernel = new KernelProcess(file -> file.remove("key"), "rw-------")) {
            assertTrue(kernel.awaitExit(60_000), "a kernel without a key kept running");
            assertNotEquals(0, kernel.process.exitValue());
            assertTrue(kernel.logText().contains("no \"key\""), kernel.logText());
        }
    }
}
