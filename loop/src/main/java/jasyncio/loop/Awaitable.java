package jasyncio.loop;

/**
 * What {@code await(...)} accepts: a {@link Future} (and so a {@link Task}) or a {@link Coroutine},
 * as Python's {@code await} takes any awaitable.
 */
public sealed interface Awaitable<T> permits Future, Coroutine {
}
