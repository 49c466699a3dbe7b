package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interrupts as the kernel sees them: the loop runs forever on its own thread, cells are
 * submitted to it, and the interrupt comes from another thread (the control channel's),
 * which calls interrupt() and cancels the cell's task, as the dispatcher does.
 */
class InterruptTest {
    static final EventLoop loop = new EventLoop();
    static final Thread loopThread = new Thread(null, loop::runForever, "test-loop", 16 << 20);
    static JShellInterpreter interpreter;

    @BeforeAll
    static void start() {
        interpreter = new JShellInterpreter(loop, new RecordingSink(), SnippetPruner.CELLS_PER_SWEEP, java.util.Set.of(Stash.class.getName()));
        loopThread.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        loop.callSoonThreadsafe(loop::stop);
        loopThread.join(10_000);
        interpreter.close();
        loop.close();
    }

    /** Submits a cell to the loop thread; the future completes with its task once the task is done. */
    static CompletableFuture<Task<CellValue>> submit(String code) {
        CompletableFuture<Task<CellValue>> done = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            Task<CellValue> task = loop.createTask(interpreter.cell(code));
            task.addDoneCallback(t -> done.complete(task));
        });
        return done;
    }

    static Task<CellValue> finished(CompletableFuture<Task<CellValue>> cell) throws Exception {
        return cell.get(20, TimeUnit.SECONDS);
    }

    /** What the dispatcher does on interrupt_request. */
    static void interruptCell(CompletableFuture<Task<CellValue>> cell) {
        interpreter.interrupt();
        loop.callSoonThreadsafe(() -> loop.allTasks().stream()
                .filter(t -> t.getCoro().name().equals("cell"))
                .forEach(t -> t.cancel("interrupted")));
    }

    /**
     * A cell whose one snippet counts the latch down first, so the test knows it runs. There
     * is no check between the count-down and the body, so the interrupt finds the body running.
     */
    static CompletableFuture<Task<CellValue>> startCell(String body) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Stash.value = started;
        CompletableFuture<Task<CellValue>> cell = submit(
                "{ ((java.util.concurrent.CountDownLatch) jasyncio.kernel.shell.Stash.value).countDown();\n" + body + "\n}");
        assertTrue(started.await(20, TimeUnit.SECONDS), "the cell did not start");
        return cell;
    }

    /** The loop thread waits in select, burning no CPU; a leftover interrupt flag would make it spin. */
    static void assertLoopIdle() throws Exception {
        assertEquals("2", text(finished(submit("1 + 1"))));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(loopThread.threadId());
        long wallBefore = System.nanoTime();
        Thread.sleep(300);
        long cpu = threads.getThreadCpuTime(loopThread.threadId()) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        assertTrue(cpu < wall / 4, "the loop thread used " + cpu / 1e6 + " ms of CPU in " + wall / 1e6 + " ms");
        assertFalse(loopThread.isInterrupted());
    }

    static String text(Task<CellValue> task) {
        CellValue value = task.result();
        return value == null ? null : (String) value.mimeBundle().get("text/plain");
    }

    static CellError error(Task<CellValue> task) {
        Throwable e = task.exception();
        assertInstanceOf(CellError.class, e);
        return (CellError) e;
    }

    @Test
    void aBusyLoopIsStopped() throws Exception {
        var cell = startCell("while (true) {}");
        interruptCell(cell);
        CellError e = error(finished(cell));
        assertEquals("KeyboardInterrupt", e.ename()); // what ipykernel names an interrupted cell's error, no kernel package
        assertEquals("the user interrupted the cell", e.evalue());
        String text = Traceback.strip(String.join("\n", e.traceback()));
        assertTrue(text.contains("Cell In[?], line 2\n") && text.contains("----> 2 while (true) {}"), text);
        assertTrue(text.endsWith("KeyboardInterrupt: the user interrupted the cell"), text);
        assertLoopIdle();
    }

    @Test
    void aBusyLoopInAMethodIsStopped() throws Exception {
        finished(submit("long spins = 0;\nvoid spin() { for (;;) { spins++; } }"));
        var cell = startCell("spin();");
        interruptCell(cell);
        CellError e = error(finished(cell));
        assertEquals("KeyboardInterrupt", e.ename());
        String text = Traceback.strip(String.join("\n", e.traceback()));
        assertTrue(text.contains("Cell In[?], line 2, in spin\n      1 long spins = 0;\n----> 2 void spin() { for (;;) { spins++; } }"), text);
        assertLoopIdle();
    }

    @Test
    void aSleepingCellIsWokenUp() throws Exception {
        long start = System.nanoTime();
        var cell = startCell("Thread.sleep(10_000);");
        interruptCell(cell);
        CellError e = error(finished(cell));
        assertEquals("InterruptedException", e.ename());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "the sleep was not cut short");
        assertLoopIdle();
    }

    @Test
    void anAwaitingCellIsCancelledAndOtherTasksLiveOn() throws Exception {
        finished(submit("""
                int beats = 0;
                Task<Void> heart = createTask(async(() -> { while (true) { await(sleep(0.002)); beats++; } }));
                """));
        var cell = startCell("await(sleep(10));");
        interruptCell(cell);
        Task<CellValue> task = finished(cell);
        assertTrue(task.isCancelled(), task.toString());
        assertEquals("true", text(finished(submit("int before = beats;\nawait(sleep(0.05));\nbeats > before && !heart.isDone()"))),
                text(finished(submit("heart + \" \" + beats"))));
        finished(submit("heart.cancel();"));
        assertLoopIdle();
    }

    @Test
    void aTaskHoggingTheLoopIsStoppedToo() throws Exception {
        var cell = startCell("await(createTask(async(() -> { while (true) {} })));");
        interruptCell(cell);
        Task<CellValue> task = finished(cell);
        assertTrue(task.isCancelled() || error(task).ename().equals(CellInterrupted.ENAME));
        assertTrue(interpreter.complete("loop().allT", 11).matches().contains("allTasks()"));
        assertEquals("0", text(finished(submit("allTasks().stream().filter(t -> t != currentTask()).count()"))));
        assertLoopIdle();
    }

    @Test
    void anInterruptWithNoCellRunningIsIgnored() throws Exception {
        interpreter.interrupt();
        assertFalse(loopThread.isInterrupted());
        assertLoopIdle();
    }
}
