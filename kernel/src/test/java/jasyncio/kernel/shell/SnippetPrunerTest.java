package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.CellError;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * JShell's dead snippets forgotten every few cells: the snippets JShell keeps stop growing with
 * the cells run, and what the session declared keeps working (a real interpreter, sweeping
 * every 2 cells; the kernel sweeps every 50).
 */
class SnippetPrunerTest {
    private static final int CELLS_PER_SWEEP = 2;

    @AutoClose
    final Shell shell = new Shell(CELLS_PER_SWEEP);

    /** Cells as a session re-runs them: a variable declared again, a statement, an expression, a call. */
    private void rerun(int times) {
        for (int i = 0; i < times; i++) {
            shell.run("int x = " + i + ";");
            shell.run("System.out.print(x);");
            assertEquals(String.valueOf(i + 1), shell.text("x + 1"));
            assertEquals(String.valueOf(2 * i), shell.text("twice(x)"));
        }
    }

    @Test
    void theSnippetsJShellKeepsStopGrowingWithTheCellsRun() {
        assertTrue(shell.interpreter.pruner().enabled(), "the tests run with --add-opens=jdk.jshell/jdk.jshell");
        shell.run("int twice(int v) { return 2 * v; }");
        rerun(10);
        int afterTen = shell.interpreter.pruner().retainedSnippets();
        rerun(40);
        int afterFifty = shell.interpreter.pruner().retainedSnippets();
        // Without sweeps JShell would keep 3 more snippets for every round (160 for 40 rounds).
        assertTrue(afterFifty <= afterTen, afterTen + " snippets kept after 10 rounds, " + afterFifty + " after 50");
        assertTrue(shell.interpreter.pruner().forgottenSnippets() >= 150, "forgot " + shell.interpreter.pruner().forgottenSnippets());
        assertTrue(shell.interpreter.pruner().forgottenClasses() >= 150, "forgot " + shell.interpreter.pruner().forgottenClasses());
    }

    @Test
    void declarationsOfEarlyCellsStayUsableAfterManySweeps() {
        shell.run("record Point(int x, int y) { int sum() { return x + y; } }");
        shell.run("var origin = new Point(1, 2);");
        shell.run("int twice(int v) { return 2 * v; }");
        shell.run("import java.util.concurrent.atomic.AtomicInteger;");
        shell.run("var counter = new AtomicInteger();");
        rerun(20);
        assertEquals("3", shell.text("origin.sum()"));
        assertEquals("Point[x=3, y=4]", shell.text("new Point(3, 4)"));
        assertEquals("1", shell.text("counter.incrementAndGet()"));
        shell.run("int twice(int v) { return v + v + 1; }"); // a replaced method: its callers see the new one
        assertEquals("7", shell.text("twice(3)"));
        rerun(0);
        assertEquals("true", shell.text("origin instanceof Point"));
    }

    @Test
    void aFrameOfALiveMethodStillShowsItsCellLine() {
        shell.run("int boom(int v) {\n    return v / 0;\n}");
        int declared = shell.count;
        shell.run("int twice(int v) { return 2 * v; }");
        rerun(10);
        CellError error = shell.error("boom(1)");
        assertEquals("ArithmeticException", error.ename());
        String text = Traceback.strip(String.join("\n", error.traceback()));
        assertTrue(text.contains("Cell In[" + declared + "], line 2, in boom\n      1 int boom(int v) {\n----> 2     return v / 0;"), text);
    }

    @Test
    void aTaskMadeByAForgottenCellStillEndsWithItsError() {
        shell.run("List<Task<Integer>> kept = new ArrayList<>();");
        shell.run("kept.add(createTask(async(() -> { await(sleep(0.01)); throw new IllegalStateException(\"late\"); })));");
        shell.run("int twice(int v) { return 2 * v; }");
        rerun(10); // the statement that made the task is forgotten, its class is not unloaded
        CellError error = shell.error("await(kept.get(0))");
        assertEquals("IllegalStateException", error.ename());
        assertEquals("late", error.evalue());
        String text = Traceback.strip(String.join("\n", error.traceback()));
        assertTrue(text.contains("A forgotten cell, in lambda"), text); // its method, though JShell let its lines go
    }

    @Test
    void theClassesOfForgottenSnippetsAndTheValuesTheyHeldAreUnloaded() {
        shell.run("int twice(int v) { return 2 * v; }");
        shell.run("var refs = new ArrayList<java.lang.ref.WeakReference<Object>>();");
        shell.run("refs.add(new java.lang.ref.WeakReference<>(java.lang.invoke.MethodHandles.lookup().lookupClass()));");
        shell.run("var data = new int[1_000_000];");
        shell.run("refs.add(new java.lang.ref.WeakReference<>(data));");
        shell.run("var data = new int[1];"); // declared again: the first array is only in the old class
        rerun(5);
        // The statement's class and the replaced variable's value are gone; the live ones are not.
        assertEquals("[true, true]", shell.text("System.gc(); System.gc();\nrefs.stream().map(r -> r.get() == null).toList()"));
        assertEquals("1", shell.text("data.length"));
    }

    @Test
    void codeOfAForgottenCellStillReadsTheVariableItWasWrittenFor() {
        shell.run("int late = 41;");
        shell.run("List<Task<Integer>> kept = new ArrayList<>();");
        // The task reads `late` for the first time after `late` is declared again and its old class forgotten.
        shell.run("kept.add(createTask(async(() -> { await(sleep(0.5)); return late + 1; })));");
        shell.run("int late = 0;");
        shell.run("int twice(int v) { return 2 * v; }");
        rerun(5);
        shell.run("System.gc();");
        assertEquals("42", shell.text("await(kept.get(0))"));
        assertEquals("0", shell.text("late"));
    }

    @Test
    void outerClassNameIsTheKeyOfTheClassWrap() {
        assertEquals("$JShell$12B", SnippetPruner.outerClassName("REPL.$JShell$12B"));
        assertEquals("$JShell$12B", SnippetPruner.outerClassName("REPL.$JShell$12B$Point"));
        assertEquals("$JShell$7", SnippetPruner.outerClassName("REPL.$JShell$7$Point$Inner"));
        assertNull(SnippetPruner.outerClassName("java.lang.String"));
    }
}
