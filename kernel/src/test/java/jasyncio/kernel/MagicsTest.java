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

    /** The test issue 4 names: the chain of a one-line coroutine, in order. */
    @Test
    void theTraceOfRunUntilCompleteOfAOneLineCoroutine() {
        CellRun run = ok("%%trace --cpython\n%run_until_complete async(() -> 6 * 7)");
        String trace = run.stream();
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
        assertEquals("42", run.result());
        JsonObject summary = run.display();
        assertTrue(summary.get("text/plain").getAsString().startsWith("trace: "), summary.toString());
        String html = summary.get("text/html").getAsString();
        assertTrue(html.contains("<table") && html.contains("<polyline") && html.contains(">" + task + "<"), html);
        assertTrue(html.contains("BaseEventLoop.run_until_complete → ensure_future → create_task → Task.__init__"), html);
        List<String> order = run.iopub().stream().map(Message::msgType).filter(t -> !t.equals("status")).distinct().toList();
        assertEquals(List.of("execute_input", "stream", "display_data", "execute_result"), order);
    }

    @Test
    void traceLinesArriveWhileTheCellRuns() {
        Message request = client.execute("%%trace\nawait(sleep(0.01));\nThread.sleep(1500);");
        long sent = System.nanoTime();
        long firstStream = -1;
        long idle;
        while (true) {
            Message m = client.receive(client.iopub);
            if (!request.msgId().equals(m.parentMsgId())) {
                continue;
            }
            if (m.msgType().equals("stream") && firstStream < 0) {
                firstStream = System.nanoTime();
            }
            if (m.msgType().equals("status") && m.content().get("execution_state").getAsString().equals("idle")) {
                idle = System.nanoTime();
                break;
            }
        }
        client.replyTo(client.shell, request);
        assertTrue(firstStream > 0, "no trace lines");
        assertTrue((idle - firstStream) / 1e6 > 700, "the first lines came " + (idle - firstStream) / 1e6
                + " ms before the end, " + (firstStream - sent) / 1e6 + " ms after the request");
    }

    @Test
    void traceOnTracesEveryCellUntilOff() {
        assertTrue(ok("%trace on --filter taskCreated").stream().contains("tracing every cell"));
        try {
            CellRun traced = ok("3 + 4");
            assertTrue(traced.stream().contains("taskCreated Cell-"), traced.stream());
            assertEquals("7", traced.result());
        } finally {
            ok("%trace off");
        }
        CellRun plain = ok("3 + 5");
        assertEquals("", plain.stream());
        assertTrue(plain.iopub().stream().noneMatch(m -> m.msgType().equals("display_data")));
        CellRun statement = ok("%trace --filter step await(sleep(0.001))");
        assertTrue(statement.stream().contains(" step Cell-"), statement.stream());
        assertFalse(statement.stream().contains(" callSoon "), statement.stream());
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
            assertTrue(tasks.contains("      at ") && tasks.contains("park$"), "the user frame where it waits: " + tasks);
            assertTrue(tasks.contains("parked") && tasks.contains("pending") && tasks.contains("awaits"), tasks);
            assertFalse(tasks.contains("at jasyncio."), "loop frames are cut: " + tasks);
            String loop = ok("%loop").stream();
            assertTrue(loop.contains("coroutines: continuation"), loop);
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
        List<Double> pings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pings.add(client.ping());
        }
        JsonObject reply = client.replyTo(client.shell, busy).content();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("ok", reply.get("status").getAsString());
        CellRun done = new CellRun(reply, client.iopubOf(busy));
        String summary = done.display().get("text/plain").getAsString();
        long events = Long.parseLong(summary.replaceAll("(?s)trace: (\\d+) events.*", "$1"));
        assertTrue(events >= 100_000, summary);
        assertTrue(summary.contains("more not shown (--limit 500)"), summary);
        assertEquals(500, done.stream().lines().count(), "only the limit's lines reach the browser");
        assertTrue(pings.stream().allMatch(p -> p < 1000), "heartbeat " + pings);
        System.out.printf("traced cell of %d events: %.2f s, heartbeat %s ms%n", events, seconds, pings);

        Message endless = client.execute("%%trace\nwhile (true) { await(sleep(0)); }");
        client.iopubOf(endless, m -> m.msgType().equals("stream")); // its trace lines: the cell runs (an interrupt before would be ignored)
        client.send(client.control, client.request("interrupt_request", new JsonObject()));
        assertEquals("error", client.replyTo(client.shell, endless).content().get("status").getAsString());
        client.iopubOf(endless);
        assertEquals("", ok("1 + 1").stream(), "the trace ends with its cell");
    }
}
