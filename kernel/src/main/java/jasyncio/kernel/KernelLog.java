package jasyncio.kernel;

import jasyncio.kernel.wire.RateLimitedLog;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's own log: the process's real stderr (which Jupyter shows in its terminal or log),
 * not System.err, which the kernel points at the running cell.
 */
final class KernelLog {
    private static final PrintStream STDERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    /**
     * Signed requests the kernel ignores (unknown types, a stray input_reply) are logged within
     * the same budget as the transport's dropped messages: a peer holding the key must not be
     * able to flood the log either.
     */
    private static final RateLimitedLog IGNORED = new RateLimitedLog(KernelLog::line, 10, System::nanoTime);

    private KernelLog() {
    }

    /** One line about an ignored request, rate-limited. */
    static void ignored(String text) {
        IGNORED.log(text);
    }

    static void line(String text) {
        STDERR.println(text.startsWith("jasyncio") ? text : "jasyncio: " + text);
    }

    static void error(String what, Throwable t) {
        line(what + ": " + t);
        t.printStackTrace(STDERR);
    }
}
