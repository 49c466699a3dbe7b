package jasyncio.kernel.shell;

/**
 * Raised in snippet code by the checks woven into it (at method entries and backward
 * branches) when the kernel was interrupted: it stops CPU-bound code such as
 * {@code while (true) {}}. An Error, like Python's KeyboardInterrupt is a BaseException,
 * so {@code catch (Exception e)} does not swallow it.
 */
public final class CellInterrupted extends Error {
    public CellInterrupted() {
        super("Interrupted");
    }
}
