package jasyncio.kernel.player;

import java.util.Arrays;

/**
 * An int → long map without boxing, for the recorder's hot path (open addressing, linear
 * probing, backward-shift deletion). Key 0 is not allowed: it marks an empty slot.
 */
final class IntLongMap {
    private int[] keys;
    private long[] values;
    private int size;

    IntLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new int[capacity];
        values = new long[capacity];
    }

    int size() {
        return size;
    }

    /** The value of the key, or {@code absent}. */
    long get(int key, long absent) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return absent;
            }
        }
    }

    boolean containsKey(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return true;
            }
            if (k == 0) {
                return false;
            }
        }
    }

    void put(int key, long value) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved");
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                values[i] = value;
                grow();
                return;
            }
        }
        values[i] = value;
    }

    /** Removes the key; returns whether it was there. */
    boolean remove(int key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != key) {
            if (keys[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift: move later entries of the probe run into the hole, so lookups stay correct.
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = mix(keys[j]) & mask;
            boolean between = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (between) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = 0;
        size--;
        return true;
    }

    /** The keys, in no particular order. */
    int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int k : keys) {
            if (k != 0) {
                out[n++] = k;
            }
        }
        return out;
    }

    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, 0);
        size = 0;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
