package jasyncio.loop;

/**
 * The loop's clock ({@code loop.time()}), real or virtual: the one seam through which the
 * loop, its timers, sleep, timeouts and waitFor read the time.
 *
 * <p>Real time is the JVM's monotonic clock ({@code System.nanoTime}, in seconds since the
 * loop classes were loaded) plus an offset that is 0 until virtual time has been used.
 * Virtual time (Trio's {@code MockClock(autojump_threshold=0)}, CPython's test loop) stands
 * still while callbacks run and moves only when the loop would wait: {@link EventLoop}
 * jumps it to the next timer when nothing can wake the loop from outside, and otherwise
 * waits for real and advances it by the time waited.
 *
 * <p>Switching never moves the time: virtual time starts from the time the clock showed
 * (so timers already scheduled keep their distance), and real time resumes from the virtual
 * time reached, advancing at the real rate from there (the offset absorbs the difference).
 * So {@code loop.time()} never goes backwards, and timers keep their order across switches.
 * Read and switched on the loop thread.
 */
final class LoopClock {
    private static final long ORIGIN_NANOS = System.nanoTime();

    private boolean virtual;
    /** The virtual time, while virtual. */
    private double virtualNow;
    /** Added to the real clock: what virtual time gained or lost on it while it was on. */
    private double realOffset;

    /** The monotonic clock, seconds since the loop classes were loaded. */
    static double real() {
        return (System.nanoTime() - ORIGIN_NANOS) * 1e-9;
    }

    double now() {
        return virtual ? virtualNow : real() + realOffset;
    }

    boolean isVirtual() {
        return virtual;
    }

    /** Switches to virtual time (or back); the time shown does not change at the switch. */
    void setVirtual(boolean on) {
        if (on == virtual) {
            return;
        }
        if (on) {
            virtualNow = now();
            virtual = true;
        } else {
            realOffset = virtualNow - real();
            virtual = false;
        }
    }

    /** Virtual time: the clock jumps forward to {@code when} (never back). */
    void jumpTo(double when) {
        if (when > virtualNow) {
            virtualNow = when;
        }
    }

    /** Virtual time: the loop waited {@code seconds} for real; the clock moves as much, but not past {@code limit}. */
    void advance(double seconds, double limit) {
        jumpTo(Math.min(virtualNow + seconds, limit));
    }
}
