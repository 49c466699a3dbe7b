package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.MemoryUsage;
import org.junit.jupiter.api.Test;

class HeapTrimmerTest {
    private static final long MB = 1L << 20;

    private static MemoryUsage committed(long mb) {
        return new MemoryUsage(0, mb * MB / 2, mb * MB, 4096 * MB);
    }

    private static MemoryUsage liveAfterFullCollection(long mb) {
        return new MemoryUsage(0, mb * MB, mb * MB, 4096 * MB);
    }

    @Test
    void beforeAnyFullCollectionTheSlackDecides() {
        assertFalse(HeapTrimmer.dueForCollection(committed(20), null));
        assertTrue(HeapTrimmer.dueForCollection(committed(30), null));
        assertFalse(HeapTrimmer.dueForCollection(committed(20), liveAfterFullCollection(0)));
    }

    @Test
    void aSmallLiveHeapMayGrowBySlackABigOneByHalf() {
        assertFalse(HeapTrimmer.dueForCollection(committed(60), liveAfterFullCollection(40)));
        assertTrue(HeapTrimmer.dueForCollection(committed(70), liveAfterFullCollection(40)));
        assertFalse(HeapTrimmer.dueForCollection(committed(1400), liveAfterFullCollection(1000)));
        assertTrue(HeapTrimmer.dueForCollection(committed(1600), liveAfterFullCollection(1000)));
    }
}
