package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * %virtual_time, %%virtual_time and %%trace --virtual-time, through one real kernel process
 * over real ZeroMQ sockets. A cell that sleeps an hour of virtual time would hang the test
 * for an hour on the real clock: the @Timeout stops it instead.
 */
@Timeout(120)
class VirtualTimeMagicsTest extends OneKernelTest {
    private CellRun ok(String code) {
        return CellRun.ok(client, code);
    }

    @AfterEach
    void backToRealTime() {
        ok("%virtual_time off");
    }

    @Test
    void theMagicSwitchesTheClockAndSaysWhichItIs() {
        assertTrue(ok("%virtual_time").stream().startsWith("clock: real (monotonic)"), ok("%virtual_time").stream());
        String on = ok("%virtual_time on").stream();
        assertTrue(on.startsWith("virtual time on"), on);
        Matcher at = Pattern.compile("loop\\(\\)\\.time\\(\\) = (\\d+)\\.000\\)").matcher(on);
        assertTrue(at.find() && Long.parseLong(at.group(1)) % 1000 == 0, "with no timer, it starts at a whole thousand seconds: " + on);
        assertTrue(ok("%virtual_time").stream().startsWith("clock: virtual: jumps to the next timer when nothing is ready"));
        assertTrue(ok("%loop").stream().contains("clock: virtual"), "%loop says which clock");
        assertEquals("3600.000", ok("double t = loop().time(); await(sleep(3600)); String.format(\"%.3f\", loop().time() - t)")
                .result().replace("\"", ""), "an hour of sleep, at once and exactly");
        assertTrue(ok("%virtual_time off").stream().startsWith("virtual time off"));
        assertTrue(ok("%loop").stream().contains("clock: real (monotonic)"));
        CellRun bad = CellRun.of(client, "%virtual_time maybe");
        assertEquals("UsageError", bad.ename());
        assertTrue(bad.evalue().contains("on or off"), bad.evalue());
    }

    @Test
    void theCellMagicRunsOneCellOnTheVirtualClock() {
        CellRun run = ok("%%virtual_time\ndouble t = loop().time();\nawait(sleep(7200));\nString.format(\"%.1f\", loop().time() - t)");
        assertEquals("\"7200.0\"", run.result());
        assertTrue(ok("%virtual_time").stream().startsWith("clock: real"), "the clock it had is back");
        assertTrue(ok("%%virtual_time?").page().contains("Runs the cell with the kernel's loop on the virtual clock"));
        assertTrue(ok("%virtual_time?").page().contains("It jumps only when nothing can wake the loop"));
    }

    /**
     * The lines of a trace, with what the kernel counts across cells made relative to the
     * trace: the cell's task number (the execution count) becomes N, the loop's iteration
     * numbers count from the trace's first, and a timer's absolute {@code when=} (loop time
     * since the kernel started) is left out; its time relative to the trace is on its line
     * ({@code due in}, and the line's own time).
     */
    private static String traceText(CellRun run) {
        String text = run.stream().replaceAll("Cell-\\d+", "Cell-N").replaceAll(" when=[\\d.]+", "")
                .replaceAll("timed out at \\+[\\d.]+", "timed out");
        Matcher first = Pattern.compile(" it=(\\d+) ").matcher(text);
        assertTrue(first.find(), text);
        long base = Long.parseLong(first.group(1));
        StringBuilder out = new StringBuilder();
        Matcher it = Pattern.compile("( it=| runOnce #)(\\d+)").matcher(text);
        while (it.find()) {
            it.appendReplacement(out, it.group(1) + (Long.parseLong(it.group(2)) - base));
        }
        return it.appendTail(out).toString();
    }

    private static final String WORKLOAD = """
            %%trace --virtual-time --lines
            var slow = createTask(async("slow", () -> { await(sleep(0.3)); return "slow"; }), "slow");
            var quick = createTask(async("quick", () -> { await(sleep(0.1)); await(sleep(0)); return "quick"; }), "quick");
            try {
                await(waitFor(sleep(10), 0.2));
            } catch (TimeoutError e) {
                System.out.println("timed out at +" + String.format("%.3f", loop().time()));
            }
            await(gather(slow, quick))
            """;

    @Test
    void aTracedCellUnderVirtualTimeGivesTheSameTraceTwice() {
        CellRun first = ok(WORKLOAD);
        CellRun second = ok(WORKLOAD);
        assertEquals("[slow, quick]", first.result());
        String text = traceText(first);
        assertTrue(text.lines().count() > 40, text);
        assertEquals(text, traceText(second), "the same events, in the same order, at the same times");
        // the times are the timers' due times, exactly
        assertTrue(Pattern.compile("(?m)^\\+100\\.000ms it=\\d+ timerDue TimerHandle<futures\\._set_result_unless_cancelled").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^\\+200\\.000ms it=\\d+ timerDue TimerHandle<Timeout").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^\\+300\\.000ms it=\\d+ timerDue").matcher(text).find(), text);
        assertFalse(text.contains(" took "), "no real durations under virtual time: " + text);
        assertTrue(ok("%virtual_time").stream().startsWith("clock: real"), "--virtual-time lasts one cell");
    }

    @Test
    void aRealSocketRoundTripAndAThreadStillCompleteUnderVirtualTime() {
        ok("%virtual_time on");
        CellRun run = ok("""
                var server = await(startServer((reader, writer) -> async(() -> {
                    byte[] line = await(reader.readline());
                    writer.write(line);
                    await(writer.drain());
                    writer.close();
                }), "127.0.0.1", 0));
                var pair = await(openConnection("127.0.0.1", server.port()));
                pair.writer().write("ping\\n".getBytes());
                await(pair.writer().drain());
                String echoed = new String(await(pair.reader().readline())).strip();
                pair.writer().close();
                server.close();
                await(server.waitClosed());
                String fromThread = await(toThread(() -> { Thread.sleep(50); return "thread"; }));
                echoed + " " + fromThread
                """);
        assertEquals("\"ping thread\"", run.result());
    }

    @Test
    void anAwaitedInputHoldsTheClockUntilAnswered() {
        ok("%virtual_time on");
        Message request = client.execute("await(waitFor(input(\"name? \"), 3600))", true, true);
        Message inputRequest = client.receive(client.stdin);
        assertEquals("input_request", inputRequest.msgType());
        JsonObject value = new JsonObject();
        value.addProperty("value", "Ada");
        client.send(client.stdin, new Message(List.of(), client.factory.newHeader("input_reply"), inputRequest.header(),
                new JsonObject(), value, List.of()));
        assertEquals("ok", client.replyTo(client.shell, request).content().get("status").getAsString(),
                "answered before the hour-long timeout: the clock did not jump past the person typing");
        List<Message> iopub = client.iopubOf(request);
        String result = iopub.stream().filter(m -> m.msgType().equals("execute_result"))
                .map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString()).findFirst().orElseThrow();
        assertEquals("\"Ada\"", result);
        assertTrue(ok("%virtual_time").stream().startsWith("clock: virtual: jumps to the next timer"), "the hold was released");
    }

    @Test
    void timeSaysHowMuchVirtualTimePassed() {
        ok("%virtual_time on");
        String out = ok("%%time\nawait(sleep(2.5));").stream();
        Matcher m = Pattern.compile("Loop time \\(virtual\\): ([\\d.]+) ms").matcher(out);
        assertTrue(m.find(), out);
        assertEquals("2500.00", m.group(1));
    }

    @Test
    void theTraceHelpNamesTheOption() {
        assertTrue(ok("%%trace?").page().contains("--virtual-time"));
        CellRun bad = CellRun.of(client, "%%trace --virtual-tim\n1");
        assertEquals("UsageError", bad.ename());
    }
}
