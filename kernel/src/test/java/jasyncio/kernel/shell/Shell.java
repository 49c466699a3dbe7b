package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertThrows;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Task;
import java.util.Set;

/**
 * An interpreter on a real EventLoop, as the dispatcher drives it: each cell is
 * {@code loop.createTask(interpreter.cell(code, n))} then {@code loop.runUntilComplete(task)},
 * on the same loop for the life of the kernel. One per test class: JShell takes a second to start.
 */
final class Shell implements AutoCloseable {
    final EventLoop loop = new EventLoop();
    final RecordingSink sink = new RecordingSink();
    final JShellInterpreter interpreter;
    /** The execution count of the last cell run (the first is In[1]). */
    int count;

    Shell() {
        this(SnippetPruner.CELLS_PER_SWEEP);
    }

    /** With JShell's dead snippets swept every {@code cellsPerSweep} cells. */
    Shell(int cellsPerSweep) {
        interpreter = new JShellInterpreter(loop, sink, cellsPerSweep, Set.of(Stash.class.getName()));
    }

    /** Runs a cell to completion; its value's text/plain, or null when it shows none. */
    String text(String code) {
        CellValue value = run(code);
        return value == null ? null : (String) value.mimeBundle().get("text/plain");
    }

    /** Runs a cell as the next execute request does: In[count + 1]. */
    CellValue run(String code) {
        Task<CellValue> task = loop.createTask(interpreter.cell(code, ++count));
        return loop.runUntilComplete(task);
    }

    CellError error(String code) {
        return assertThrows(CellError.class, () -> run(code));
    }

    @Override
    public void close() {
        interpreter.close();
        loop.close();
    }
}
