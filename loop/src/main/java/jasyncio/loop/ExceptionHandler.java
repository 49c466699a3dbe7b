package jasyncio.loop;

/** loop.set_exception_handler's callable: receives errors that no awaiter can receive. */
@FunctionalInterface
public interface ExceptionHandler {
    void handle(EventLoop loop, ExceptionContext context);
}
