package jasyncio.loop;

/**
 * An await() that cannot suspend its coroutine because the JVM has pinned it: a class
 * initializer or a native frame is on the stack between the coroutine's start and the await.
 */
public class PinnedAwaitError extends IllegalStateException {
    public PinnedAwaitError(String message) {
        super(message);
    }
}
