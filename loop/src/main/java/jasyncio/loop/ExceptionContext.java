package jasyncio.loop;

/**
 * The context asyncio passes to an exception handler: a message, and where known the
 * exception, the handle whose callback raised it and the future or task it concerns.
 */
public record ExceptionContext(String message, Throwable exception, Handle handle, Future<?> future) {
    /** The report asyncio's default handler logs: the message, the objects, the traceback. */
    public String format() {
        StringBuilder out = new StringBuilder(message);
        if (handle != null) {
            out.append("\nhandle: ").append(handle);
            if (handle.sourceTraceback != null) {
                out.append("\nhandle created at (most recent call first):\n").append(CallbackNames.format(handle.sourceTraceback));
            }
        }
        if (future != null) {
            out.append("\n").append(future instanceof Task ? "task: " : "future: ").append(future);
            if (future.sourceTraceback != null) {
                out.append("\n").append(future instanceof Task ? "task" : "future")
                        .append(" created at (most recent call first):\n").append(CallbackNames.format(future.sourceTraceback));
            }
        }
        if (exception != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            exception.printStackTrace(new java.io.PrintWriter(trace));
            out.append("\n").append(trace.toString().stripTrailing());
        }
        return out.toString();
    }
}
