package jasyncio.kernel;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last words of a kernel that is made to exit. System.exit in a cell is rewritten to an
 * error (see {@code shell.ExitGuard}), but code the kernel does not rewrite (a library's jar,
 * reflection) still ends the JVM: since JDK 24 nothing can refuse an exit. The JVM runs its
 * shutdown hooks first, though, and this one sends what the running cell printed and an error
 * under it saying who called exit, then closes the sockets (their linger delivers both), so
 * the notebook shows why the kernel died. Runtime.halt runs no hooks: it ends the process
 * with nothing said. The kernel's own shutdown halts too, so it never comes here.
 */
final class ExitReport {
    static final String ENAME = "KernelExit";
    private static final int MAX_FRAMES = 12;

    private ExitReport() {
    }

    static void install(CellContext context, Publisher publisher, Runnable closeTransport) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                context.flushOutput();
                if (context.outputParent() != null) {
                    publisher.error(context.outputParent(), describe(Thread.getAllStackTraces()));
                }
            } finally {
                closeTransport.run();
            }
        }, "jasyncio-exit-report"));
    }

    /** The error for the running cell: which thread called exit, from where (a signal if none did). */
    private static JsonObject describe(Map<Thread, StackTraceElement[]> stacks) {
        for (Map.Entry<Thread, StackTraceElement[]> e : stacks.entrySet()) {
            StackTraceElement[] stack = e.getValue();
            int exit = outermostExitFrame(stack);
            if (exit < 0) {
                continue;
            }
            if (exit + 1 < stack.length && stack[exit + 1].getClassName().equals("java.lang.Terminator")) {
                break; // the JVM's signal handler: SIGTERM, SIGINT or SIGHUP
            }
            List<String> traceback = new ArrayList<>();
            String call = stack[exit].getClassName().substring("java.lang.".length()) + "." + stack[exit].getMethodName();
            String evalue = call + " was called on thread \"" + e.getKey().getName()
                    + "\" by code the kernel does not rewrite (a library, or reflection): the kernel process ends";
            traceback.add(ENAME + ": " + evalue);
            for (int i = exit + 1; i < stack.length && traceback.size() <= MAX_FRAMES; i++) {
                String type = stack[i].getClassName();
                if (!type.startsWith("jdk.internal.") && !type.startsWith("java.lang.reflect.")) {
                    traceback.add("    at " + stack[i]);
                }
            }
            return Publisher.errorContent(ENAME, evalue, traceback);
        }
        String evalue = "the kernel process received a signal to end (SIGTERM, SIGINT or SIGHUP): it ends";
        return Publisher.errorContent(ENAME, evalue, List.of(ENAME + ": " + evalue));
    }

    /** The index of System.exit or Runtime.exit in a stack that is exiting (the frame nearest its caller), or -1. */
    private static int outermostExitFrame(StackTraceElement[] stack) {
        boolean exiting = false;
        int exit = -1;
        for (int i = 0; i < stack.length; i++) {
            String type = stack[i].getClassName();
            String method = stack[i].getMethodName();
            if (type.equals("java.lang.Shutdown") && method.equals("exit")) {
                exiting = true;
            } else if (exiting && method.equals("exit") && (type.equals("java.lang.Runtime") || type.equals("java.lang.System"))) {
                exit = i;
            }
        }
        return exit;
    }
}
