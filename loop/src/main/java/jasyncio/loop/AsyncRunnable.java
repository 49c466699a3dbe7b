package jasyncio.loop;

/** The body of a coroutine that returns nothing (its result is null). */
@FunctionalInterface
public interface AsyncRunnable {
    void run() throws Throwable;
}
