package jasyncio.loop;

/**
 * Python's GeneratorExit: thrown into a suspended coroutine at its await point by
 * {@link Coroutine#close()}, so its finally blocks run. Not an Exception, so that
 * {@code catch (Exception e)} does not swallow it.
 */
public final class CoroutineExit extends Error {
    public CoroutineExit() {
        super("coroutine closed", null, false, false);
    }
}
