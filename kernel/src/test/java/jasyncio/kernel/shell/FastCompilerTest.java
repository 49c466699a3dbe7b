package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast compiler's path (one javac pass, a class JShell never sees) and its way back to
 * JShell: what it takes costs one compilation and leaves JShell nothing to keep; what javac
 * rejects is JShell's, with JShell's own errors; its classes unload; the session's class path
 * reaches it. Its semantics (values, errors in cell lines, interrupts, exit) are the rest of the
 * shell tests, which run through it.
 */
class FastCompilerTest {
    @AutoClose
    final Shell shell = new Shell();

    private static String text(CellError e) {
        return Traceback.strip(String.join("\n", e.traceback()));
    }

    private long jshellSnippets() {
        return shell.interpreter.jshellSnippetCount();
    }

    private int compiles() {
        return shell.interpreter.fastCompiler().compiles();
    }

    @Test
    void aTrivialCellIsOneCompilationAndNoJShellSnippet() {
        assertTrue(shell.interpreter.fastCompiler().enabled(), "the tests run with javac's internals exported");
        shell.run("int x = 40;");
        long snippets = jshellSnippets();
        int compiles = compiles();
        assertEquals("42", shell.text("x + 2"));
        assertNull(shell.text("for (int i = 0; i < 3; i++) { x++; }"));
        assertEquals("43", shell.text("x"));
        assertEquals(compiles + 3, compiles(), "one compilation for each cell");
        assertEquals(snippets, jshellSnippets(), "JShell kept nothing of them");
    }

    @Test
    void aVoidCallAtTheEndRunsAsAStatementAndShowsNothing() {
        shell.run("StringBuilder said = new StringBuilder();\nvoid say(String s) { said.append(s); }");
        long snippets = jshellSnippets();
        assertNull(shell.text("say(\"hi\")"));
        assertNull(shell.text("say(\" there\");"));
        assertEquals("\"hi there\"", shell.text("said.toString()"));
        assertEquals(snippets, jshellSnippets());
    }

    @Test
    void whatOnlyJShellAcceptsGoesToJShell() {
        // A var of an anonymous class keeps its members in JShell ("enhanced" types); its field type is Object.
        shell.run("var point = new Object() { int x = 3; };");
        assertEquals("3", shell.text("point.x"));
        // A real error is JShell's, in the cell's lines.
        CellError error = shell.error("int y = 1;\ny + undefinedName");
        assertEquals(CellErrors.COMPILATION_ERROR, error.ename());
        assertTrue(text(error).contains("Cell In[" + shell.count + "], line 2, column 5: cannot find symbol"), text(error));
    }

    @Test
    void itsClassesUnloadOnceNothingRefersToThem() {
        shell.run("java.lang.ref.WeakReference<Class<?>> cellClass = null;");
        shell.run("cellClass = new java.lang.ref.WeakReference<>(new Object() { }.getClass());");
        assertEquals("true", shell.text("cellClass.get().getName().startsWith(\"REPL.$JShell$f\")"));
        for (int i = 0; i < 20 && !"true".equals(shell.text("cellClass.get() == null")); i++) {
            System.gc();
        }
        assertEquals("true", shell.text("cellClass.get() == null"), "the cell's class is still loaded");
    }

    @Test
    void aFrameOfAnEarlierFastCellShowsItsLine() {
        shell.run("Runnable boom = null;");
        shell.run("boom = () -> {\n    throw new IllegalStateException(\"boom\");\n};");
        int made = shell.count;
        CellError error = shell.error("boom.run()");
        assertTrue(text(error).contains("Cell In[" + made + "], line 2, in lambda\n"), text(error));
        assertTrue(text(error).contains("Cell In[" + shell.count + "], line 1\n"), text(error));
    }

    @Test
    void aClassPathEntryAddedLaterIsSeen(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("later/Added.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package later; public class Added { public static int answer() { return 42; } }");
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", dir.resolve("classes").toString(), source.toString()));
        assertEquals(CellErrors.COMPILATION_ERROR, shell.error("later.Added.answer()").ename());
        shell.interpreter.addToClasspath(dir.resolve("classes").toString());
        int compiles = compiles();
        assertEquals("42", shell.text("later.Added.answer()"));
        assertEquals(compiles + 1, compiles(), "compiled on the fast path, which saw the new entry");
    }
}
