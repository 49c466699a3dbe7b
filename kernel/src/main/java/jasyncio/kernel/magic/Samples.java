package jasyncio.kernel.magic;

/**
 * A bounded series of (time, value) points for the trace summary's plots: when full it keeps
 * every other point and samples half as often, so a run of a million events still draws from
 * at most {@code capacity} points spread over the whole run.
 */
final class Samples {
    private final long[] times;
    private final int[] values;
    private int size;
    private int stride = 1;
    private long offered;

    Samples(int capacity) {
        times = new long[capacity];
        values = new int[capacity];
    }

    void add(long time, int value) {
        if (offered++ % stride != 0) {
            return;
        }
        if (size == times.length) {
            for (int i = 0; i < size / 2; i++) {
                times[i] = times[2 * i];
                values[i] = values[2 * i];
            }
            size /= 2;
            stride *= 2;
        }
        times[size] = time;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    int value(int i) {
        return values[i];
    }

    int max() {
        int max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
