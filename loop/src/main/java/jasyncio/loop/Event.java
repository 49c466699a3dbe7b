package jasyncio.loop;

import java.util.ArrayDeque;

/**
 * asyncio.Event (locks.py): a flag that tasks wait for. {@link #set} wakes every waiting
 * task; while set, {@link #waitAsync} returns at once; {@link #clear} makes later waits wait.
 *
 * <p>asyncio's {@code wait()} is {@code waitAsync()} here: {@code Object.wait()} is final in Java.
 */
public class Event extends LoopBoundMixin {
    private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
    private boolean value;

    public Event() {
    }

    /** is_set: true once set, until cleared. */
    public boolean isSet() {
        return value;
    }

    /** Sets the flag and wakes all waiting tasks (each resumes on a later loop iteration). */
    public void set() {
        if (!value) {
            value = true;
            for (Future<Boolean> fut : waiters) {
                if (!fut.isDone()) {
                    fut.setResult(true);
                }
            }
        }
    }

    /** Resets the flag: waits from now on wait for the next set(). */
    public void clear() {
        value = false;
    }

    /** asyncio's Event.wait: returns true at once if set, else once set() is called. */
    public Coroutine<Boolean> waitAsync() {
        return Coroutine.create("Event.wait", () -> {
            if (value) {
                return true;
            }
            Future<Boolean> fut = getLoop().createFuture();
            Waiters.waitIn(waiters, fut);
            return true;
        });
    }

    @Override
    public String toString() {
        return "<Event [" + (value ? "set" : "unset") + Waiters.describe(waiters) + "]>";
    }
}
