package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Every byte a cell prints reaches the client, before the cell's result, error, reply and idle
 * status, whatever ends the cell: its last line, with or without a newline, on stdout or
 * stderr, from the cell or another thread, before an exception, an interrupt of a busy loop or
 * of an await, or System.exit. (Output right before a normal reply:
 * {@link KernelProtocolTest#outputIsBatchedInOrderAndComplete}; before an exit from library
 * code: {@link CellFaultsTest#exitCalledByCodeTheKernelDoesNotRewriteEndsTheProcessButSaysWhy}.)
 */
class OutputNeverLostTest extends OneKernelTest {
    /** The stream messages as "name:text", in the order they came. */
    private static List<String> streams(CellRun run) {
        return run.iopub().stream().filter(m -> m.msgType().equals("stream"))
                .map(m -> m.content().get("name").getAsString() + ":" + m.content().get("text").getAsString()).toList();
    }

    /** All of the cell's stream messages came before its {@code msgType} message. */
    private static void assertOutputBefore(CellRun run, String msgType) {
        int at = run.types().indexOf(msgType);
        assertTrue(at > 0, "no " + msgType + ": " + run);
        assertTrue(run.types().lastIndexOf("stream") < at, "output after the " + msgType + ": " + run.types());
    }

    @Test
    void theLastLineWithoutANewlineComesBeforeTheError() {
        CellRun run = CellRun.of(client, "System.out.println(\"first\");\nSystem.out.print(\"last, no newline\");\n"
                + "throw new IllegalStateException(\"boom\");");
        assertEquals("error", run.status());
        assertEquals("first\nlast, no newline", run.stream("stdout"));
        assertOutputBefore(run, "error");
    }

    @Test
    void stdoutAndStderrKeepTheirOrderUpToTheError() {
        CellRun run = CellRun.of(client, "System.out.print(\"1\");\nSystem.err.print(\"2\");\nSystem.out.println(\"3\");\n"
                + "System.err.print(\"4\");\nthrow new RuntimeException();");
        assertEquals(List.of("stdout:1", "stderr:2", "stdout:3\n", "stderr:4"), streams(run));
        assertOutputBefore(run, "error");
    }

    @Test
    void whatAnotherThreadPrintedComesBeforeTheError() {
        CellRun run = CellRun.of(client, "var t = new Thread(() -> { System.out.println(\"from a thread\"); System.err.print(\"its last\"); });\n"
                + "t.start();\nt.join();\nthrow new RuntimeException(\"after the thread\");");
        assertEquals(List.of("stdout:from a thread\n", "stderr:its last"), streams(run));
        assertOutputBefore(run, "error");
    }

    @Test
    void theLastOutputComesBeforeTheResult() {
        CellRun run = CellRun.of(client, "System.out.print(\"printed\");\n6 * 7");
        assertEquals("printed", run.stream("stdout"));
        assertOutputBefore(run, "execute_result");
    }

    @Test
    void theLastOutputComesBeforeASystemExitError() {
        CellRun run = CellRun.of(client, "System.err.print(\"bye\");\nSystem.exit(1);");
        assertEquals(List.of("stderr:bye"), streams(run));
        assertOutputBefore(run, "error");
    }

    /**
     * A cell prints numbers as fast as it can until the interrupt: every number it printed, the
     * last ones included, arrives, since the cell's {@code printed} counter says how many it did.
     */
    private void assertEveryNumberArrivesAfterAnInterrupt(String loop) {
        CellRun setUp = CellRun.of(client, "long printed = 0;");
        assertEquals("ok", setUp.status());
        Message request = client.execute(loop);
        List<Message> iopub = new java.util.ArrayList<>(client.iopubOf(request, m -> m.msgType().equals("stream")));
        client.interrupt();
        JsonObject reply = client.replyTo(client.shell, request).content();
        iopub.addAll(client.iopubOf(request));
        CellRun run = new CellRun(reply, iopub);
        assertEquals("error", run.status(), run.toString());
        assertOutputBefore(run, "error");
        long printed = Long.parseLong(CellRun.of(client, "printed").result());
        String expected = LongStream.range(0, printed).mapToObj(i -> i + " ").collect(Collectors.joining());
        String stdout = run.stream("stdout");
        assertEquals(expected.length(), stdout.length(), "the cell printed " + printed + " numbers");
        assertEquals(expected, stdout);
    }

    @Test
    void everythingPrintedBeforeAnInterruptOfABusyLoopArrives() {
        assertEveryNumberArrivesAfterAnInterrupt("while (true) { System.out.print(printed + \" \"); printed++; }");
    }

    @Test
    void everythingPrintedBeforeAnInterruptOfAnAwaitArrives() {
        assertEveryNumberArrivesAfterAnInterrupt("while (true) { System.out.print(printed + \" \"); printed++; await(sleep(0)); }");
    }
}
