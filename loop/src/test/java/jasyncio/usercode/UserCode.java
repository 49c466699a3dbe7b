package jasyncio.usercode;

import jasyncio.loop.EventLoop;
import jasyncio.loop.Handle;

/**
 * Code outside the loop's package, as a user's is: debug reports show where a handle was made
 * and leave out the frames of package jasyncio.loop (which the loop's own tests share).
 */
public final class UserCode {
    private UserCode() {
    }

    public static Handle scheduleFailingCallback(EventLoop loop) {
        return loop.callSoon(() -> {
            throw new IllegalStateException("boom");
        });
    }
}
