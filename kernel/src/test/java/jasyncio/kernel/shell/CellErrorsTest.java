package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.CancelledError;
import jasyncio.loop.Task;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class CellErrorsTest {
    @AutoClose
    static final Shell shell = new Shell();

    /** The traceback as a front end that strips colour shows it: its entries joined by line breaks. */
    private static String text(CellError e) {
        return Traceback.strip(String.join("\n", e.traceback()));
    }

    @Test
    void compileErrorIsPlacedInTheCellsLinesAndColumns() {
        CellError e = shell.error("int a = 1;\nint b = a +\n   undefinedThing;");
        assertEquals(CellErrors.COMPILATION_ERROR, e.ename());
        assertEquals("cannot find symbol, symbol: variable undefinedThing", e.evalue());
        assertEquals("""
                  Cell In[%d], line 3, column 4: cannot find symbol
                       undefinedThing;
                       ^
                  symbol:   variable undefinedThing

                CompilationError: cannot find symbol, symbol: variable undefinedThing""".formatted(shell.count), text(e));
    }

    @Test
    void errorsAreColouredAsIpykernelColoursThem() {
        CellError e = shell.error("int q = 1 / 0;");
        assertEquals(Traceback.RED + "-".repeat(75) + Traceback.RESET, e.traceback().getFirst());
        assertEquals(Traceback.RED + "ArithmeticException" + Traceback.RESET + " ".repeat(23) + "Traceback (most recent call last)",
                e.traceback().get(1));
        assertTrue(e.traceback().get(2).startsWith("Cell " + Traceback.GREEN + "In[" + shell.count + "], line 1" + Traceback.RESET + "\n"
                + Traceback.GREEN + "----> 1" + Traceback.RESET + " int q = 1 / 0;"), e.traceback().get(2));
        assertEquals(Traceback.RED + "ArithmeticException" + Traceback.RESET + ": / by zero", e.traceback().getLast());
        CellError compile = shell.error("int r = undefinedName;");
        assertTrue(compile.traceback().getFirst().startsWith(Traceback.CYAN + "  Cell " + Traceback.GREEN + "In[" + shell.count
                + "], line 1, column 9" + Traceback.RESET), compile.traceback().getFirst());
    }

    @Test
    void columnsCountCodePoints() {
        CellError e = shell.error("String s = \"\uD83D\uDE00\uD83D\uDE00\"; int q = s.lengthh();");
        // 😀 is one code point (two chars): lengthh starts at code point 26, column 27.
        List<String> lines = text(e).lines().toList();
        assertEquals("  Cell In[" + shell.count + "], line 1, column 27: cannot find symbol", lines.get(0));
        assertEquals(" ".repeat(4 + 26) + "^", lines.get(2));
    }

    @Test
    void aMissingSemicolonThatJShellInsertedDoesNotShiftPositions() {
        CellError e = shell.error("int f() {\n  return 1\n}");
        assertEquals("  Cell In[" + shell.count + "], line 2, column 11: ';' expected", text(e).lines().findFirst().orElseThrow());
        CellError tail = shell.error("int ok = 1;\nint bad = \"x\" // no semicolon");
        assertTrue(text(tail).startsWith("  Cell In[" + shell.count + "], line 2, column 11: incompatible types"), text(tail));
    }

    @Test
    void earlierSnippetsOfAFailingCellHaveRun() {
        shell.error("int ranBefore = 5;\nint broken = ;");
        assertEquals("5", shell.text("ranBefore"));
    }

    @Test
    void runtimeErrorTracebackShowsCellLinesOnly() {
        shell.run("int div(int x, int y) {\n    return x / y;\n}");
        int declared = shell.count;
        CellError e = shell.error("int z = 3;\n\ndiv(1, 0)");
        assertEquals("ArithmeticException", e.ename());
        assertEquals("/ by zero", e.evalue());
        assertEquals("""
                ---------------------------------------------------------------------------
                ArithmeticException                       Traceback (most recent call last)
                Cell In[%d], line 3
                      1 int z = 3;
                      2\s
                ----> 3 div(1, 0)

                Cell In[%d], line 2, in div
                      1 int div(int x, int y) {
                ----> 2     return x / y;
                      3 }

                ArithmeticException: / by zero""".formatted(shell.count, declared), text(e));
    }

    @Test
    void framesOfALaterSnippetInACellPointAtTheRightLine() {
        shell.run("int unused = 0;\nint boom(int x) {\n  int y = x + 1;\n  return y / 0;\n}");
        int declared = shell.count;
        CellError e = shell.error("boom(1)");
        assertTrue(text(e).contains("Cell In[" + declared + "], line 4, in boom\n      2 int boom(int x) {\n"
                + "      3   int y = x + 1;\n----> 4   return y / 0;\n      5 }\n"), text(e));
    }

    @Test
    void aRuntimeErrorInARunOfStatementsIsOnItsLine() {
        CellError e = shell.error("int[] cells = new int[2];\ncells[0] = 1;\ncells[1] = 2;\n\ncells[2] = 3;\ncells[0] = 4;");
        assertEquals("ArrayIndexOutOfBoundsException", e.ename());
        assertTrue(text(e).contains("Cell In[" + shell.count + "], line 5\n      3 cells[1] = 2;\n      4 \n----> 5 cells[2] = 3;\n"
                + "      6 cells[0] = 4;\n"), text(e));
        assertEquals("1", shell.text("cells[0]"));
    }

    @Test
    void libraryFramesStayAndMachineryGoes() {
        CellError e = shell.error("Integer.parseInt(\"x\")");
        assertEquals("NumberFormatException", e.ename());
        String text = text(e);
        assertTrue(text.contains("Cell In[" + shell.count + "], line 1\n----> 1 Integer.parseInt(\"x\")\n\n"
                + "File Integer.java:"), text); // the cell's frame, then (called from it) the library's
        assertTrue(text.contains(", in java.lang.Integer.parseInt\n"), text);
        assertFalse(text.contains("jdk.jshell") || text.contains("jasyncio.") || text.contains("reflect"), text);
    }

    @Test
    void causesAreShownRootFirstAsPythonChainsThem() {
        CellError e = shell.error("throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"))");
        assertEquals("IllegalStateException", e.ename());
        assertEquals("outer", e.evalue());
        String text = text(e);
        int inner = text.indexOf("java.io.IOException: inner");
        int joint = text.indexOf("The above exception was the direct cause of the following exception:");
        int outer = text.indexOf("IllegalStateException: outer");
        assertTrue(inner > 0 && joint > inner && outer > joint, text);
    }

    @Test
    void anExceptionFromAnotherTaskShowsWhereItWasThrown() {
        CellError e = shell.error("""
                await(createTask(async(() -> {
                    await(sleep(0));
                    throw new IllegalArgumentException("from a task");
                })))""");
        assertEquals("IllegalArgumentException", e.ename());
        assertTrue(text(e).contains("Cell In[" + shell.count + "], line 3, in lambda\n"
                + "      1 await(createTask(async(() -> {\n      2     await(sleep(0));\n"
                + "----> 3     throw new IllegalArgumentException(\"from a task\");\n"), text(e));
    }

    @Test
    void aTaskMadeByALastExpressionShowsItsCellLinesLater() {
        shell.run("List<Task<?>> kept = new ArrayList<>();");
        shell.run("kept.add(createTask(async(() -> {\n    await(sleep(0.01));\n    throw new IllegalStateException(\"late\");\n})))");
        int made = shell.count;
        CellError e = shell.error("await(kept.get(0))");
        assertTrue(text(e).contains("Cell In[" + made + "], line 3, in lambda\n"), text(e));
    }

    @Test
    void aRecursionsRepeatedFrameIsShownOnceWithACount() {
        shell.run("int down(int n) {\n  if (n < 0) return 0;\n  return down(n + 1);\n}");
        int declared = shell.count;
        CellError e = shell.error("down(1)");
        assertEquals("StackOverflowError", e.ename());
        assertTrue(text(e).matches("(?s).*Cell In\\[" + declared + "], line 3, in down\n.*"
                + "\\[\\.\\.\\. skipping similar frames: Cell In\\[" + declared + "], line 3, in down \\(\\d+ times\\)].*"), text(e));
        assertTrue(e.traceback().size() < 12, text(e));
    }

    @Test
    void cancellingTheCellsTaskEndsItCancelled() {
        Task<CellValue> task = shell.loop.createTask(shell.interpreter.cell("await(sleep(10));\n\"not reached\""));
        shell.loop.callLater(0.05, () -> task.cancel("stop"));
        CancelledError e = assertThrows(CancelledError.class, () -> shell.loop.runUntilComplete(task));
        assertTrue(task.isCancelled());
        assertEquals("stop", e.getMessage());
    }

    @Test
    void aCancelledErrorLeavesTheCellUnchanged() {
        Task<CellValue> task = shell.loop.createTask(shell.interpreter.cell(
                "var mine = new CancelledError(\"mine\");\njasyncio.kernel.shell.Stash.value = mine;\nthrow mine;"));
        CancelledError e = assertThrows(CancelledError.class, () -> shell.loop.runUntilComplete(task));
        assertTrue(task.isCancelled());
        assertSame(Stash.value, e);
    }

    @Test
    void awaitInAStaticInitializerGivesThePinnedErrorNotAHang() {
        CellError e = shell.error("class Init { static int v; static { v = await(sleep(0.01, 5)); } }\nInit.v");
        assertEquals("ExceptionInInitializerError", e.ename());
        String text = text(e);
        assertTrue(text.startsWith("-".repeat(75) + "\njasyncio.loop.PinnedAwaitError "), text); // the root cause first
        assertTrue(text.contains("jasyncio.loop.PinnedAwaitError: await() cannot suspend") && text.contains("class initializer"), text);
        assertTrue(text.contains("Cell In[" + shell.count + "], line 1, in Init.static\n"), text);
    }

    @Test
    void systemExitDoesNotEndTheJvm() {
        assertExitError("System.exit(3)", "System.exit(3) was called: the kernel stays up; restart the kernel to start afresh");
        assertExitError("Runtime.getRuntime().exit(4)", "Runtime.exit(4) was called");
        assertExitError("Runtime.getRuntime().halt(5)", "Runtime.halt(5) was called");
        assertExitError("java.util.function.IntConsumer quit = System::exit; quit.accept(6)", "System.exit(6) was called");
        assertExitError("java.util.function.IntConsumer stop = Runtime.getRuntime()::halt; stop.accept(7)", "Runtime.halt(7) was called");
        assertExitError("void leave() { System.exit(8); }\nleave()", "System.exit(8) was called");
        assertEquals("\"still here\"", shell.text("\"still here\""));
    }

    private static void assertExitError(String code, String message) {
        CellError e = shell.error(code);
        assertEquals(SystemExitError.class.getSimpleName(), e.ename());
        assertTrue(e.evalue().startsWith(message), e.evalue());
    }

    @Test
    void aCheckedExceptionKeepsItsClass() {
        CellError e = shell.error("throw new java.io.FileNotFoundException(\"nowhere.txt\")");
        assertEquals("FileNotFoundException", e.ename());
        assertEquals("nowhere.txt", e.evalue());
        assertTrue(text(e).endsWith("\njava.io.FileNotFoundException: nowhere.txt"), text(e)); // the traceback names its package
    }
}
