package jasyncio.loop;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Small helpers of the I/O tests. */
final class TestIO {
    private TestIO() {
    }

    /** Runs I/O in a lambda that may not throw checked exceptions (a loop callback). */
    static <T> T unchecked(Callable<T> io) {
        try {
            return io.call();
        } catch (Exception e) {
            throw Throwing.sneaky(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
