package jasyncio.loop;

/**
 * asyncio.BrokenBarrierError: raised by {@link Barrier#waitAsync} when the barrier is
 * aborted or reset while a task waits, or is already broken when a task arrives.
 */
public class BrokenBarrierError extends IllegalStateException {
    public BrokenBarrierError(String message) {
        super(message);
    }
}
