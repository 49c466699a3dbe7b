package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import org.junit.jupiter.api.Test;

/** shutdown_request, with and without restart: a reply, then the process ends and frees its ports. */
class KernelShutdownTest {
    private static Message shutdown(KernelClient client, boolean restart) {
        JsonObject content = new JsonObject();
        content.addProperty("restart", restart);
        return client.send(client.control, client.request("shutdown_request", content));
    }

    @Test
    void shutdownRepliesThenExitsEvenWithACellRunning() throws Exception {
        try (KernelProcess kernel = new KernelProcess(); KernelClient client = new KernelClient(kernel)) {
            KernelTesting.awaitReady(client);
            KernelTesting.awaitInterpreter(client); // the cell runs, not waits for JShell
            client.execute("var t = createTask(async(() -> { try { await(sleep(60)); } finally { System.out.println(\"cleaned\"); } }));\n"
                    + "while (true) { }");
            Thread.sleep(300);
            Message request = shutdown(client, false);
            JsonObject reply = client.replyTo(client.control, request).content();
            assertEquals("ok", reply.get("status").getAsString());
            assertFalse(reply.get("restart").getAsBoolean());
            assertTrue(kernel.awaitExit(10_000), "the kernel did not exit: " + kernel.logText());
            assertEquals(0, kernel.process.exitValue(), kernel.logText());
        }
    }

    @Test
    void aShutdownWhileJShellIsStillStartingDoesNotWaitForIt() throws Exception {
        try (KernelProcess kernel = new KernelProcess(); KernelClient client = new KernelClient(kernel)) {
            // kernel_info is answered at once; JShell takes a second or more to start after it.
            client.replyTo(client.shell, client.send(client.shell, client.request("kernel_info_request", new JsonObject())));
            Message request = shutdown(client, true);
            assertEquals("ok", client.replyTo(client.control, request).content().get("status").getAsString());
            assertTrue(kernel.awaitExit(10_000), "the kernel did not exit: " + kernel.logText());
            assertEquals(0, kernel.process.exitValue(), kernel.logText());
            assertTrue(kernel.logText().contains("shutdown before the interpreter was ready"), kernel.logText());
        }
    }

    @Test
    void aRestartedKernelRunsOnTheSamePorts() throws Exception {
        try (KernelProcess kernel = new KernelProcess()) {
            for (int round = 0; round < 3; round++) {
                try (KernelClient client = new KernelClient(kernel)) {
                    KernelTesting.awaitReady(client);
                    KernelTesting.awaitInterpreter(client);
                    Message cell = client.execute("\"round " + round + "\"");
                    assertEquals("ok", client.replyTo(client.shell, cell).content().get("status").getAsString());
                    Message request = shutdown(client, true);
                    assertTrue(client.replyTo(client.control, request).content().get("restart").getAsBoolean());
                    assertTrue(kernel.awaitExit(10_000), kernel.logText());
                }
                kernel.launch(); // what a KernelManager does on restart: the same connection file
            }
        }
    }
}
