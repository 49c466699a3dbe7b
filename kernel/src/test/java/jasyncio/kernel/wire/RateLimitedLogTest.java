package jasyncio.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    @Test
    void logsAtMostNPerSecondThenOneSummary() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(lines::add, 3, now::get);
        for (int i = 0; i < 1000; i++) {
            log.log("drop " + i);
        }
        assertEquals(List.of("drop 0", "drop 1", "drop 2"), lines);
        now.addAndGet(1_000_000_000L); // next window: the summary comes first
        log.log("drop late");
        assertEquals(5, lines.size());
        assertTrue(lines.get(3).contains("997 more"), lines.get(3));
        assertEquals("drop late", lines.get(4));
        log.flush(); // nothing suppressed since: no new line
        assertEquals(5, lines.size());
    }
}
