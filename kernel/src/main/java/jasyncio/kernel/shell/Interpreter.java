package jasyncio.kernel.shell;

import jasyncio.loop.Coroutine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The kernel's interpreter, behind one narrow interface (xeus's interpreter): the dispatcher
 * turns Jupyter requests into these calls and their results into replies. It knows nothing
 * of ZeroMQ or Jupyter messages.
 *
 * <p>Threading: {@link #cell}'s coroutine, complete, inspect, isComplete and
 * userExpression run on the loop thread (the thread that runs the kernel's EventLoop);
 * {@link #interrupt()} may be called from any thread.
 */
public interface Interpreter extends AutoCloseable {

    /**
     * The whole cell as one coroutine: the dispatcher does {@code loop.createTask(cell(code, n))}
     * then {@code loop.runUntilComplete(task)}. The coroutine evaluates the cell's snippets in
     * order inside itself, so a top-level {@code await(...)} suspends the cell's Task.
     * It returns the value of the cell's last expression (null for none), or throws:
     * {@link CellError} for a compile error or an exception the user's code threw (already
     * formatted for Jupyter), {@link jasyncio.loop.CancelledError} when the cell's task was
     * cancelled (rethrown unchanged so the task ends cancelled). {@code executionCount} is the
     * request's (In[N]): errors and names of the cell's code say {@code Cell In[N], line L}.
     */
    Coroutine<CellValue> cell(String code, int executionCount);

    /** A cell run outside any numbered request (its code is named {@code Cell In[?]}). */
    default Coroutine<CellValue> cell(String code) {
        return cell(code, 0);
    }

    /** Completions at a cursor given in Unicode code points (Jupyter's convention). */
    Completions complete(String code, int cursorCodePoints);

    /** Documentation of the name at the cursor: a mime bundle, empty when nothing is found. */
    Map<String, Object> inspect(String code, int cursorCodePoints, int detailLevel);

    /** is_complete: "complete", "incomplete" (with indent) or "invalid". */
    Completeness isComplete(String code);

    /** Evaluates an expression outside any cell (user_expressions): a mime bundle, or throws CellError. */
    Map<String, Object> userExpression(String expression);

    /**
     * Evaluates one expression outside any cell and returns its value itself (for
     * %run_until_complete: the Coroutine, Future or Task to run); throws CellError.
     */
    Object evaluate(String expression);

    /**
     * Stops the code running now: raises an interrupt in CPU-bound snippet code through the
     * checks inserted into snippet classes, and interrupts a loop thread blocked in
     * Thread.sleep or I/O. The dispatcher also cancels the cell's Task.
     */
    void interrupt();

    /** Ends the interrupt state once the interrupted cell has ended (clears the thread's interrupt flag too). */
    void clearInterrupt();

    /**
     * Prepares for quick cells while nothing else is asked of the interpreter (compiles and
     * runs a few cells of its own, leaving nothing behind), checking {@code idle} between its
     * steps and stopping as soon as it turns false. Returns whether it ran to the end. Called
     * on the loop thread before the first cell, never while one runs.
     */
    default boolean warmUp(BooleanSupplier idle) {
        return true;
    }

    /** Any throwable as Jupyter shows it: ename its simple name, evalue its message, the user's frames coloured. */
    CellError error(Throwable thrown);

    /** A throwable's traceback as plain text lines (no colour), for a stream or a log. */
    List<String> plainTraceback(Throwable thrown);

    /** The user's frames of a stack, outermost first, one line each ("Cell In[3], line 2, in worker: ..."). */
    List<String> userFrames(StackTraceElement[] stack);

    /** What the interpreter has to say of itself in %loop (a housekeeping that could not start, ...); none by default. */
    default List<String> notes() {
        return List.of();
    }

    /** %classpath and %maven: adds jars or folders (separated by File.pathSeparator) for later cells and later snippets of this one. */
    void addToClasspath(String path);

    /**
     * The heap ran out: let go of what can be made again when needed (the compiler's caches),
     * so that the next cells have room to compile while a variable keeps the heap full.
     */
    default void releaseMemory() {
    }

    /**
     * Where inspect and {@code name?} find the documentation of classes that added jars hold:
     * {@code sourcesOfClass} gives a sources jar (else a javadoc jar) for a class name, or null; it is called on the
     * loop thread and may download one (once, then the local repository has it).
     */
    default void setLibrarySources(Function<String, Path> sourcesOfClass) {
    }

    @Override
    void close();

    /**
     * The cell line of a frame of code from a cell (a snippet class), or null for any other
     * frame: the line (from 1) in its cell, its text, and whether that cell is the one running.
     */
    default SourceLine locate(StackTraceElement frame) {
        return null;
    }

    /** Tells {@code listener} (null: nobody) when JShell starts compiling a snippet and when the compiled snippet starts to run. */
    default void onCompile(CompileListener listener) {
    }

    /** A line of a cell: where a frame of cell code is. */
    record SourceLine(int line, String text, boolean thisCell) {
    }

    /** The compile phases of a cell's snippets (a snippet is compiled, then run, then the next one). */
    @FunctionalInterface
    interface CompileListener {
        /** {@code begins}: JShell starts compiling a snippet; else the snippet it compiled starts to run (or it ran nothing). */
        void compiling(boolean begins);
    }

    /** The value of a cell's last expression, ready for execute_result: a mime bundle with text/plain. */
    record CellValue(Map<String, Object> mimeBundle) {
        /**
         * The value as a reader sees it: its text/plain. The cell's Task has this as its result, so
         * the player's task card, %tasks and the trace show {@code result=42}, not the bundle.
         */
        @Override
        public String toString() {
            Object text = mimeBundle == null ? null : mimeBundle.get("text/plain");
            return text == null ? "(no text/plain)" : text.toString();
        }
    }

    record Completions(List<String> matches, int cursorStartCodePoints, int cursorEndCodePoints) {
    }

    record Completeness(String status, String indent) {
    }

    /** An error as Jupyter shows it: ename, evalue, and the traceback lines. */
    final class CellError extends RuntimeException {
        private final String ename;
        private final String evalue;
        private final List<String> traceback;

        public CellError(String ename, String evalue, List<String> traceback) {
            super(ename + ": " + evalue, null, false, false);
            this.ename = ename;
            this.evalue = evalue;
            this.traceback = List.copyOf(traceback);
        }

        public String ename() {
            return ename;
        }

        public String evalue() {
            return evalue;
        }

        public List<String> traceback() {
            return traceback;
        }
    }
}
