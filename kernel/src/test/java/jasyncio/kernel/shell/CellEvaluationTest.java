package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.loop.EventLoop;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class CellEvaluationTest {
    @AutoClose
    static final Shell shell = new Shell();

    @Test
    void lastExpressionIsTheCellsValue() {
        assertEquals("2", shell.text("1 + 1"));
        assertEquals("\"ab\"", shell.text("int n = 2;\n\"a\" + \"b\""));
        assertEquals("int[3] { 1, 2, 3 }", shell.text("new int[] {1, 2, 3};"));
        assertEquals("'x'", shell.text("'x'"));
    }

    @Test
    void declarationsStatementsAndVoidCallsShowNothing() {
        assertNull(shell.text("int declared = 5;"));
        assertNull(shell.text("System.out.println(\"hi\")"));
        assertNull(shell.text("for (int i = 0; i < 2; i++) { }"));
        assertNull(shell.text("String nothing = null; nothing"));
        assertEquals("5", shell.text("declared"));
    }

    @Test
    void topLevelAwaitSuspendsTheCellsTask() {
        assertEquals("42", shell.text("var answer = await(sleep(0.01, 42));\nanswer"));
        assertEquals("7", shell.text("await(createTask(async(() -> { await(sleep(0.01)); return 7; })))"));
    }

    @Test
    void aTaskMadeInOneCellRunsOnWhileALaterCellAwaits() {
        shell.run("""
                List<String> ticks = new ArrayList<>();
                Task<Void> ticker = createTask(async(() -> {
                    for (int i = 0; i < 3; i++) { ticks.add("tick" + i); await(sleep(0.01)); }
                }));
                """);
        assertEquals("false", shell.text("ticker.isDone()"));
        // The ticker progresses only while the loop runs: inside a later cell's await.
        assertEquals("[tick0, tick1, tick2]", shell.text("await(ticker);\nticks"));
    }

    @Test
    void cellsSeeTheKernelsLoopAndClasses() {
        assertEquals("true", shell.text("loop() == getRunningLoop()"));
        assertEquals(String.valueOf(System.identityHashCode(shell.loop)), shell.text("System.identityHashCode(loop())"));
        assertEquals("true", shell.text("EventLoop.class == Class.forName(\"" + EventLoop.class.getName()
                + "\", false, ClassLoader.getSystemClassLoader())"));
    }

    @Test
    void futureMeansJasynciosFuture() {
        assertEquals("\"jasyncio.loop.Future\"", shell.text("Future<Integer> f = loop().createFuture();\nf.getClass().getName()"));
        assertEquals("true", shell.text("List<Integer> l = new ArrayList<>(); l.isEmpty()"));
    }

    @Test
    void htmlFromToHtmlAndMimeBundles() {
        shell.run("record Money(int cents) { public String toHtml() { return \"<b>\" + cents + \"</b>\"; } }");
        Map<String, Object> bundle = shell.run("new Money(250)").mimeBundle();
        assertEquals("<b>250</b>", bundle.get("text/html"));
        assertEquals("Money[cents=250]", bundle.get("text/plain"));
        Map<String, Object> own = shell.run("html(\"<i>x</i>\")").mimeBundle();
        assertEquals("<i>x</i>", own.get("text/html"));
        assertTrue(own.containsKey("text/plain"));
    }

    @Test
    void anImageBecomesPng() {
        Map<String, Object> bundle = shell.run(
                "new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)").mimeBundle();
        byte[] png = java.util.Base64.getDecoder().decode((String) bundle.get("image/png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3));
    }

    @Test
    void displayReachesTheSink() {
        shell.sink.calls.clear();
        shell.run("var handle = display(html(\"<p>one</p>\"));\nhandle.update(\"two\");\nclearOutput(true);");
        var calls = shell.sink.calls;
        assertEquals(3, calls.size());
        assertEquals("display_data", calls.get(0).kind());
        assertEquals("<p>one</p>", calls.get(0).data().get("text/html"));
        assertEquals("update_display_data", calls.get(1).kind());
        assertEquals("\"two\"", calls.get(1).data().get("text/plain"));
        assertEquals(calls.get(0).displayId(), calls.get(1).displayId());
        assertNotNull(calls.get(0).displayId());
        assertEquals("clear_output", calls.get(2).kind());
        assertEquals(Map.of("wait", true), calls.get(2).metadata());
    }

    @Test
    void methodRedefinedWithANewSignatureKeepsState() {
        shell.run("int counter = 10;\nint bump(int by) { counter += by; return counter; }");
        assertEquals("13", shell.text("bump(3)"));
        shell.run("int bump(int by, int times) { counter += by * times; return counter; }");
        assertEquals("19", shell.text("bump(3, 2)"));
        assertEquals("20", shell.text("bump(1)")); // the old overload is still there
        assertEquals("20", shell.text("counter"));
    }

    @Test
    void variableRedeclaredWithANewType() {
        shell.run("int shape = 4;");
        shell.run("String shape = \"square\";");
        assertEquals("\"square\"", shell.text("shape"));
        assertEquals("6", shell.text("shape.length()"));
    }

    @Test
    void classRedefinedKeepsUnrelatedState() {
        shell.run("class Point { int x = 1; }\nint unrelated = 99;\nPoint p = new Point();");
        assertEquals("1", shell.text("p.x"));
        shell.run("class Point { int x = 5; int y = 6; }");
        assertEquals("11", shell.text("Point q = new Point(); q.x + q.y"));
        assertEquals("99", shell.text("unrelated"));
    }

    @Test
    void aLaterImportIsSeenByLaterCells() {
        assertEquals(CellErrors.COMPILATION_ERROR, shell.error("AtomicIntegerArray a = null;").ename());
        shell.run("import java.util.concurrent.atomic.AtomicIntegerArray;");
        assertEquals("3", shell.text("new AtomicIntegerArray(3).length()"));
    }

    @Test
    void aMethodUsingAnUndefinedOneWaitsForIt() {
        var err = new java.io.ByteArrayOutputStream();
        var old = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            shell.run("int twice(int x) { return helper(x) * 2; }");
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("method twice(int) was created, but it cannot be invoked until method helper(int) is declared"),
                err.toString());
        var error = shell.error("twice(4)");
        assertEquals(CellErrors.UNRESOLVED_REFERENCE, error.ename());
        assertEquals("method twice(int) cannot be invoked until method helper(int) is declared", error.evalue());
        shell.run("int helper(int x) { return x + 1; }");
        assertEquals("10", shell.text("twice(4)"));
    }

    @Test
    void lambdasAndVoidLastLinesFallBackToJShell() {
        assertNull(shell.text("Runnable r = () -> {};\nr.run()"));
        assertEquals("3", shell.text("java.util.function.IntSupplier s = () -> 3; s.getAsInt()"));
        assertNull(shell.text("System.out.printf(\"%d%n\", 1)")); // returns System.out: not shown
    }

    @Test
    void statementsRunInOrderAndDeclarationsBetweenThemStayTopLevel() {
        assertEquals("\"a1b2c\"", shell.text("""
                StringBuilder trail = new StringBuilder();
                trail.append("a");
                for (int i = 1; i < 2; i++) { trail.append(i); }
                trail.append("b");
                int between = 2;
                trail.append(between);
                if (between > 1) trail.append("c");
                trail.toString()"""));
        assertEquals("2", shell.text("between"));
    }

    @Test
    void aStatementThatDoesNotCompileStopsTheCellWhereJShellWould() {
        shell.run("List<String> ran = new ArrayList<>();");
        var e = shell.error("ran.add(\"one\");\nran.add(\"two\");\nran.add(3 +);\nran.add(\"four\");");
        assertEquals(CellErrors.COMPILATION_ERROR, e.ename());
        assertTrue(Traceback.strip(e.traceback().get(0)).startsWith("  Cell In[" + shell.count + "], line 3, column "), e.traceback().toString());
        assertEquals("[one, two]", shell.text("ran"));
    }

    @Test
    void theFastPathLeavesNoVariables() {
        shell.run("new StringBuilder(\"kept?\")");
        CellError e = shell.error(FastPath.VARIABLE + "1");
        assertEquals(CellErrors.COMPILATION_ERROR, e.ename());
    }

    @Test
    void completionWorksWhileACellWaitsInAnAwait() {
        var completions = new java.util.ArrayList<String>();
        var task = shell.loop.createTask(shell.interpreter.cell("await(sleep(0.05));\n\"done\""));
        shell.loop.callLater(0.01, () -> completions.addAll(shell.interpreter.complete("Strin", 5).matches()));
        assertEquals("\"done\"", shell.loop.runUntilComplete(task).mimeBundle().get("text/plain"));
        assertTrue(completions.contains("String"), completions.toString());
    }

    @Test
    void aFolderAddedToTheClassPathIsSeenByLaterCells(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path source = dir.resolve("extra/Greeter.java");
        java.nio.file.Files.createDirectories(source.getParent());
        java.nio.file.Files.writeString(source,
                "package extra; public class Greeter { public static String hi() { return \"hi from a jar\"; } }");
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.resolve("classes").toString(), source.toString()));
        shell.interpreter.addToClasspath(dir.resolve("classes").toString());
        assertEquals("\"hi from a jar\"", shell.text("extra.Greeter.hi()"));
    }

    @Test
    void userExpressionGivesABundle() {
        shell.run("int ue = 20;");
        assertEquals("21", shell.interpreter.userExpression("ue + 1").get("text/plain"));
        assertThrows(Interpreter.CellError.class, () -> shell.interpreter.userExpression("nope + 1"));
    }

    @Test
    void anExpressionWithAnUndeclaredNameLeavesNothingWaiting() {
        assertEquals(CellErrors.COMPILATION_ERROR, shell.error("laterDeclared * 2").ename());
        var err = new java.io.ByteArrayOutputStream();
        var old = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            assertNull(shell.text("int laterDeclared = 4;"));
        } finally {
            System.setErr(old);
        }
        assertEquals("", err.toString());
        assertEquals("8", shell.text("laterDeclared * 2"));
    }
}
