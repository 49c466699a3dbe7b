package jasyncio.loop;

/** The body of a value-returning coroutine: what {@code async def f(): ... return x} holds. */
@FunctionalInterface
public interface AsyncCallable<T> {
    T call() throws Throwable;
}
