package jasyncio.kernel.player;

import java.util.ArrayList;
import java.util.List;

/**
 * The recorded events, in columns of primitive arrays (kind, time, a, b, c, n, x: see
 * {@link EventKind} for what each holds), cut into chunks of {@link #CHUNK} events. Each chunk
 * starts with a {@link LoopModel.Keyframe}, the state the events before it left, so a chunk
 * replays on its own and the log needs no snapshot per event.
 *
 * <p>Bounded: past {@link #MAX_CHUNKS} chunks the middle is thinned as {@link Series} thins its
 * points (every other chunk goes, and later ones are kept at the new spacing), keeping the first
 * {@link #HEAD} and the last {@link #TAIL} chunks; what a dropped chunk held is counted, by
 * kind, in the chunk after it. Appending is a few array stores; a chunk is opened once per
 * {@code CHUNK} events.
 */
final class EventLog {
    static final int CHUNK = 8192;
    static final int MAX_CHUNKS = 32;
    static final int HEAD = 2;
    static final int TAIL = 3;

    /** One chunk: up to CHUNK events from {@code start} (their index in the whole run). */
    static final class Chunk {
        final long seq;
        final long start;
        final LoopModel.Keyframe key;
        final byte[] kind;
        final long[] t;
        final int[] a;
        final int[] b;
        final int[] c;
        final int[] n;
        final long[] x;
        int size;
        /** Events left out right before this chunk (dropped chunks), in all and by kind. */
        long omitted;
        final long[] omittedByKind = new long[EventKind.VALUES.length];

        /** A chunk in the arrays of {@code old}, a dropped one (null: new arrays): a long run allocates MAX_CHUNKS of them at most. */
        Chunk(long seq, long start, LoopModel.Keyframe key, Chunk old) {
            this.seq = seq;
            this.start = start;
            this.key = key;
            kind = old == null ? new byte[CHUNK] : old.kind;
            t = old == null ? new long[CHUNK] : old.t;
            a = old == null ? new int[CHUNK] : old.a;
            b = old == null ? new int[CHUNK] : old.b;
            c = old == null ? new int[CHUNK] : old.c;
            n = old == null ? new int[CHUNK] : old.n;
            x = old == null ? new long[CHUNK] : old.x;
        }

        long end() {
            return start + size;
        }
    }

    private final List<Chunk> chunks = new ArrayList<>();
    /** Dropped chunks, whose arrays the next chunks reuse. */
    private final List<Chunk> free = new ArrayList<>();
    private Chunk current;
    private long total;
    private long stride = 1;
    final long[] countByKind = new long[EventKind.VALUES.length];

    /** The events recorded, kept or not. */
    long total() {
        return total;
    }

    /** True when the next event opens a new chunk (the caller then gives its keyframe). */
    boolean needsChunk() {
        return current == null || current.size == CHUNK;
    }

    void openChunk(LoopModel.Keyframe key) {
        current = new Chunk(current == null ? 0 : current.seq + 1, total, key, free.isEmpty() ? null : free.removeLast());
        chunks.add(current);
        thin();
    }

    /** Appends an event; {@link #needsChunk()} must be false. Returns its index in the run. */
    long add(EventKind kind, long t, int a, int b, int c, int n, long x) {
        Chunk chunk = current;
        int i = chunk.size++;
        chunk.kind[i] = (byte) kind.ordinal();
        chunk.t[i] = t;
        chunk.a[i] = a;
        chunk.b[i] = b;
        chunk.c[i] = c;
        chunk.n[i] = n;
        chunk.x[i] = x;
        countByKind[kind.ordinal()]++;
        return total++;
    }

    /** The chunks kept, in order. */
    List<Chunk> chunks() {
        return chunks;
    }

    /** Drops middle chunks off the spacing; doubles the spacing while too many are left. */
    private void thin() {
        while (true) {
            for (int i = chunks.size() - TAIL - 1; i >= 0; i--) {
                Chunk chunk = chunks.get(i);
                if (chunk.seq >= HEAD && chunk.seq % stride != 0) {
                    drop(i);
                }
            }
            if (chunks.size() <= MAX_CHUNKS) {
                return;
            }
            stride *= 2;
        }
    }

    private void drop(int index) {
        Chunk gone = chunks.remove(index);
        Chunk next = chunks.get(index); // never the last: the tail is not thinned
        next.omitted += gone.omitted + gone.size;
        for (int k = 0; k < gone.omittedByKind.length; k++) {
            next.omittedByKind[k] += gone.omittedByKind[k];
        }
        for (int i = 0; i < gone.size; i++) {
            next.omittedByKind[gone.kind[i]]++;
        }
        free.add(gone);
    }
}
