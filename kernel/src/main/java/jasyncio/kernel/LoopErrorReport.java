package jasyncio.kernel;

import jasyncio.kernel.shell.Interpreter;
import jasyncio.loop.EventLoop;
import jasyncio.loop.ExceptionContext;
import jasyncio.loop.ExceptionHandler;

/**
 * The kernel's exception handler on its loop ({@code loop.set_exception_handler}): asyncio's
 * default report ("Task exception was never retrieved", the task, ...), written to stderr, which
 * is the running cell's (else the last cell's) output, with the exception's traceback as the
 * interpreter words it: the user's frames only, as cell lines ({@code Cell In[3], line 2}),
 * without the loop's, JShell's and the kernel's frames the raw Java stack would show. A cell
 * may set its own handler; {@code loop().setExceptionHandler(null)} brings back asyncio's default.
 */
final class LoopErrorReport implements ExceptionHandler {
    private final Interpreter interpreter;

    LoopErrorReport(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    @Override
    public void handle(EventLoop loop, ExceptionContext context) {
        Throwable exception = context.exception();
        StringBuilder report = new StringBuilder(
                new ExceptionContext(context.message(), null, context.handle(), context.future()).format());
        if (exception != null) {
            try {
                interpreter.plainTraceback(exception).forEach(entry -> report.append('\n').append(entry.stripTrailing()));
            } catch (RuntimeException | Error formatting) {
                report.append('\n').append(exception); // the report must not fail for want of a pretty traceback
            }
        }
        System.err.println(report);
    }
}
