package jasyncio.kernel.player;

/**
 * A bounded series of (time, value, length) points for the timeline of the player (length: how
 * long what started at that time lasted, 0 for an instant): when full it keeps
 * every other point and samples half as often, so a run of a million events still draws from
 * at most {@code capacity} points spread over the whole run.
 */
final class Series {
    private final long[] times;
    private final int[] values;
    private final long[] lengths;
    private int size;
    private int stride = 1;
    /** Points still to skip before the next one is kept (a countdown: no division per point). */
    private int skip;

    Series(int capacity) {
        times = new long[capacity];
        values = new int[capacity];
        lengths = new long[capacity];
    }

    void add(long time, int value) {
        add(time, value, 0);
    }

    void add(long time, int value, long length) {
        if (skip > 0) {
            skip--;
            return;
        }
        skip = stride - 1;
        if (size == times.length) {
            for (int i = 0; i < size / 2; i++) {
                times[i] = times[2 * i];
                values[i] = values[2 * i];
                lengths[i] = lengths[2 * i];
            }
            size /= 2;
            stride *= 2;
            skip = stride - 1;
        }
        times[size] = time;
        values[size] = value;
        lengths[size] = length;
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

    long length(int i) {
        return lengths[i];
    }

    int max() {
        int max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
