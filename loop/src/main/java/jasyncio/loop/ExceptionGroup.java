package jasyncio.loop;

import java.util.List;

/**
 * Python's ExceptionGroup: several exceptions raised together, as a {@link TaskGroup} does
 * with its tasks' failures. {@link #exceptions()} holds them in the order they happened;
 * they are also attached as suppressed exceptions so that a printed stack trace shows each.
 */
public class ExceptionGroup extends RuntimeException {
    private final String baseMessage;
    private final List<Throwable> exceptions;

    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.baseMessage = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable e : this.exceptions) {
            addSuppressed(e);
        }
    }

    /** The message without the count (Python's {@code eg.message}). */
    public String message() {
        return baseMessage;
    }

    /** The exceptions in the group (Python's {@code eg.exceptions}). */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
