package jasyncio.kernel.shell;

/**
 * What {@code System.exit(n)}, {@code Runtime.getRuntime().exit(n)} and {@code halt(n)} do
 * in a cell: the calls are rewritten in snippet classes to throw this, so the kernel stays
 * up. Code outside the cells (a library's jar) is not rewritten: its exit still ends the
 * JVM, since JDK 24+ has no SecurityManager to stop it.
 */
public final class SystemExitError extends Error {
    private final int status;

    public SystemExitError(String call, int status) {
        super(call + "(" + status + ") was called: the kernel stays up; restart the kernel to start afresh");
        this.status = status;
    }

    /** The status the code asked to exit with. */
    public int status() {
        return status;
    }
}
