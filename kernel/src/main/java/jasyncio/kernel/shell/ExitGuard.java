package jasyncio.kernel.shell;

/** The targets that System.exit, Runtime.exit and Runtime.halt calls in snippet classes are rewritten to. */
public final class ExitGuard {
    private ExitGuard() {
    }

    public static void exit(int status) {
        throw new SystemExitError("System.exit", status);
    }

    public static void runtimeExit(Runtime runtime, int status) {
        throw new SystemExitError("Runtime.exit", status);
    }

    public static void runtimeHalt(Runtime runtime, int status) {
        throw new SystemExitError("Runtime.halt", status);
    }
}
