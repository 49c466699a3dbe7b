package jasyncio.loop;

/**
 * asyncio.CancelledError: delivered at a Task's await point when it is cancelled.
 *
 * <p>Like CPython (where it derives from BaseException since 3.8), it is not an
 * {@link Exception}: a {@code catch (Exception e)} around an await does not swallow a
 * cancellation by accident. Catch it by name to clean up, and rethrow it.
 */
public class CancelledError extends Error {
    public CancelledError() {
        super();
    }

    public CancelledError(String message) {
        super(message);
    }
}
