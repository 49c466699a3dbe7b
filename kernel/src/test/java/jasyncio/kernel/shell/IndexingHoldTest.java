package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.Completions;
import jasyncio.loop.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * JShell's class-path indexing is held back while the kernel starts (JDK 25's internals reached:
 * this fails, rather than the start getting silently slower, when they change), and let go once
 * the first request has been answered or the warm-up is over; completion works either way.
 */
class IndexingHoldTest {
    @Test
    void heldFromTheStartUntilTheFirstCellEnds() {
        try (Shell shell = new Shell()) {
            assertTrue(shell.interpreter.indexingHeld(), "JShell's suspendIndexing could not be reached");
            assertEquals("2", shell.text("1 + 1"));
            assertFalse(shell.interpreter.indexingHeld());
        }
    }

    @Test
    void aFirstCompletionIsAnsweredAndLetsItGo() {
        try (Shell shell = new Shell()) {
            Completions c = shell.interpreter.complete("\"abc\".toUpp", 11);
            assertTrue(c.matches().contains("toUpperCase("), c.matches().toString());
            assertFalse(shell.interpreter.indexingHeld());
        }
    }

    @Test
    void aWarmUpThatRanToItsEndLetsItGo() {
        try (EventLoop loop = new EventLoop()) {
            JShellInterpreter interpreter = new JShellInterpreter(loop, new RecordingSink());
            try {
                assertTrue(interpreter.warmUp(() -> true));
                assertFalse(interpreter.indexingHeld());
            } finally {
                interpreter.close();
            }
        }
    }

    @Test
    void aWarmUpCutShortByARequestKeepsItUntilThatRequestIsAnswered() {
        try (Shell shell = new Shell()) {
            assertFalse(shell.interpreter.warmUp(() -> false), "a request is waiting: no warm-up step runs");
            assertTrue(shell.interpreter.indexingHeld());
            assertEquals("3", shell.text("1 + 2"));
            assertFalse(shell.interpreter.indexingHeld());
        }
    }
}
