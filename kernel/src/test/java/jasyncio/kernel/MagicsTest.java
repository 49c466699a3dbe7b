package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** Every magic, through one real kernel process over real ZeroMQ sockets. */
class MagicsTest extends OneKernelTest {
    private CellRun run(String code) {
        return CellRun.of(client, code);
    }

    private CellRun ok(String code) {
        return CellRun.ok(client, code);
    }

    private static int indexOf(String text, int from, String part) {
        int i = text.indexOf(part, from);
        assertTrue(i >= 0, "'" + part + "' not after " + from + " in\n" + text);
        return i;
    }

    @Test
    void lsmagicListsEveryMagic() {
        String list = ok("%lsmagic").result();
        for (String magic : List.of("%run_until_complete", "%tasks", "%loop", "%time", "%%time", "%%trace", "%trace",
                "%classpath", "%lsmagic", "%help", "%virtual_time", "%%virtual_time")) {
            assertTrue(list.contains(magic + " ") || list.contains(magic + "\n") || list.endsWith(magic), magic + " in " + list);
        }
    }

    @Test
    void helpIsAPagerPayload() {
        assertTrue(ok("%tasks?").page().contains("python -m asyncio ps"));
        assertTrue(ok("%help loop").page().contains("coroutine mechanism"));
        String trace = ok("%%trace?").page();
        assertTrue(trace.contains("--cpython") && trace.contains("--limit"), trace);
    }

    @Test
    void anUnknownMagicIsAnErrorListingTheKnownOnes() {
        CellRun run = run("%nosuch 1");
        assertEquals("error", run.status());
        assertEquals("UsageError", run.reply().get("ename").getAsString());
        String evalue = run.reply().get("evalue").getAsString();
        assertTrue(evalue.contains("%nosuch") && evalue.contains("%run_until_complete") && evalue.contains("%%trace"), evalue);
        assertTrue(run.iopub().stream().anyMatch(m -> m.msgType().equals("error")));
        assertEquals("error", run("%%nosuch\n1").status());
        assertEquals("2", ok("1 + 1").result(), "a cell without % runs as before");
    }

    /** The test issue 4 names: the chain of a one-line coroutine, in order; the player shows it. */
    @Test
    void theTraceOfRunUntilCompleteOfAOneLineCoroutine() {
        CellRun run = ok("%%trace --cpython\n%run_until_complete async(() -> 6 * 7)");
        JsonObject player = run.lastDisplay();
        String trace = player.get("text/plain").getAsString();
        assertTrue(trace.startsWith("trace: "), trace);
        int start = indexOf(trace, 0, "runUntilComplete");
        int created = indexOf(trace, start, "taskCreated Task-");
        String task = trace.substring(created + "taskCreated ".length()).split("[ \n]")[0];
        int callSoon = indexOf(trace, created, "callSoon Handle<" + task + ".step>");
        int pop = indexOf(trace, callSoon, "pop Handle<" + task + ".step>");
        int send = indexOf(trace, pop, "step " + task + " send(null)");
        int done = indexOf(trace, send, "taskDone <Task finished name='" + task + "'");
        indexOf(trace, pop, "ran Handle<" + task + ".step> took");
        assertTrue(trace.indexOf("result=42", done) > done, trace);
        assertTrue(trace.contains("_ready.append") && trace.contains("Task.__step → coro.send(None)"), trace);
        assertTrue(trace.contains("BaseEventLoop.run_until_complete → ensure_future → create_task → Task.__init__"), trace);
        assertEquals("42", run.result());
        assertEquals("", run.stream(), "without --lines no line goes to the stream");
        String html = player.get("text/html").getAsString();
        assertTrue(html.contains("class=\"jasyncio-player\"") && html.contains("class=\"jp-data\"") && html.contains("jasyncioPlayer1"), html.substring(0, 300));
        assertTrue(html.contains("\"" + task + "\""), "the task's name is in the player's data");
        assertTrue(html.contains("self._ready.append(handle)"), "the CPython lines are quoted");
        assertFalse(html.contains("src=\"http") || html.contains("src='http") || html.contains("<link"), "nothing is fetched from the network");
        assertPng(player.get("image/png").getAsString());
        List<String> order = run.iopub().stream().map(Message::msgType).filter(t -> !t.equals("status")).distinct().toList();
        assertEquals(List.of("execute_input", "display_data", "update_display_data", "execute_result"), order);
    }

    static void assertPng(String base64) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)));
            assertNotNull(image, "the PNG decodes");
            assertTrue(image.getWidth() >= 600 && image.getHeight() >= 200, image.getWidth() + "x" + image.getHeight());
            int colors = 0;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int y = 0; y < image.getHeight() && colors < 5; y += 3) {
                for (int x = 0; x < image.getWidth() && colors < 5; x += 3) {
                    if (seen.add(image.getRGB(x, y))) {
                        colors++;
                    }
                }
            }
            assertTrue(colors >= 5, "the PNG is not blank");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * While a traced cell runs, ONE display keeps the count of events and the last lines current:
     * the cell awaits input, and the test answers only once it has seen the display updated. At
     * the end the live display is emptied and the player shown after it.
     */
    @Test
    void theLiveDisplayUpdatesWhileTheCellRunsAndThePlayerEndsIt() {
        Message request = client.execute("%%trace\nawait(sleep(0.001));\nString typed = await(input(\"go? \"));\ntyped.length()", true, true);
        List<Message> before = client.iopubOf(request, m -> m.msgType().equals("update_display_data")
                && m.content().getAsJsonObject("data").get("text/plain").getAsString().contains("events so far"));
        Message live = before.stream().filter(m -> m.msgType().equals("display_data")).findFirst().orElseThrow();
        String id = live.content().getAsJsonObject("transient").get("display_id").getAsString();
        Message update = before.getLast();
        assertEquals(id, update.content().getAsJsonObject("transient").get("display_id").getAsString());
        String text = update.content().getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.matches("(?s)%%trace: \\d+ events so far; the last ones:\n.*select.*"), text);
        assertTrue(text.lines().count() <= 1 + 12, "only the last lines: " + text);
        answerInput("typed");
        client.replyTo(client.shell, request);
        List<Message> after = client.iopubOf(request);
        Message emptied = after.stream().filter(m -> m.msgType().equals("update_display_data")
                && m.content().getAsJsonObject("data").get("text/plain").getAsString().isEmpty()).findFirst().orElseThrow();
        assertEquals(id, emptied.content().getAsJsonObject("transient").get("display_id").getAsString());
        Message player = after.stream().filter(m -> m.msgType().equals("display_data")).findFirst().orElseThrow();
        assertTrue(after.indexOf(emptied) < after.indexOf(player), "the live display goes, then the player comes");
        assertTrue(player.content().getAsJsonObject("data").get("text/html").getAsString().contains("jasyncio-player"));
    }

    private void answerInput(String value) {
        Message inputRequest = client.receive(client.stdin);
        assertEquals("input_request", inputRequest.msgType());
        JsonObject content = new JsonObject();
        content.addProperty("value", value);
        client.send(client.stdin, new Message(List.of(), client.factory.newHeader("input_reply"), inputRequest.header(),
                new JsonObject(), content, List.of()));
    }

    /** --lines streams every line as today, while the cell runs: they arrive before the cell's input is answered. */
    @Test
    void withLinesEveryLineIsStreamedAsItHappens() {
        Message request = client.execute("%%trace --lines\nawait(sleep(0.001));\nawait(input(\"go? \"))", true, true);
        List<Message> before = client.iopubOf(request, m -> m.msgType().equals("stream")
                && m.content().get("text").getAsString().contains(" select timeout="));
        assertTrue(before.stream().noneMatch(m -> m.msgType().equals("display_data")), "no live display with --lines");
        answerInput("x");
        client.replyTo(client.shell, request);
        CellRun run = new CellRun(new JsonObject(), client.iopubOf(request));
        assertTrue(run.lastDisplay().get("text/html").getAsString().contains("jasyncio-player"));
        assertFalse(run.lastDisplay().get("text/plain").getAsString().contains(" select timeout="), "the lines were streamed, not repeated");
    }

    @Test
    void traceOnTracesEveryCellUntilOff() {
        assertTrue(ok("%trace on --filter taskCreated").stream().contains("tracing every cell"));
        try {
            CellRun traced = ok("3 + 4");
            String lines = traced.lastDisplay().get("text/plain").getAsString();
            assertTrue(lines.contains("taskCreated Cell-"), lines);
            assertEquals("7", traced.result());
        } finally {
            ok("%trace off");
        }
        CellRun plain = ok("3 + 5");
        assertEquals("", plain.stream());
        assertTrue(plain.iopub().stream().noneMatch(m -> m.msgType().equals("display_data")));
        String statement = ok("%trace --filter step await(sleep(0.001))").lastDisplay().get("text/plain").getAsString();
        List<String> lines = statement.lines().filter(l -> l.matches("\\+\\d+\\.\\d{3}ms it=\\d+ .*")).toList();
        assertFalse(lines.isEmpty(), statement);
        assertTrue(lines.stream().allMatch(l -> l.contains(" step Cell-")), "only step lines: " + lines);
    }

    /** %loop step runs the kernel's loop by hand between cells, and pictures the state after each iteration. */
    @Test
    void loopStepRunsIterationsOfTheKernelsLoopAndShowsTheState() {
        ok("var bg = createTask(async(() -> { await(sleep(0)); await(sleep(0)); return 5; }), \"bg\");");
        try {
            CellRun first = ok("%loop step");
            JsonObject state = first.lastDisplay();
            String text = state.get("text/plain").getAsString();
            assertTrue(text.contains("ready (1): [Handle<bg.step>]"), text);
            assertTrue(text.matches("(?s).*bg +ready .*"), text);
            assertTrue(text.contains("what iteration") && text.contains("step bg send(None)") && text.contains("yield bg"), text);
            String html = state.get("text/html").getAsString();
            assertTrue(html.matches("(?s).*data-ready-ids=\"\\d+\".*") && html.contains("data-state=\"ready\""), html);
            assertPng(state.get("image/png").getAsString());
            String second = ok("%loop step").lastDisplay().get("text/plain").getAsString();
            assertTrue(second.contains("ready (0): []") && second.contains("taskDone bg result"), second);
            assertEquals("5", ok("bg.result()").result());
            assertTrue(ok("%loop step 3").stream().contains("nothing is ready and no timer is set"), "an iteration would wait for I/O");
            assertEquals("UsageError", run("%loop step 0").ename());
            assertEquals("UsageError", run("%loop jump").ename());
        } finally {
            ok("bg.cancel();");
        }
    }

    /** loopState(loop) pictures any loop, e.g. one a lesson steps by hand. */
    @Test
    void loopStatePicturesALoopOfYourOwn() {
        CellRun run = ok("var mine = new EventLoop();\nvar work = mine.createTask(async(() -> { await(sleep(0)); return 1; }), \"mine-task\");\n"
                + "display(loopState(mine));\nmine.runOnce();\ndisplay(loopState(mine));\nmine.runOnce();\nmine.close();");
        List<JsonObject> shown = run.iopub().stream().filter(m -> m.msgType().equals("display_data"))
                .map(m -> m.content().getAsJsonObject("data")).toList();
        assertEquals(2, shown.size());
        String before = shown.get(0).get("text/plain").getAsString();
        assertTrue(before.contains("ready (1): [Handle<mine-task.step>]") && before.matches("(?s).*mine-task +ready .*"), before);
        String after = shown.get(1).get("text/plain").getAsString();
        assertTrue(after.contains("iteration 1") && after.contains("ready (1): [Handle<mine-task.step>]"), "it yielded once: " + after);
        assertTrue(shown.get(1).get("text/html").getAsString().contains("data-task-id="));
        assertPng(shown.get(1).get("image/png").getAsString());
    }

    @Test
    void runUntilCompleteTakesATaskOfAnEarlierCellAndRefusesOtherValues() {
        ok("var later = createTask(async(() -> { await(sleep(0.05)); return \"late\"; }));");
        assertEquals("\"late\"", ok("%run_until_complete later").result());
        CellRun wrong = run("%run_until_complete 42");
        assertEquals("error", wrong.status());
        assertEquals("TypeError", wrong.reply().get("ename").getAsString());
        assertTrue(wrong.reply().get("evalue").getAsString().contains("java.lang.Integer"), wrong.reply().toString());
    }

    @Test
    void tasksAndLoopShowAParkedTask() {
        ok("Coroutine<Integer> park() { return async(() -> { await(sleep(60)); return 0; }); }\nvar parked = createTask(park(), \"parked\");");
        try {
            String tasks = ok("%tasks").stream();
            assertTrue(tasks.matches("(?s).*\n      at Cell In\\[\\d+], line 1, in lambda in park: Coroutine<Integer> park\\(\\).*"),
                    "the user frame where it waits, as a cell line: " + tasks);
            assertTrue(tasks.contains("coro=<coroutine park at Cell In["), "named after the method and cell that made it: " + tasks);
            assertTrue(tasks.contains("parked") && tasks.contains("pending") && tasks.contains("awaits"), tasks);
            assertFalse(tasks.contains("at jasyncio."), "loop frames are cut: " + tasks);
            String loop = ok("%loop").stream();
            assertTrue(loop.contains("coroutines: continuation"), loop);
            assertTrue(loop.contains("executor (toThread, runInExecutor(null, ...)): virtual threads"), loop);
            assertTrue(loop.contains("timers (1)") && loop.contains("due at"), loop);
            assertTrue(loop.matches("(?s)loop: idle, iteration \\d+, debug off.*"), loop);
        } finally {
            ok("parked.cancel();");
        }
        assertTrue(ok("%loop").stream().contains("timers (0)"));
    }

    @Test
    void timeShowsWallAndCpuTimeAndTheValue() {
        CellRun line = ok("%time 6 * 7");
        assertEquals("42", line.result());
        assertTrue(line.stream().contains("CPU time (loop thread): ") && line.stream().contains("Wall time: "), line.stream());
        CellRun cell = ok("%%time\nawait(sleep(0.2));");
        double wall = Double.parseDouble(cell.stream().replaceAll("(?s).*Wall time: ([0-9.]+) ms.*", "$1"));
        assertTrue(wall >= 200 && wall < 5000, cell.stream());
        double cpu = Double.parseDouble(cell.stream().replaceAll("(?s).*CPU time \\(loop thread\\): ([0-9.]+) ms.*", "$1"));
        assertTrue(cpu < wall, "a sleep costs no CPU: " + cell.stream());
    }

    @Test
    void classpathAddsAFolderForLaterCells() throws Exception {
        Path root = Files.createTempDirectory("jasyncio-classpath-test");
        Path source = root.resolve("Hello.java");
        Files.writeString(source, "package cp; public class Hello { public static String hi() { return \"hi\"; } }");
        Path classes = root.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()));
        assertTrue(ok("%classpath " + classes).stream().contains("added to the class path"));
        assertEquals("\"hi\"", ok("cp.Hello.hi()").result());
        assertEquals("UsageError", run("%classpath /no/such/folder").reply().get("ename").getAsString());
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aTracedCellOfManyEventsKeepsTheKernelResponsiveAndCanBeInterrupted() throws Exception {
        Message busy = client.execute("%%trace\nfor (int i = 0; i < 20_000; i++) { await(sleep(0)); }");
        long start = System.nanoTime();
        // The heartbeat is pinged once the traced cell runs (its live display counts events), not before it starts.
        List<Message> early = client.iopubOf(busy, m -> m.msgType().equals("update_display_data")
                && m.content().getAsJsonObject("data").get("text/plain").getAsString().contains("events so far"));
        List<Double> pings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pings.add(client.ping());
        }
        JsonObject reply = client.replyTo(client.shell, busy).content();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("ok", reply.get("status").getAsString());
        List<Message> all = new ArrayList<>(early);
        all.addAll(client.iopubOf(busy));
        CellRun done = new CellRun(reply, all);
        String summary = done.lastDisplay().get("text/plain").getAsString();
        long events = Long.parseLong(summary.replaceAll("(?s)trace: (\\d+) events.*", "$1"));
        assertTrue(events >= 100_000, summary);
        assertTrue(summary.contains("more not shown (--limit 500)"), summary);
        assertEquals(500, summary.lines().filter(l -> l.matches("\\+\\d+\\.\\d{3}ms it=\\d+ .*")).count(), "the limit's lines are kept");
        assertEquals("", done.stream(), "no line is streamed");
        long updates = done.iopub().stream().filter(m -> m.msgType().equals("update_display_data")).count();
        assertTrue(updates >= 2 && updates < events / 1000, "the live display is updated now and then, not per event: " + updates);
        int bytes = done.lastDisplay().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes < 2_000_000, "the player's output: " + bytes + " bytes");
        assertTrue(pings.stream().allMatch(p -> p < 1000), "heartbeat " + pings);
        System.out.printf("traced cell of %d events: %.2f s, heartbeat %s ms, output %d bytes, %d live updates%n", events, seconds, pings, bytes, updates);

        Message endless = client.execute("%%trace\nwhile (true) { await(sleep(0)); }");
        // Interrupt once the cell runs (its live display counts events), not after a fixed delay it may not have started in.
        client.iopubOf(endless, m -> m.msgType().equals("update_display_data")
                && m.content().getAsJsonObject("data").get("text/plain").getAsString().contains("events so far"));
        client.send(client.control, client.request("interrupt_request", new JsonObject()));
        assertEquals("error", client.replyTo(client.shell, endless).content().get("status").getAsString());
        client.iopubOf(endless);
        assertEquals("", ok("1 + 1").stream(), "the trace ends with its cell");
    }
}
