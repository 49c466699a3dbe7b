package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/** JShell's javac contexts replaced every few evaluations, with nothing else changed. */
class CompilerRecyclerTest {
    private static String valueOf(JShell jshell, String code) {
        SnippetEvent event = jshell.eval(code).getFirst();
        assertNull(event.exception());
        return event.value();
    }

    @Test
    void recyclesBetweenCellsOnceDueAndTheSessionGoesOn() {
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            CompilerRecycler recycler = new CompilerRecycler(jshell, 2);
            valueOf(jshell, "int a = 20;");
            recycler.evaluated();
            recycler.recycleIfDue();
            assertEquals(0, recycler.recycled(), "one evaluation of two");
            valueOf(jshell, "int twice(int v) { return 2 * v; }");
            recycler.evaluated();
            recycler.recycleIfDue();
            assertEquals(1, recycler.recycled());
            // New contexts: what was declared before compiles against, and runs, as before.
            assertEquals("42", valueOf(jshell, "twice(a) + 2"));
            assertEquals("[1]", valueOf(jshell, "java.util.List.of(1).stream().map(v -> v).toList()"));
        }
    }

    @Test
    void theSnippetLoaderLeavesTheKernelsClassPathOutUnlessAddedForCells() throws Exception {
        CellClassPath classPath = new CellClassPath(Set.of(), List.of());
        SnippetLoader loader = new SnippetLoader(classPath.loader(getClass().getClassLoader()), classPath);
        loader.addToClasspath(CompilerRecycler.classPathEntry()); // the recycler's anchor: the kernel's own
        assertEquals(0, ((URLClassLoader) loader.classLoader()).getURLs().length);
        Path jarFolder = Files.createTempDirectory("classpath");
        loader.addToClasspath(jarFolder.toString());
        assertEquals(1, ((URLClassLoader) loader.classLoader()).getURLs().length);
        classPath.addUserEntry(Path.of(CompilerRecycler.classPathEntry())); // a user's %classpath of the same entry
        loader.addToClasspath(CompilerRecycler.classPathEntry());
        assertEquals(2, ((URLClassLoader) loader.classLoader()).getURLs().length);
        Files.delete(jarFolder);
    }
}
