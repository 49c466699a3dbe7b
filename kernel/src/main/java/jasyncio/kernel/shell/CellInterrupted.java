package jasyncio.kernel.shell;

/**
 * Raised in snippet code by the checks woven into it (at method entries and backward
 * branches) when the kernel was interrupted: it stops CPU-bound code such as
 * {@code while (true) {}}. An Error, like Python's KeyboardInterrupt is a BaseException,
 * so {@code catch (Exception e)} does not swallow it. The error a front end shows is named
 * {@link #ENAME}, as ipykernel names an interrupted cell's.
 */
public final class CellInterrupted extends Error {
    /** The ename of an interrupted cell's error: what every Jupyter user knows the stop button raises. */
    public static final String ENAME = "KeyboardInterrupt";
    static final String MESSAGE = "the user interrupted the cell";

    public CellInterrupted() {
        super(MESSAGE);
    }
}
