package jasyncio.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Collects the heap between requests once its old generation has grown well past what was live
 * after the last full collection, so that a long session's resident memory follows what it
 * really keeps.
 *
 * <p>Each cell's compilation makes megabytes of short-lived javac objects; some are still in use
 * at a young collection and get promoted. The serial collector (kernel.json) then grows the old
 * generation for them rather than collect it, as long as the heap may still grow (to a quarter
 * of the machine's memory by default): measured, 1.4 GB resident after 1,000 cells for 110 MB
 * live. A full collection once the old generation has grown by half what is live (at least
 * {@link #SLACK_BYTES}) takes a few tens of milliseconds once the kernel has been idle for
 * {@link #IDLE_MILLIS} (or between two of {@link #MAX_REQUESTS_UNTRIMMED} requests back to
 * back), and lets MaxHeapFreeRatio give the rest back to the system. The slack is small because
 * a teaching lab runs a kernel per learner: 24 MB of garbage kept by each of 30 kernels is
 * 720 MB of a server's memory.
 */
final class HeapTrimmer {
    static final long SLACK_BYTES = 24L << 20;
    /** How long the kernel waits with no request before it looks (and maybe collects). */
    static final long IDLE_MILLIS = 300;
    /** Requests back to back after which it looks anyway, between two of them. */
    static final int MAX_REQUESTS_UNTRIMMED = 100;

    /** The heap pool only full collections clean (Tenured Gen, PS Old Gen, G1 Old Gen), or null; found on first use. */
    private MemoryPoolMXBean oldGeneration;
    private boolean looked;

    /** Called when no request has come for IDLE_MILLIS, or after a long run of them: collects if the old generation has outgrown its live part. */
    void betweenRequests() {
        if (!looked) {
            looked = true;
            oldGeneration = oldGeneration(); // not at start-up: the management classes take a moment to load
        }
        if (oldGeneration != null && dueForCollection(oldGeneration.getUsage(), oldGeneration.getCollectionUsage())) {
            System.gc();
        }
    }

    /** Committed more than half again (and SLACK_BYTES more than) what was live after the last full collection. */
    static boolean dueForCollection(MemoryUsage now, MemoryUsage afterLastCollection) {
        long live = afterLastCollection == null ? 0 : afterLastCollection.getUsed();
        return now.getCommitted() > live + Math.max(live / 2, SLACK_BYTES);
    }

    private static MemoryPoolMXBean oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && (name.contains("Tenured") || name.contains("Old Gen"))) {
                return pool;
            }
        }
        return null;
    }
}
