package jasyncio.loop;

import java.util.function.Consumer;

/**
 * asyncio.TimerHandle: a Handle due at {@link #when()} on the loop's clock, kept in the
 * loop's timer heap until due. Timers due at the same time run in the order they were made.
 */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
    private final double when;
    /** True while the handle sits in the loop's heap (asyncio's _scheduled). */
    boolean scheduled;

    TimerHandle(EventLoop loop, double when, Runnable callback, Consumer<?> function, Object argument) {
        super(loop, callback, function, argument);
        this.when = when;
    }

    /** When the timer is due, in seconds of {@link EventLoop#time()}. */
    public double when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!isCancelled()) {
            loop.timerHandleCancelled(this);
        }
        super.cancel();
    }

    @Override
    public int compareTo(TimerHandle other) {
        int byTime = Double.compare(when, other.when);
        return byTime != 0 ? byTime : Long.compare(id, other.id); // ids follow the order of making
    }

    @Override
    String kind() {
        return "TimerHandle";
    }

    @Override
    public String toString() {
        return "TimerHandle<" + callbackName() + " when=" + String.format("%.6f", when) + (isCancelled() ? " cancelled" : "") + ">";
    }
}
