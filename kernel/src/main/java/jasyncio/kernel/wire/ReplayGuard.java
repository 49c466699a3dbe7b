package jasyncio.kernel.wire;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Remembers the signatures of recent verified messages so that a captured message sent again is
 * rejected, like jupyter_client's {@code Session.digest_history}. Bounded: past {@code capacity}
 * signatures the oldest is forgotten first (jupyter_client instead culls a random 10% when its
 * 65536-entry history is full; FIFO keeps the newest, which are the likeliest to be replayed).
 */
public final class ReplayGuard {
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private final int capacity;
    private final Set<String> seen = new HashSet<>();
    private final ArrayDeque<String> order = new ArrayDeque<>();

    public ReplayGuard() {
        this(DEFAULT_CAPACITY);
    }

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records {@code signature}; false when it was already recorded (a replay). */
    public synchronized boolean firstSeen(String signature) {
        if (!seen.add(signature)) {
            return false;
        }
        order.addLast(signature);
        if (order.size() > capacity) {
            seen.remove(order.removeFirst());
        }
        return true;
    }

    public synchronized int size() {
        return order.size();
    }
}
