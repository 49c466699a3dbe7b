package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageCodec;
import jasyncio.kernel.wire.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * What front ends need of the kernel (issue 13), over real sockets: replies that need no
 * interpreter from the first moment, is_complete for magics, messaging 5.5 (kernel_info on
 * control, supported_features, usage and debug requests, iopub_welcome), errors named and
 * coloured as ipykernel's, display() without an Out[], and task names that speak of cells.
 */
class FrontEndTest extends OneKernelTest {

    private static JsonObject content(String... pairs) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            o.addProperty(pairs[i], pairs[i + 1]);
        }
        return o;
    }

    private JsonObject isComplete(KernelClient c, String code) {
        Message request = c.send(c.shell, c.request("is_complete_request", content("code", code)));
        return c.replyTo(c.shell, request).content();
    }

    private JsonObject onControl(String msgType, JsonObject content) {
        Message request = client.send(client.control, client.request(msgType, content));
        Message reply = client.replyTo(client.control, request);
        assertEquals(msgType.replace("_request", "_reply"), reply.msgType());
        return reply.content();
    }

    @Test
    void requestsThatNeedNoInterpreterAreAnsweredBeforeItExists() throws Exception {
        try (KernelProcess fresh = new KernelProcess(); KernelClient c = new KernelClient(fresh)) {
            // The cell waits for JShell (a second or more); all that follows it must be answered first.
            Message cell = c.execute("1 + 1");
            Message info = c.send(c.shell, c.request("kernel_info_request", new JsonObject()));
            Message block = c.send(c.shell, c.request("is_complete_request", content("code", "for (int i = 0; i < 3; i++) {")));
            Message magic = c.send(c.shell, c.request("is_complete_request", content("code", "%%trace")));
            JsonObject completion = content("code", "System.currentTimeM");
            completion.addProperty("cursor_pos", 19);
            Message complete = c.send(c.shell, c.request("complete_request", completion));
            Message controlInfo = c.send(c.control, c.request("kernel_info_request", new JsonObject()));
            List<String> order = new ArrayList<>();
            Map<String, JsonObject> replies = new java.util.HashMap<>();
            while (!order.contains("execute_reply")) {
                Message m = c.receive(c.shell);
                order.add(m.msgType());
                replies.put(m.parentMsgId(), m.content());
            }
            assertEquals(List.of("kernel_info_reply", "is_complete_reply", "is_complete_reply", "complete_reply", "execute_reply"),
                    order, "everything but the cell is answered while JShell starts");
            assertEquals("5.5", replies.get(info.msgId()).get("protocol_version").getAsString());
            assertEquals("incomplete", replies.get(block.msgId()).get("status").getAsString());
            assertEquals("    ", replies.get(block.msgId()).get("indent").getAsString());
            assertEquals("incomplete", replies.get(magic.msgId()).get("status").getAsString());
            JsonObject completed = replies.get(complete.msgId());
            assertTrue(completed.getAsJsonArray("matches").asList().stream().anyMatch(m -> m.getAsString().equals("currentTimeMillis()")),
                    completed.toString());
            assertEquals(7, completed.get("cursor_start").getAsInt());
            assertEquals(19, completed.get("cursor_end").getAsInt());
            assertEquals("ok", replies.get(cell.msgId()).get("status").getAsString());
            assertEquals("kernel_info_reply", c.replyTo(c.control, controlInfo).msgType());
            // History now holds the cell: asked after it, it is answered after it.
            Message history = c.send(c.shell, c.request("history_request", content("hist_access_type", "tail")));
            JsonArray entries = c.replyTo(c.shell, history).content().getAsJsonArray("history");
            assertEquals("1 + 1", entries.get(entries.size() - 1).getAsJsonArray().get(2).getAsString());
        }
    }

    @Test
    void magicsAndOpenBlocksAreAnsweredAtOnceEvenWhileACellRuns() throws Exception {
        Message busy = client.execute("System.out.println(\"started\");\nThread.sleep(60_000);");
        client.iopubOf(busy, m -> m.msgType().equals("stream")); // the cell runs, the loop thread is taken
        Message magic = client.send(client.shell, client.request("is_complete_request", content("code", "%%trace")));
        Message open = client.send(client.shell, client.request("is_complete_request", content("code", "if (x > 1) {\n    y++;")));
        Message info = client.send(client.shell, client.request("comm_info_request", new JsonObject()));
        Message first = client.receive(client.shell);
        Message second = client.receive(client.shell);
        Message third = client.receive(client.shell);
        assertEquals(magic.msgId(), first.parentMsgId());
        assertEquals("incomplete", first.content().get("status").getAsString());
        assertEquals(open.msgId(), second.parentMsgId()); // a line of a block: no need to wait for JShell
        assertEquals("incomplete", second.content().get("status").getAsString());
        assertEquals("    ", second.content().get("indent").getAsString());
        assertEquals(info.msgId(), third.parentMsgId());
        client.interrupt();
        JsonObject reply = client.replyTo(client.shell, busy).content();
        assertEquals("error", reply.get("status").getAsString());
    }

    @Test
    void isCompleteUnderstandsMagics() {
        assertEquals("incomplete", isComplete(client, "%%trace").get("status").getAsString());
        assertEquals("incomplete", isComplete(client, "%%trace --cpython").get("status").getAsString());
        assertEquals("complete", isComplete(client, "%%trace\nawait(sleep(0.05));").get("status").getAsString());
        JsonObject open = isComplete(client, "%%trace\nfor (int i = 0; i < 2; i++) {");
        assertEquals("incomplete", open.get("status").getAsString());
        assertEquals("    ", open.get("indent").getAsString());
        assertEquals("complete", isComplete(client, "%%trace\nfor (int i = 0; i < 2; i++) {\n    await(sleep(0.01));\n}")
                .get("status").getAsString());
        assertEquals("invalid", isComplete(client, "%%time\nint x = 3 3;").get("status").getAsString()); // the body is Java: JShell's verdict
        assertEquals("complete", isComplete(client, "%tasks").get("status").getAsString());
        assertEquals("complete", isComplete(client, "%classpath /tmp/some dir/").get("status").getAsString());
        assertEquals("incomplete", isComplete(client, "%run_until_complete gather(").get("status").getAsString());
        assertEquals("complete", isComplete(client, "%%trace?").get("status").getAsString());
    }

    @Test
    void protocolFiveFiveOnControl() {
        for (ZMQ.Socket socket : List.of(client.shell, client.control)) {
            Message request = client.send(socket, client.request("kernel_info_request", new JsonObject()));
            Message reply = client.replyTo(socket, request);
            JsonObject info = reply.content();
            assertEquals("5.5", info.get("protocol_version").getAsString());
            assertEquals(new JsonArray(), info.getAsJsonArray("supported_features")); // no debugger, no subshells
            assertEquals("5.5", reply.header().get("version").getAsString());
        }
        JsonObject debug = onControl("debug_request", content("type", "request", "command", "debugInfo"));
        assertEquals("error", debug.get("status").getAsString());
        assertFalse(debug.get("success").getAsBoolean());
        assertEquals("debugInfo", debug.get("command").getAsString());
        assertTrue(debug.get("message").getAsString().contains("no debugger"), debug.toString());
    }

    @Test
    void usageIsAnsweredOnControlAsIpykernelAnswersIt() throws Exception {
        JsonObject usage = onControl("usage_request", new JsonObject());
        assertEquals(kernel.process.pid(), usage.get("pid").getAsLong());
        long rss = KernelTesting.residentKilobytes(kernel.process.pid()) * 1024;
        long memory = usage.get("kernel_memory").getAsLong();
        assertTrue(memory > rss / 4 && memory <= 2 * rss, "kernel_memory " + memory + " beside RSS " + rss);
        assertTrue(usage.get("cpu_count").getAsInt() >= Runtime.getRuntime().availableProcessors(), usage.toString());
        JsonObject host = usage.getAsJsonObject("host_virtual_memory");
        for (String field : List.of("total", "available", "percent", "used", "free", "active", "inactive", "buffers", "cached",
                "shared", "slab")) {
            assertTrue(host.has(field), field + " in " + host);
        }
        assertTrue(host.get("total").getAsLong() >= host.get("available").getAsLong(), host.toString());
        // A cell that computes for a while: the next request sees the kernel's CPU busy since the last.
        CellRun.ok(client, "long spin = 0;\nlong until = System.nanoTime() + 300_000_000L;\nwhile (System.nanoTime() < until) { spin++; }");
        JsonObject after = onControl("usage_request", new JsonObject());
        assertTrue(after.get("kernel_cpu").getAsDouble() > 0, after.toString());
    }

    @Test
    void eachSubscriptionIsWelcomedOnIopub() throws Exception {
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.setReceiveTimeOut(KernelClient.TIMEOUT_MILLIS);
            sub.subscribe(new byte[0]);
            sub.connect("tcp://127.0.0.1:" + kernel.ports[1]);
            List<byte[]> frames = new ArrayList<>();
            frames.add(sub.recv(0));
            while (sub.hasReceiveMore()) {
                frames.add(sub.recv(0));
            }
            // A codec of its own: the client's remembers signatures, and its SUB gets this welcome too.
            Message welcome = new MessageCodec(Signer.of(kernel.key)).decode(frames);
            assertEquals("iopub_welcome", welcome.msgType());
            assertEquals("", welcome.content().get("subscription").getAsString());
            assertEquals(new JsonObject(), welcome.parentHeader());
        }
    }

    @Test
    void errorsAreNamedAndColouredAsIpykernelShowsThem() {
        CellRun run = CellRun.of(client, "int q = 1;\nint r = q / 0;");
        assertEquals("error", run.status());
        int count = run.reply().get("execution_count").getAsInt();
        assertEquals("ArithmeticException", run.ename());
        assertEquals("/ by zero", run.evalue());
        JsonArray traceback = run.reply().getAsJsonArray("traceback");
        assertEquals("\u001b[0;31m" + "-".repeat(75) + "\u001b[0m", traceback.get(0).getAsString());
        assertTrue(run.plainTraceback().contains("Cell In[" + count + "], line 2\n      1 int q = 1;\n----> 2 int r = q / 0;"),
                run.plainTraceback());
        assertTrue(run.plainTraceback().endsWith("ArithmeticException: / by zero"), run.plainTraceback());
        assertFalse(run.plainTraceback().contains("REPL.") || run.plainTraceback().contains("jasyncio."), run.plainTraceback());
        JsonObject error = run.iopub().stream().filter(m -> m.msgType().equals("error")).findFirst().orElseThrow().content();
        assertEquals(traceback, error.getAsJsonArray("traceback"));
    }

    @Test
    void anInterruptedBusyCellSaysTheUserInterruptedIt() throws Exception {
        Message request = client.execute("System.out.println(\"spinning\");\nlong n = 0;\nwhile (true) { n++; }");
        client.iopubOf(request, m -> m.msgType().equals("stream"));
        client.interrupt();
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertEquals("KeyboardInterrupt", reply.get("ename").getAsString());
        assertEquals("the user interrupted the cell", reply.get("evalue").getAsString());
        String text = String.join("\n", reply.getAsJsonArray("traceback").asList().stream().map(e -> e.getAsString()).toList());
        assertFalse(text.contains("jasyncio.kernel"), text);
    }

    @Test
    void displayAsTheLastStatementShowsNoOutButReturnsItsHandle() {
        CellRun shown = CellRun.ok(client, "display(\"shown once\")");
        assertEquals(List.of("display_data"), shown.types().stream().filter(t -> !t.equals("status") && !t.equals("execute_input")).toList());
        assertEquals(null, shown.result());
        CellRun handle = CellRun.ok(client, "var h = display(\"first\");\nh.update(\"second\");\nh.id().isEmpty()");
        assertTrue(handle.types().contains("update_display_data"), handle.toString());
        assertEquals("false", handle.result());
    }

    @Test
    void tasksAndCoroutinesAreNamedAfterTheirCells() {
        CellRun made = CellRun.ok(client, "var sleeper = createTask(async(() -> {\n    await(sleep(30));\n    return 1;\n}), \"sleeper\");\n"
                + "await(sleep(0.01));\nsleeper");
        int count = made.reply().get("execution_count").getAsInt();
        assertTrue(made.result().contains("coro=<coroutine Cell In[" + count + "], line 1 suspended>"), made.result());
        String tasks = CellRun.ok(client, "%tasks").stream("stdout");
        assertTrue(tasks.contains("sleeper") && tasks.contains("at Cell In[" + count + "], line 2, in lambda: await(sleep(30));"), tasks);
        assertFalse(tasks.contains("REPL.") || tasks.contains("$JShell"), tasks);
        CellRun.ok(client, "sleeper.cancel();");
    }

    @Test
    void anExceptionNoTaskRetrievedIsReportedInCellLines() {
        CellRun run = CellRun.ok(client, "createTask(async(() -> {\n    throw new IllegalStateException(\"lost\");\n}), \"orphan\");\n"
                + "await(sleep(0.01));");
        int count = run.reply().get("execution_count").getAsInt();
        String stderr = run.stream("stderr");
        assertTrue(stderr.contains("Task exception was never retrieved"), stderr);
        assertTrue(stderr.contains("coro=<coroutine Cell In[" + count + "], line 1 done>"), stderr);
        assertTrue(stderr.contains("Cell In[" + count + "], line 2, in lambda\n"), stderr);
        assertTrue(stderr.contains("IllegalStateException: lost"), stderr);
        assertFalse(stderr.contains("REPL.") || stderr.contains("jasyncio.loop") || stderr.contains("\u001b["), stderr);
    }

    @Test
    void aRedefinitionNamesTheVariablesItTakesInTheCellsOutput() {
        CellRun.ok(client, "record Spot(int x) {}");
        CellRun.ok(client, "var spot = new Spot(3);\nint kept = spot.x() * 2;");
        CellRun redefined = CellRun.ok(client, "record Spot(int x, int y) {}");
        assertTrue(redefined.stream("stderr").contains("note: variable spot (Spot) is gone, and its value Spot[x=3] with it"),
                redefined.stream("stderr"));
        assertEquals("6", CellRun.ok(client, "kept").result());
    }

    @Test
    void housekeepingThatCannotStartSaysSoInTheLogAndInLoop() throws Exception {
        try (KernelProcess closed = KernelProcess.withoutJShellOpens(); KernelClient c = new KernelClient(closed)) {
            KernelTesting.awaitReady(c);
            String loop = CellRun.ok(c, "%loop").stream("stdout");
            assertTrue(loop.contains("note: JShell's internals cannot be reached"), loop);
            String log = closed.logText();
            assertEquals(1, log.split("JShell's internals cannot be reached", -1).length - 1, log);
            CellRun.ok(c, "1 + 1");
            assertEquals(1, closed.logText().split("JShell's internals cannot be reached", -1).length - 1, "said once");
        }
    }
}
