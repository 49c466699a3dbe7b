package jasyncio.kernel;

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

    private KernelLog() {
    }

    static void line(String text) {
        STDERR.println(text.startsWith("jasyncio") ? text : "jasyncio: " + text);
    }

    static void error(String what, Throwable t) {
        line(what + ": " + t);
        t.printStackTrace(STDERR);
    }
}
