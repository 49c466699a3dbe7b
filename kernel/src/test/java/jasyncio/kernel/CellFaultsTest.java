package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cells that misbehave, run by a real kernel process over real sockets: each ends with an error
 * that says what happened (or with its output), and the kernel runs the next cell normally.
 * Elsewhere: an interrupted {@code while (true) {}}, await and sleep in
 * {@link KernelProtocolTest#interruptStopsAnAwaitABusyLoopAndASleep}, a task hogging the loop in
 * {@code shell.InterruptTest}, System.exit in a cell in
 * {@link KernelProtocolTest#systemExitEndsTheCellNotTheKernel} and its other spellings
 * (Runtime.exit, halt, method references) in {@code shell.CellErrorsTest}.
 */
class CellFaultsTest extends OneKernelTest {
    /** C1 only, as the kernelspec runs it: how long an infinite recursion takes to fail depends on it. */
    static final String KERNELSPEC_JIT = "-XX:TieredStopAtLevel=1";

    @Override
    protected String[] kernelOptions() {
        return new String[] {KERNELSPEC_JIT};
    }

    private CellRun run(String code) {
        return CellRun.of(client, code);
    }

    private CellRun ok(String code) {
        return CellRun.ok(client, code);
    }

    private CellRun error(String code) {
        CellRun run = run(code);
        assertEquals("error", run.status(), code + " → " + run);
        assertTrue(run.types().contains("error"), "an error message on iopub: " + run);
        return run;
    }

    /** The kernel answers a plain cell, and its heartbeat. */
    private void assertKernelServes() {
        assertEquals("42", ok("40 + 2").result());
        client.ping();
    }

    @Test
    void infiniteRecursionIsAStackOverflowErrorAndTheLoopLivesOn() throws Exception {
        ok("var ticks = new java.util.concurrent.atomic.AtomicInteger();\n"
                + "var ticker = createTask(async(() -> { while (true) { ticks.incrementAndGet(); await(sleep(0.005)); } }));\n"
                + "int down(int n) { return down(n + 1) + 1; }\n"
                + "int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }");
        long rssBefore = KernelTesting.residentKilobytes(kernel.process.pid());
        long start = System.nanoTime();
        CellRun overflow = error("down(0)");
        double seconds = (System.nanoTime() - start) / 1e9;
        long rssAfter = KernelTesting.residentKilobytes(kernel.process.pid());
        System.out.printf("infinite recursion: StackOverflowError after %.1f s, kernel RSS %,d kB before, %,d kB after%n",
                seconds, rssBefore, rssAfter);
        assertTrue(rssAfter - rssBefore < 400_000, "the overflow grew the kernel by " + (rssAfter - rssBefore) + " kB");
        assertEquals("StackOverflowError", overflow.ename());
        assertTrue(overflow.evalue().contains("recursion"), overflow.evalue());
        String traceback = overflow.plainTraceback();
        assertTrue(overflow.reply().getAsJsonArray("traceback").size() < 8, "the repeated frame is shown once with a count:\n" + traceback);
        assertTrue(traceback.matches("(?s).*\\[\\.\\.\\. skipping similar frames: Cell In\\[\\d+], line 3, in down \\(\\d+ times\\)].*"), traceback);
        // The loop thread and its stack are fine: the ticker task still runs, deep recursion still works.
        assertEquals("true", ok("int before = ticks.get();\nawait(sleep(0.05));\nticks.get() > before").result());
        assertEquals("500000", ok("depth(500_000)").result());
        ok("ticker.cancel();");
        assertKernelServes();
    }

    @Test
    void anAwaitInAClassInitializerIsAClearErrorAndTheClassCanBeRedefined() {
        ok("class Lazy { static final int VALUE = await(sleep(0.01, 7)); }");
        CellRun first = error("Lazy.VALUE");
        assertEquals("ExceptionInInitializerError", first.ename());
        assertTrue(first.traceback().contains("PinnedAwaitError") && first.traceback().contains("class initializer"), first.traceback());
        CellRun again = error("Lazy.VALUE"); // the JVM remembers the failed initialization, and says why
        assertEquals("NoClassDefFoundError", again.ename());
        assertTrue(again.traceback().contains("class initializer"), again.traceback());
        ok("class Lazy { static final int VALUE = 7; }");
        assertEquals("7", ok("await(sleep(0.01, Lazy.VALUE))").result());
        assertKernelServes();
    }

    @Test
    void aTaskThatNeverFinishesStaysPendingAndAnInterruptCancelsTheCellAwaitingIt() throws Exception {
        ok("var never = createTask(async(() -> await(loop().createFuture())), \"never\");");
        ok("await(sleep(0.01));");
        String tasks = ok("%tasks").stream("stdout");
        assertTrue(tasks.matches("(?s).*never\\s+pending\\s+awaits <Future pending>.*"), tasks);
        // Printed by a callback, which runs only once the cell's task has suspended in its await:
        // an interrupt before that stops the running code instead (CellInterrupted).
        Message request = client.execute("loop().callSoon(() -> System.out.print(\"waiting\"));\nawait(never)");
        client.iopubOf(request, m -> m.msgType().equals("stream")); // the cell is in its await now
        client.interrupt();
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertEquals("CancelledError", reply.get("ename").getAsString(), reply.toString());
        assertTrue(reply.get("evalue").getAsString().contains("interrupted"), reply.toString());
        // As in asyncio, cancelling a task that awaits another cancels that one too.
        assertEquals("true", ok("never.isCancelled()").result());
        assertKernelServes();
    }

    @Test
    void aTaskFailingWithAnExceptionThatCannotDescribeItselfDoesNotHangTheCell() {
        ok("class Mute extends RuntimeException {\n"
                + "    @Override public String toString() { throw new IllegalStateException(\"no toString\"); }\n"
                + "}");
        // The loop describes a task's exception when it is set; that failing left the task pending forever.
        CellRun run = error("await(createTask(async(() -> { throw new Mute(); })))");
        assertEquals("Mute", run.ename(), run.toString());
        assertKernelServes();
    }

    @Test
    void exitCalledByCodeTheKernelDoesNotRewriteEndsTheProcessButSaysWhy() throws Exception {
        try (KernelProcess dying = new KernelProcess(KERNELSPEC_JIT); KernelClient other = new KernelClient(dying)) {
            KernelTesting.awaitReady(other);
            // Reflection stands for a library's jar: neither is rewritten, so its exit is a real one.
            Message request = other.execute("System.out.print(\"last words\");\n"
                    + "Runtime.class.getMethod(\"exit\", int.class).invoke(Runtime.getRuntime(), 3);");
            List<Message> iopub = other.iopubOf(request, m -> m.msgType().equals("error"));
            CellRun seen = new CellRun(new JsonObject(), iopub);
            assertEquals("last words", seen.stream("stdout"), "the cell's output is sent before the process ends");
            JsonObject error = iopub.getLast().content();
            assertEquals(ExitReport.ENAME, error.get("ename").getAsString());
            assertTrue(error.get("evalue").getAsString().contains("Runtime.exit was called on thread \"jasyncio-loop\""), error.toString());
            assertTrue(dying.awaitExit(10_000), "the process did not end");
            assertEquals(3, dying.process.exitValue());
        }
    }

    @Test
    void outputOfAThreadLeftRunningGoesToTheCellThatRunsOrRanLast() throws Exception {
        Path go = Files.createTempFile(kernel.directory, "go", "");
        Files.delete(go);
        ok("var lines = new java.util.concurrent.SynchronousQueue<String>();\n"
                + "var printed = new java.util.concurrent.SynchronousQueue<String>();\n"
                + "var printer = new Thread(() -> {\n"
                + "    try {\n"
                + "        while (true) {\n"
                + "            String line = lines.take();\n"
                + "            if (line.equals(\"after the cell\")) {\n"
                + "                while (!java.nio.file.Files.exists(java.nio.file.Path.of(\"" + go + "\"))) { Thread.sleep(5); }\n"
                + "            }\n"
                + "            System.out.println(line);\n"
                + "            printed.put(line);\n"
                + "        }\n"
                + "    } catch (InterruptedException e) { }\n"
                + "}, \"printer\");\n"
                + "printer.start();");
        CellRun during = ok("lines.put(\"during a later cell\");\nprinted.take();");
        assertEquals("during a later cell\n", during.stream("stdout"));

        Message last = client.execute("lines.put(\"after the cell\");");
        assertEquals("ok", client.replyTo(client.shell, last).content().get("status").getAsString());
        client.iopubOf(last); // up to its idle status
        Files.createFile(go); // only now does the thread print
        List<Message> late = client.iopubOf(last, m -> m.msgType().equals("stream"));
        assertEquals("after the cell\n", late.getLast().content().get("text").getAsString(),
                "output after a cell ended goes to that cell, the last one, as ipykernel sends it to its parent");
        ok("printed.take(); printer.interrupt(); printer.join();");
        assertKernelServes();
    }

    @Test
    void shutdownEndsTheProcessThoughACellLeftThreadsThatIgnoreInterrupts() throws Exception {
        try (KernelProcess stubborn = new KernelProcess(KERNELSPEC_JIT); KernelClient other = new KernelClient(stubborn)) {
            KernelTesting.awaitReady(other);
            CellRun started = CellRun.of(other, "Runnable stubborn = () -> { while (true) { try { Thread.sleep(1000); } catch (InterruptedException e) { } } };\n"
                    + "var sleeper = new Thread(stubborn, \"sleeper\");\n"
                    + "sleeper.start();\n"
                    + "var spinner = new Thread(() -> { while (true) { } }, \"spinner\");\n"
                    + "spinner.start();\n"
                    + "sleeper.isDaemon() || spinner.isDaemon()");
            assertEquals("false", started.result(), "threads that would keep an ordinary JVM alive");
            // Interrupts only the code of a running cell: none runs. The reply is awaited because
            // control and shell are separate sockets: unawaited, the interrupt may reach the next cell.
            assertEquals("ok", other.replyTo(other.control, other.interrupt()).content().get("status").getAsString());
            assertEquals("true", CellRun.of(other, "sleeper.isAlive() && spinner.isAlive()").result());
            JsonObject content = new JsonObject();
            content.addProperty("restart", false);
            Message shutdown = other.send(other.control, other.request("shutdown_request", content));
            assertEquals("ok", other.replyTo(other.control, shutdown).content().get("status").getAsString());
            assertTrue(stubborn.awaitExit(10_000), "the threads kept the kernel alive: " + stubborn.logText());
            assertEquals(0, stubborn.process.exitValue(), stubborn.logText());
        }
    }

    // ---- a flood of output ----

    /** Prints {@code lines} numbered lines and checks that all arrive, in order, while the kernel stays responsive. */
    static void printLines(KernelClient client, KernelProcess kernel, int lines) throws Exception {
        long rssBefore = KernelTesting.residentKilobytes(kernel.process.pid());
        long start = System.nanoTime();
        Message request = client.execute("for (int i = 0; i < " + lines + "; i++) System.out.println(i);");
        double worstPing = 0;
        int messages = 0;
        long chars = 0;
        int next = 0; // the number the next whole line must have
        String partial = ""; // a line split across two messages
        List<Message> batch;
        do {
            worstPing = Math.max(worstPing, client.ping());
            batch = client.iopubOf(request, m -> m.msgType().equals("stream") || m.msgType().equals("status")
                    && m.content().get("execution_state").getAsString().equals("idle"));
            Message m = batch.getLast();
            if (m.msgType().equals("stream")) {
                String text = partial + m.content().get("text").getAsString();
                messages++;
                chars += text.length() - partial.length();
                int from = 0;
                for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', from)) {
                    String line = text.substring(from, end);
                    if (!line.equals(Integer.toString(next))) {
                        fail("line " + next + " is missing or out of order: got \"" + line + "\"");
                    }
                    next++;
                    from = end + 1;
                }
                partial = text.substring(from);
            }
        } while (batch.getLast().msgType().equals("stream"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("ok", client.replyTo(client.shell, request).content().get("status").getAsString());
        System.out.printf("%,d lines: %.1f s, %,d stream messages, %,d chars, worst heartbeat %.0f ms,"
                + " kernel RSS %,d kB before, %,d kB after (peak %,d kB)%n", lines, seconds, messages, chars, worstPing,
                rssBefore, KernelTesting.residentKilobytes(kernel.process.pid()), KernelTesting.procStatusKilobytes(kernel.process.pid(), "VmHWM"));
        assertEquals(lines, next, "lines received");
        assertEquals("", partial, "text after the last line");
        assertTrue(messages <= chars / (StreamCapture.BATCH_CHARS / 2) + 40, messages + " stream messages for " + chars + " chars: not batched");
        assertTrue(worstPing < 2000, "heartbeat took " + worstPing + " ms during the flood");
    }

    @Test
    void aMillionPrintedLinesAllArriveInOrderWhileTheKernelStaysResponsive() throws Exception {
        printLines(client, kernel, 1_000_000);
        assertKernelServes();
    }

    /**
     * The ten million lines (79 MB): some 15 s, so on demand, with
     * {@code -Dtest='CellFaultsTest#tenMillionPrintedLines' -Djasyncio.tenMillionLines=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "jasyncio.tenMillionLines", matches = "true")
    void tenMillionPrintedLines() throws Exception {
        printLines(client, kernel, 10_000_000);
        assertKernelServes();
    }

    // ---- out of memory ----

    /** A kernel with a small heap, so that filling it takes a second. */
    @Nested
    class WithASmallHeap extends OneKernelTest {
        @Override
        protected String[] kernelOptions() {
            return new String[] {KERNELSPEC_JIT, "-Xmx128m"};
        }

        private CellRun run(String code) {
            return CellRun.of(client, code);
        }

        private CellRun ok(String code) {
            return CellRun.ok(client, code);
        }

        private String heapInUse() {
            return ok("System.gc();\nvar heap = Runtime.getRuntime();\n(heap.totalMemory() - heap.freeMemory()) * 100 / heap.maxMemory() + \"%\"").result();
        }

        @Test
        void whatTheCellAllocatedIsFreedAfterTheError() {
            CellRun run = run("{\n    var chunks = new ArrayList<long[]>();\n    while (true) chunks.add(new long[1 << 16]);\n}");
            assertEquals("OutOfMemoryError", run.ename(), run.toString());
            assertEquals("Java heap space", run.evalue());
            assertTrue(run.traceback().contains("what it allocated is freed"), run.traceback());
            assertEquals("2", ok("1 + 1").result());
        }

        @Test
        void aVariableThatKeepsTheHeapFullIsReportedAndCanBeFreed() {
            CellRun run = run("var hog = new ArrayList<long[]>();\nwhile (true) hog.add(new long[1 << 16]);");
            assertEquals("OutOfMemoryError", run.ename(), run.toString());
            String traceback = run.traceback();
            assertTrue(traceback.contains("is still in use after the error") && traceback.contains("to null"), traceback);
            // The kernel let go of its reserve: the next cells compile and run though hog holds the heap.
            assertEquals("true", ok("hog.size() > 100").result());
            ok("hog = null;");
            String inUse = heapInUse();
            assertTrue(Integer.parseInt(inUse.replaceAll("\\D", "")) < 50, "heap still in use after hog = null: " + inUse);
            assertEquals("2", ok("1 + 1").result());
        }

        /**
         * The cell fills the heap to its last bytes and keeps it full for half a second after it
         * ends, so the kernel's own threads (the loop thread ending the cell and replying, the
         * output flusher, iopub, the heartbeat) allocate with no room: the cell may end either
         * way, but the kernel lives, answers, and its output flusher still works.
         */
        @Test
        void theKernelsThreadsLiveThroughAFullHeap() throws Exception {
            ok("class Hog {\n"
                    + "    static final List<Object> chunks = new ArrayList<>();\n"
                    + "    static void fill() { int size = 1 << 20; while (size >= 16) { try { chunks.add(new byte[size]); } catch (OutOfMemoryError e) { size /= 2; } } }\n"
                    + "}\n"
                    + "var filled = new java.util.concurrent.CountDownLatch(1);\n"
                    + "var release = new Thread(() -> { var chunks = Hog.chunks; try { filled.await(5, java.util.concurrent.TimeUnit.SECONDS); Thread.sleep(500); } catch (InterruptedException e) { } chunks.clear(); });\n"
                    + "release.start();");
            // The release thread empties the heap 0.5 s after the cell counts the latch down, or 5 s
            // after it started waiting: with no room left, the cell may fail before the countDown
            // (a class its code names first then, even CountDownLatch, is resolved by a call into its
            // loader, which allocates).
            Message request = client.execute("System.out.println(\"filling\");\n"
                    + "try { Hog.fill(); } finally { filled.countDown(); }\n"
                    + "for (int i = 0; i < 3; i++) { try { System.out.println(\"full \" + i); } catch (OutOfMemoryError e) { } }\n"
                    + "Hog.chunks.size()");
            client.ping();
            JsonObject reply = client.replyTo(client.shell, request).content();
            List<Message> iopub = client.iopubOf(request);
            System.out.println("a cell that filled the heap ended with " + reply.get("status") + " "
                    + (reply.has("ename") ? reply.get("ename") + " " + reply.get("traceback") : "") + ", iopub " + iopub.stream().map(Message::msgType).toList());
            assertTrue(new CellRun(reply, iopub).stream("stdout").startsWith("filling\n"));
            ok("release.join();");
            // Output is still batched by the flusher thread: a line printed before an await arrives on its own.
            CellRun flushed = ok("System.out.println(\"early\");\nawait(sleep(0.5));\nSystem.out.println(\"late\");");
            List<String> texts = flushed.iopub().stream().filter(m -> m.msgType().equals("stream"))
                    .map(m -> m.content().get("text").getAsString()).toList();
            assertEquals(List.of("early\n", "late\n"), texts, "the output flusher thread died");
            assertEquals("2", ok("1 + 1").result());
            client.ping();
        }
    }
}
