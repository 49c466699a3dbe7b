package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.Gson;
import jasyncio.kernel.shell.Interpreter.CellError;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cells see the JDK, the loop's API and the display API, and nothing else of the kernel: not
 * its classes, not its libraries (gson is on this test's class path, as in the kernel's jar),
 * neither when compiling nor at run time, nor as resources; a jar added for cells shows whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellClassPathTest {
    private final Shell shell = new Shell();

    @AfterAll
    void close() {
        shell.close();
    }

    @Test
    void theKernelsLibrariesAndInternalsDoNotCompile() {
        CellError gson = shell.error("new com.google.gson.Gson()");
        assertEquals(CellErrors.COMPILATION_ERROR, gson.ename());
        assertTrue(String.join("\n", gson.traceback()).contains("com.google.gson"), gson.traceback().toString());
        assertEquals(CellErrors.COMPILATION_ERROR, shell.error("import org.zeromq.ZMQ;").ename());
        assertEquals(CellErrors.COMPILATION_ERROR, shell.error("jasyncio.kernel.wire.Message m = null;").ename());
        assertEquals(CellErrors.COMPILATION_ERROR, shell.error("jasyncio.kernel.shell.JShellInterpreter i = null;").ename());
    }

    @Test
    void norLoadAtRunTimeNorShowAsResources() {
        assertEquals("false", shell.text("""
                boolean found;
                try { Class.forName("com.google.gson.Gson"); found = true; } catch (ClassNotFoundException e) { found = false; }
                found"""));
        assertEquals("false", shell.text("""
                try { Thread.currentThread().getContextClassLoader().loadClass("jasyncio.kernel.wire.Message"); found = true; }
                catch (ClassNotFoundException e) { found = false; }
                found"""));
        assertEquals("true", shell.text("Thread.currentThread().getContextClassLoader().getResource(\"com/google/gson/Gson.class\") == null"));
        shell.run("class Probe { }");
        assertEquals("true", shell.text("Probe.class.getClassLoader().getResource(\"jasyncio/kernel/Main.class\") == null"));
        assertEquals("true", shell.text("Probe.class.getClassLoader().getResource(\"java/lang/Object.class\") != null"));
    }

    @Test
    void theLoopTheDisplayApiAndTheJdkAreThere() {
        assertEquals("3", shell.text("await(gather(async(() -> 1), async(() -> 2))).stream().mapToInt(i -> (Integer) i).sum()"));
        assertEquals("true", shell.text("loop() == jasyncio.loop.EventLoop.runningLoopOrNull()"));
        assertEquals("\"text/html\"", shell.text("html(\"<b>x</b>\").mimeBundle().keySet().iterator().next()"));
        assertEquals("true", shell.text("javax.tools.ToolProvider.getSystemJavaCompiler() != null"));
        assertEquals("\"COMPILATION_UNIT\"", shell.text("com.sun.source.tree.Tree.Kind.COMPILATION_UNIT.name()"));
        assertEquals("true", shell.text("java.sql.Types.class != null"));
    }

    @Test
    void aJarAddedForCellsShowsWholeEvenOneTheKernelHas() throws Exception {
        Path gsonJar = Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Shell own = new Shell()) { // the other tests' shell must not see it
            own.interpreter.addToClasspath(gsonJar.toString());
            assertEquals("\"[1,2]\"", own.text("new com.google.gson.Gson().toJson(java.util.List.of(1, 2))"));
            assertEquals("false", own.text("com.google.gson.Gson.class == Class.forName(\"jasyncio.kernel.Json\", false, "
                    + "ClassLoader.getSystemClassLoader()).getClassLoader().loadClass(\"com.google.gson.Gson\")"));
        }
    }
}
