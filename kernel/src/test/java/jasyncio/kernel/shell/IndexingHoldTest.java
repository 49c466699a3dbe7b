package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.Completions;
import jasyncio.loop.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * JShell's index of the class path is held back until the first completion request (JDK 25's
 * internals reached: this fails, rather than every kernel silently paying for the index again,
 * when they change); cells and the warm-up leave it held; the first completion lets it go and
 * waits for it, so that it already completes a package name, which only the index knows.
 */
class IndexingHoldTest {
    @Test
    void cellsLeaveItHeldTheFirstCompletionGetsTheIndex() {
        try (Shell shell = new Shell()) {
            assertTrue(shell.interpreter.indexingHeld(), "JShell's suspendIndexing could not be reached");
            assertEquals("2", shell.text("1 + 1"));
            assertNotNull(shell.interpreter.inspect("String", 3, 0));
            assertEquals("complete", shell.interpreter.isComplete("int x = 1;").status());
            assertTrue(shell.interpreter.indexingHeld());
            shell.interpreter.firstCompletionWaitMillis(600_000); // the kernel waits 3 s; a loaded machine may take longer
            String code = "java.util.conc";
            Completions c = shell.interpreter.complete(code, code.length());
            assertFalse(shell.interpreter.indexingHeld());
            assertTrue(c.matches().stream().anyMatch(m -> m.startsWith("concurrent")), c.matches().toString());
        }
    }

    @Test
    void closingLetsItGoForTheNextJShellOfTheJvm() {
        // JShell indexes on one thread for all its instances: one held and closed must not hold the next
        try (Shell first = new Shell()) {
            assertTrue(first.interpreter.indexingHeld());
        }
        try (Shell next = new Shell()) {
            next.interpreter.firstCompletionWaitMillis(600_000);
            String code = "java.ut";
            assertTrue(next.interpreter.complete(code, code.length()).matches().contains("util."));
        }
    }

    @Test
    void theWarmUpLeavesItHeld() {
        try (EventLoop loop = new EventLoop()) {
            JShellInterpreter interpreter = new JShellInterpreter(loop, new RecordingSink());
            try {
                assertTrue(interpreter.warmUp(() -> true));
                assertTrue(interpreter.indexingHeld());
            } finally {
                interpreter.close();
            }
        }
    }
}
