package jasyncio.loop;

import java.util.Arrays;

/**
 * The StreamReader's buffer (asyncio keeps a bytearray): bytes appended at the end and
 * taken from the front, with a search for separators. Not thread-safe; loop thread only.
 */
final class ByteQueue {
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return tail == head;
    }

    void append(byte[] data) {
        if (data.length == 0) {
            return;
        }
        if (isEmpty()) {
            // Sized exactly, so that taking everything hands this array over without a copy.
            bytes = data.clone();
            head = 0;
            tail = data.length;
            return;
        }
        if (bytes.length - tail < data.length) {
            int size = size();
            int capacity = Math.max(size + data.length, 2 * bytes.length);
            byte[] grown = new byte[capacity];
            System.arraycopy(bytes, head, grown, 0, size);
            bytes = grown;
            head = 0;
            tail = size;
        }
        System.arraycopy(data, 0, bytes, tail, data.length);
        tail += data.length;
    }

    /** Removes and returns the first {@code n} bytes (all of them if fewer are there). */
    byte[] take(int n) {
        int count = Math.min(n, size());
        if (count == bytes.length) { // head is 0 and the array is exactly full
            byte[] all = bytes;
            clear();
            return all;
        }
        byte[] out = Arrays.copyOfRange(bytes, head, head + count);
        head += count;
        if (head == tail) {
            clear();
        }
        return out;
    }

    void clear() {
        bytes = EMPTY;
        head = 0;
        tail = 0;
    }

    /** Where {@code separator} first starts at or after {@code from} (counted from the front), or -1. */
    int indexOf(byte[] separator, int from) {
        int last = tail - separator.length;
        outer:
        for (int i = head + Math.max(0, from); i <= last; i++) {
            for (int j = 0; j < separator.length; j++) {
                if (bytes[i + j] != separator[j]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    boolean startsWith(byte[] prefix, int at) {
        if (at < 0 || at + prefix.length > size()) {
            return false;
        }
        return Arrays.equals(bytes, head + at, head + at + prefix.length, prefix, 0, prefix.length);
    }

    /** Drops the first {@code n} bytes. */
    void skip(int n) {
        head += Math.min(n, size());
        if (head == tail) {
            clear();
        }
    }
}
