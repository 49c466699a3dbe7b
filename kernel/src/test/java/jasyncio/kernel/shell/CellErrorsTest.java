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

    @Test
    void compileErrorIsPlacedInTheCellsLinesAndColumns() {
        CellError e = shell.error("int a = 1;\nint b = a +\n   undefinedThing;");
        assertEquals(CellErrors.COMPILATION_ERROR, e.ename());
        assertEquals("cannot find symbol, symbol: variable undefinedThing", e.evalue());
        assertEquals(List.of(
                "line 3, column 4: error: cannot find symbol",
                "       undefinedThing;",
                "       ^",
                "  symbol:   variable undefinedThing"), e.traceback());
    }

    @Test
    void columnsCountCodePoints() {
        CellError e = shell.error("String s = \"\uD83D\uDE00\uD83D\uDE00\"; int q = s.lengthh();");
        // 😀 is one code point (two chars): lengthh starts at code point 26, column 27.
        assertEquals("line 1, column 27: error: cannot find symbol", e.traceback().get(0));
        assertEquals(" ".repeat(4 + 26) + "^", e.traceback().get(2));
    }

    @Test
    void aMissingSemicolonThatJShellInsertedDoesNotShiftPositions() {
        CellError e = shell.error("int f() {\n  return 1\n}");
        assertEquals("line 2, column 11: error: ';' expected", e.traceback().get(0));
        CellError tail = shell.error("int ok = 1;\nint bad = \"x\" // no semicolon");
        assertTrue(tail.traceback().get(0).startsWith("line 2, column 11: error: incompatible types"), tail.traceback().toString());
    }

    @Test
    void earlierSnippetsOfAFailingCellHaveRun() {
        shell.error("int ranBefore = 5;\nint broken = ;");
        assertEquals("5", shell.text("ranBefore"));
    }

    @Test
    void runtimeErrorTracebackShowsCellLinesOnly() {
        shell.run("int div(int x, int y) {\n    return x / y;\n}");
        CellError e = shell.error("int z = 3;\n\ndiv(1, 0)");
        assertEquals("java.lang.ArithmeticException", e.ename());
        assertEquals("/ by zero", e.evalue());
        assertEquals(List.of(
                "java.lang.ArithmeticException: / by zero",
                "    at div(an earlier cell, line 2): return x / y;",
                "    at this cell, line 3: div(1, 0)"), e.traceback());
    }

    @Test
    void framesOfALaterSnippetInACellPointAtTheRightLine() {
        shell.run("int unused = 0;\nint boom(int x) {\n  int y = x + 1;\n  return y / 0;\n}");
        CellError e = shell.error("boom(1)");
        assertEquals("    at boom(an earlier cell, line 4): return y / 0;", e.traceback().get(1));
    }

    @Test
    void aRuntimeErrorInARunOfStatementsIsOnItsLine() {
        CellError e = shell.error("int[] cells = new int[2];\ncells[0] = 1;\ncells[1] = 2;\n\ncells[2] = 3;\ncells[0] = 4;");
        assertEquals("java.lang.ArrayIndexOutOfBoundsException", e.ename());
        assertEquals("    at this cell, line 5: cells[2] = 3;", e.traceback().getLast());
        assertEquals("1", shell.text("cells[0]"));
    }

    @Test
    void libraryFramesStayAndMachineryGoes() {
        CellError e = shell.error("Integer.parseInt(\"x\")");
        assertEquals("java.lang.NumberFormatException", e.ename());
        assertTrue(e.traceback().stream().anyMatch(l -> l.contains("java.lang.Integer.parseInt")));
        assertEquals("    at this cell, line 1: Integer.parseInt(\"x\")", e.traceback().getLast());
        for (String line : e.traceback()) {
            assertFalse(line.contains("jdk.jshell") || line.contains("jasyncio.") || line.contains("reflect"), line);
        }
    }

    @Test
    void causesAreIncluded() {
        CellError e = shell.error("throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"))");
        assertEquals("java.lang.IllegalStateException", e.ename());
        assertTrue(e.traceback().contains("Caused by: java.io.IOException: inner"), e.traceback().toString());
    }

    @Test
    void anExceptionFromAnotherTaskShowsWhereItWasThrown() {
        CellError e = shell.error("""
                await(createTask(async(() -> {
                    await(sleep(0));
                    throw new IllegalArgumentException("from a task");
                })))""");
        assertEquals("java.lang.IllegalArgumentException", e.ename());
        assertEquals("    at lambda(this cell, line 3): throw new IllegalArgumentException(\"from a task\");",
                e.traceback().get(1));
    }

    @Test
    void aTaskMadeByALastExpressionShowsItsCellLinesLater() {
        shell.run("List<Task<?>> kept = new ArrayList<>();");
        shell.run("kept.add(createTask(async(() -> {\n    await(sleep(0.01));\n    throw new IllegalStateException(\"late\");\n})))");
        CellError e = shell.error("await(kept.get(0))");
        assertEquals("    at lambda(an earlier cell, line 3): throw new IllegalStateException(\"late\");",
                e.traceback().get(1));
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
        assertEquals("java.lang.ExceptionInInitializerError", e.ename());
        String causedBy = e.traceback().stream().filter(l -> l.startsWith("Caused by: ")).findFirst().orElseThrow();
        assertTrue(causedBy.startsWith("Caused by: jasyncio.loop.PinnedAwaitError"), causedBy);
        assertTrue(causedBy.contains("class initializer"), causedBy);
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
        assertEquals(SystemExitError.class.getName(), e.ename());
        assertTrue(e.evalue().startsWith(message), e.evalue());
    }

    @Test
    void aCheckedExceptionKeepsItsClass() {
        CellError e = shell.error("throw new java.io.FileNotFoundException(\"nowhere.txt\")");
        assertEquals("java.io.FileNotFoundException", e.ename());
        assertEquals("nowhere.txt", e.evalue());
    }
}
