package jasyncio.kernel.wire;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One line per event, but at most {@code maxPerSecond} lines in any one-second window; the rest
 * are counted and reported in one summary line when the next window starts (or on
 * {@link #flush()}). A flood of forged messages thus costs a few log lines per second, not one
 * per message.
 */
public final class RateLimitedLog {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Consumer<String> sink;
    private final int maxPerSecond;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int linesInWindow;
    private long suppressed;

    public RateLimitedLog(Consumer<String> sink, int maxPerSecond, LongSupplier nanoClock) {
        this.sink = sink;
        this.maxPerSecond = Math.max(1, maxPerSecond);
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    public synchronized void log(String line) {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            flushLocked();
            windowStart = now;
            linesInWindow = 0;
        }
        if (linesInWindow < maxPerSecond) {
            linesInWindow++;
            sink.accept(line);
        } else {
            suppressed++;
        }
    }

    /** Reports the lines suppressed so far, if any. */
    public synchronized void flush() {
        flushLocked();
    }

    private void flushLocked() {
        if (suppressed > 0) {
            sink.accept("jasyncio: ... and " + suppressed + " more such log lines suppressed (more than "
                    + maxPerSecond + " per second)");
            suppressed = 0;
        }
    }
}
