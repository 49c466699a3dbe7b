package jasyncio.loop;

/**
 * asyncio.BoundedSemaphore (locks.py): a {@link Semaphore} that refuses to be released
 * above its initial value, which catches a release without a matching acquire.
 */
public class BoundedSemaphore extends Semaphore {
    private final int boundValue;

    public BoundedSemaphore() {
        this(1);
    }

    public BoundedSemaphore(int value) {
        super(value);
        this.boundValue = value;
    }

    /** @throws IllegalStateException when it would exceed the initial value (asyncio's ValueError) */
    @Override
    public void release() {
        if (value() >= boundValue) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
