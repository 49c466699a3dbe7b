package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Requests of every type to one real kernel process over real ZeroMQ sockets. */
class KernelProtocolTest extends OneKernelTest {
    private static String text(List<Message> iopub, String msgType) {
        return iopub.stream().filter(m -> m.msgType().equals(msgType))
                .map(m -> m.msgType().equals("stream") ? m.content().get("text").getAsString()
                        : m.content().getAsJsonObject("data").get("text/plain").getAsString())
                .collect(Collectors.joining());
    }

    @Test
    void kernelInfoSaysJavaAndTheCoroutineMechanism() {
        Message request = client.send(client.shell, client.request("kernel_info_request", new JsonObject()));
        JsonObject content = client.replyTo(client.shell, request).content();
        assertEquals("ok", content.get("status").getAsString());
        assertEquals("5.5", content.get("protocol_version").getAsString());
        JsonObject language = content.getAsJsonObject("language_info");
        assertEquals("java", language.get("name").getAsString());
        for (String field : List.of("version", "mimetype", "file_extension", "pygments_lexer", "codemirror_mode")) {
            assertTrue(language.has(field), field);
        }
        assertTrue(content.get("coroutine_mechanism").getAsString().startsWith("continuation"), content.toString());
        assertTrue(content.get("default_executor").getAsString().startsWith("virtual threads"), content.toString());
        List<Message> iopub = client.iopubOf(request);
        assertEquals("busy", iopub.get(0).content().get("execution_state").getAsString());
    }

    @Test
    void executeSendsInputThenResultThenReply() {
        Message request = client.execute("int x = 20;\nx * 2 + 2");
        Message reply = client.replyTo(client.shell, request);
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
        List<Message> iopub = client.iopubOf(request);
        List<String> types = iopub.stream().map(Message::msgType).toList();
        assertEquals(List.of("status", "execute_input", "execute_result", "status"), types);
        assertEquals("42", text(iopub, "execute_result"));
        assertEquals(reply.content().get("execution_count").getAsInt(),
                iopub.get(1).content().get("execution_count").getAsInt());
    }

    @Test
    void whatACellPrintsComesBeforeItsResultOrItsError() {
        // Printed in the snippet that gives the value, so no output flush can happen in between.
        Message shown = client.execute("((Supplier<Integer>) () -> { System.out.println(\"printed\"); return 42; }).get()");
        client.replyTo(client.shell, shown);
        assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"),
                client.iopubOf(shown).stream().map(Message::msgType).toList());
        Message failed = client.execute("System.out.println(\"printed\");\nthrow new IllegalStateException(\"boom\");");
        client.replyTo(client.shell, failed);
        assertEquals(List.of("status", "execute_input", "stream", "error", "status"),
                client.iopubOf(failed).stream().map(Message::msgType).toList());
    }

    @Test
    void aTrailingSemicolonHidesTheResult() {
        Message request = client.execute("var xs = new ArrayList<Integer>();\nxs.add(1);");
        client.replyTo(client.shell, request);
        assertEquals(List.of("status", "execute_input", "status"), client.iopubOf(request).stream().map(Message::msgType).toList());
        Message shown = client.execute("xs.add(2)");
        client.replyTo(client.shell, shown);
        assertEquals("true", text(client.iopubOf(shown), "execute_result"));
    }

    @Test
    void displaySendsDisplayDataInOrderWithPrintedText() {
        Message request = client.execute("System.out.println(\"before\");\ndisplay(\"text/html\", \"<b>x</b>\");");
        client.replyTo(client.shell, request);
        List<Message> iopub = client.iopubOf(request);
        List<String> types = iopub.stream().map(Message::msgType).toList();
        assertEquals(List.of("status", "execute_input", "stream", "display_data", "status"), types);
        JsonObject data = iopub.get(3).content().getAsJsonObject("data");
        assertEquals("<b>x</b>", data.get("text/html").getAsString());
        assertTrue(data.has("text/plain"));
    }

    @Test
    void printedTextComesBeforeTheResultAndTheError() {
        Message shown = client.execute("System.out.println(\"printed\");\nSystem.err.println(\"warned\");\n42");
        client.replyTo(client.shell, shown);
        assertEquals(List.of("status", "execute_input", "stream", "stream", "execute_result", "status"),
                client.iopubOf(shown).stream().map(Message::msgType).toList());
        Message failing = client.execute("System.out.println(\"printed\");\nthrow new IllegalStateException(\"boom\");");
        client.replyTo(client.shell, failing);
        assertEquals(List.of("status", "execute_input", "stream", "error", "status"),
                client.iopubOf(failing).stream().map(Message::msgType).toList());
    }

    @Test
    void topLevelAwaitAndTasksThatOutliveTheirCell() {
        Message first = client.execute("var log = new java.util.concurrent.CopyOnWriteArrayList<String>();\n"
                + "var background = createTask(async(() -> { await(sleep(0.2)); log.add(\"late\"); return 7; }));");
        assertEquals("ok", client.replyTo(client.shell, first).content().get("status").getAsString());
        Message second = client.execute("await(background) + log.size()");
        assertEquals("ok", client.replyTo(client.shell, second).content().get("status").getAsString());
        assertEquals("8", text(client.iopubOf(second), "execute_result"));
    }

    @Test
    void outputIsBatchedInOrderAndComplete() {
        Message request = client.execute("for (int i = 0; i < 20000; i++) System.out.println(i);\n"
                + "System.err.println(\"err\");\nSystem.out.print(\"last\");");
        client.replyTo(client.shell, request);
        List<Message> iopub = client.iopubOf(request);
        String expected = java.util.stream.IntStream.range(0, 20000).mapToObj(i -> i + "\n").collect(Collectors.joining()) + "last";
        String stdout = iopub.stream().filter(m -> m.msgType().equals("stream") && m.content().get("name").getAsString().equals("stdout"))
                .map(m -> m.content().get("text").getAsString()).collect(Collectors.joining());
        assertEquals(expected, stdout);
        long streamMessages = iopub.stream().filter(m -> m.msgType().equals("stream")).count();
        assertTrue(streamMessages < 20, "20,000 lines must come in a few batches, not " + streamMessages + " messages");
    }

    @Test
    void aThrowingCellIsAnErrorAndTheNextCellRuns() {
        Message request = client.execute("throw new IllegalStateException(\"boom\");");
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("IllegalStateException", reply.get("ename").getAsString());
        assertEquals("boom", reply.get("evalue").getAsString());
        assertTrue(client.iopubOf(request).stream().anyMatch(m -> m.msgType().equals("error")));
        Message next = client.execute("1 + 1");
        assertEquals("ok", client.replyTo(client.shell, next).content().get("status").getAsString());
    }

    @Test
    void anExceptionNoTaskRetrievedIsShownUnderTheCell() {
        Message request = client.execute("createTask(async(() -> { throw new IllegalStateException(\"lost\"); }), \"orphan\");\n"
                + "await(sleep(0.01));");
        assertEquals("ok", client.replyTo(client.shell, request).content().get("status").getAsString());
        String stderr = client.iopubOf(request).stream()
                .filter(m -> m.msgType().equals("stream") && m.content().get("name").getAsString().equals("stderr"))
                .map(m -> m.content().get("text").getAsString()).collect(Collectors.joining());
        assertTrue(stderr.contains("Task exception was never retrieved"), stderr);
        assertTrue(stderr.contains("orphan") && stderr.contains("lost"), stderr);
    }

    @Test
    void stopOnErrorAbortsTheQueuedExecutes() {
        Message failing = client.execute("await(sleep(0.3));\nthrow new RuntimeException(\"first\");");
        Message queued = client.execute("System.out.println(\"must not run\");");
        assertEquals("error", client.replyTo(client.shell, failing).content().get("status").getAsString());
        JsonObject aborted = client.replyTo(client.shell, queued).content();
        assertEquals("aborted", aborted.get("status").getAsString());
        Message after = client.execute("3");
        assertEquals("ok", client.replyTo(client.shell, after).content().get("status").getAsString());
    }

    @Test
    void systemExitEndsTheCellNotTheKernel() {
        Message request = client.execute("System.exit(3);");
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertEquals("error", reply.get("status").getAsString());
        assertTrue(reply.get("evalue").getAsString().contains("exit"), reply.toString());
        assertTrue(kernel.process.isAlive());
        Message next = client.execute("\"still here\"");
        client.replyTo(client.shell, next);
        assertEquals("\"still here\"", text(client.iopubOf(next), "execute_result"));
    }

    @Test
    void heartbeatAnswersWhileACellIsBusy() {
        Message busy = client.execute("long end = System.nanoTime() + 1_500_000_000L; while (System.nanoTime() < end) { }");
        double worst = 0;
        for (int i = 0; i < 5; i++) {
            worst = Math.max(worst, client.ping());
        }
        assertEquals("ok", client.replyTo(client.shell, busy).content().get("status").getAsString());
        assertTrue(worst < 1000, "heartbeat took " + worst + " ms while busy");
    }

    @Test
    void interruptStopsAnAwaitABusyLoopAndASleep() throws Exception {
        // Each cell says on stdout that it is where it must be stopped (the await's by a callback,
        // which runs once the cell's task is suspended): an interrupt before its cell began would
        // be ignored. Each would run 60 s: one that is not stopped fails replyTo's 20 s wait.
        for (String cell : List.of("loop().callSoon(() -> System.out.print(\"waiting\"));\nawait(sleep(60));",
                "System.out.print(\"spinning\");\nwhile (true) { }",
                "System.out.print(\"sleeping\");\nThread.sleep(60_000);")) {
            Message request = client.execute(cell);
            client.iopubOf(request, m -> m.msgType().equals("stream"));
            client.send(client.control, client.request("interrupt_request", new JsonObject()));
            JsonObject reply = client.replyTo(client.shell, request).content();
            assertEquals("error", reply.get("status").getAsString(), cell);
            Message next = client.execute("40 + 2");
            client.replyTo(client.shell, next);
            assertEquals("42", text(client.iopubOf(next), "execute_result"), "the cell after " + cell);
        }
        KernelTesting.assertIdleCpu(kernel.process.pid());
    }

    @Test
    void aMessageWithABadSignatureIsNeverExecuted() throws Exception {
        Path marker = kernel.directory.resolve("forged");
        Message forged = client.request("execute_request", KernelTesting.executeContent(
                "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"ran\");"));
        List<byte[]> frames = new java.util.ArrayList<>(client.codec.encode(forged));
        frames.set(1, "0".repeat(64).getBytes()); // the signature frame (no identities from a DEALER)
        client.sendFrames(client.shell, frames);
        client.sendFrames(client.shell, List.of("garbage".getBytes(), "<IDS|MSG>".getBytes(), "x".getBytes()));
        Message valid = client.execute("\"valid\"");
        client.replyTo(client.shell, valid);
        assertFalse(Files.exists(marker), "an unsigned message was executed");
        assertTrue(kernel.logText().contains("dropped"), kernel.logText());
    }

    @Test
    void completeInspectIsCompleteHistoryCommInfo() {
        JsonObject complete = new JsonObject();
        complete.addProperty("code", "Math.ma");
        complete.addProperty("cursor_pos", 7);
        Message c = client.send(client.shell, client.request("complete_request", complete));
        JsonObject cr = client.replyTo(client.shell, c).content();
        assertTrue(cr.getAsJsonArray("matches").toString().contains("max"), cr.toString());
        assertEquals(5, cr.get("cursor_start").getAsInt());

        JsonObject inspect = new JsonObject();
        inspect.addProperty("code", "Math.max");
        inspect.addProperty("cursor_pos", 8);
        inspect.addProperty("detail_level", 0);
        Message i = client.send(client.shell, client.request("inspect_request", inspect));
        JsonObject ir = client.replyTo(client.shell, i).content();
        assertTrue(ir.get("found").getAsBoolean(), ir.toString());

        for (var sample : List.of(List.of("int x = 1;", "complete"), List.of("void f() {", "incomplete"), List.of("int x = 3 3;", "invalid"))) {
            JsonObject code = new JsonObject();
            code.addProperty("code", sample.get(0));
            Message m = client.send(client.shell, client.request("is_complete_request", code));
            assertEquals(sample.get(1), client.replyTo(client.shell, m).content().get("status").getAsString(), sample.get(0));
        }

        JsonObject history = new JsonObject();
        history.addProperty("hist_access_type", "tail");
        history.addProperty("n", 2);
        history.addProperty("output", false);
        history.addProperty("raw", true);
        Message h = client.send(client.shell, client.request("history_request", history));
        JsonObject hr = client.replyTo(client.shell, h).content();
        assertEquals("ok", hr.get("status").getAsString());

        Message ci = client.send(client.shell, client.request("comm_info_request", new JsonObject()));
        assertEquals(new JsonObject(), client.replyTo(client.shell, ci).content().getAsJsonObject("comms"));
    }

    @Test
    void systemInBecomesAnInputRequest() {
        Message request = client.execute("new java.util.Scanner(System.in).nextLine().toUpperCase()", true, true);
        Message inputRequest = client.receive(client.stdin);
        assertEquals("input_request", inputRequest.msgType());
        JsonObject value = new JsonObject();
        value.addProperty("value", "typed");
        Message reply = new Message(List.of(), client.factory.newHeader("input_reply"), inputRequest.header(),
                new JsonObject(), value, List.of());
        client.send(client.stdin, reply);
        client.replyTo(client.shell, request);
        assertEquals("\"TYPED\"", text(client.iopubOf(request), "execute_result"));
    }
}
