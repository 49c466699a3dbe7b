package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CI run of the {@link WireFuzzer}: 20,000 hostile messages and huge frames under
 * and over the kernel's 64 MiB frame limit. The long run is kernel/fuzz/run-fuzz.sh.
 */
class WireFuzzerTest {
    @Test
    void aFloodOfMalformedMessagesRunsNothingAnswersNothingAndFloodsNoLog() throws Exception {
        try (KernelProcess kernel = new KernelProcess()) {
            WireFuzzer.Report report = WireFuzzer.run(kernel, 20_000, 6,
                    new int[] {4 << 20, (64 << 20) + 1});
            System.out.println("WireFuzzerTest: " + report);
            assertTrue(report.valid() > 0 && report.pings() > 0, report.toString());
        }
    }
}
