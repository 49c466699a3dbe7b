package jasyncio.kernel;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.util.List;
import java.util.Locale;

/**
 * What the kernel does when a cell runs out of heap. A JShell variable keeps what it refers to
 * alive after the error (a {@code var list} the cell was filling), so the heap may stay full:
 * the kernel then needs room of its own to report the error and to compile the next cell,
 * which is how the user frees it ({@code list = null;}). That room is, first, a small reserve
 * the kernel holds while memory is plentiful and lets go of without allocating anything, then
 * the interpreter's compiler caches ({@code releaseRoom}: JShell's and the fast compiler's
 * javac contexts, some tens of MB, made again by the next cells). The error tells the user how
 * full the heap still is.
 *
 * <p>The reserve was 8 MB; it is 1 MB, as the caches are the room now: a reserve's bytes are
 * zeroed when it is made, so every kernel kept them resident for nothing (a lab runs one per
 * learner).
 */
final class OutOfMemory {
    /** At most this much heap is held back, and no more than a sixty-fourth of the maximum. */
    static final long MAX_RESERVE_BYTES = 1L << 20;
    /** Less than this available after a cell, and the heap counts as full ({@link #releaseIfFull}). */
    private static final long FULL_BELOW_BYTES = 4L << 20;
    /** Above this share of the maximum still in use after the error, the heap counts as kept full. */
    private static final double KEPT_FULL = 0.5;

    private final int reserveBytes = (int) Math.min(MAX_RESERVE_BYTES, Runtime.getRuntime().maxMemory() / 64);
    private final Runnable releaseRoom;
    private byte[] reserve;

    /** @param releaseRoom lets go of what the interpreter can make again (on the thread that saw the error) */
    OutOfMemory(Runnable releaseRoom) {
        this.releaseRoom = releaseRoom;
        restore();
    }

    /** Takes the reserve back when the heap has room for it with plenty to spare (before a cell). */
    void restore() {
        if (reserve != null || reserveBytes == 0) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - runtime.totalMemory() + runtime.freeMemory();
        if (available > 4L * reserveBytes) {
            try {
                reserve = new byte[reserveBytes];
            } catch (OutOfMemoryError stillFull) {
                // next time
            }
        }
    }

    /**
     * Called with what ended a cell or a request: true when it is the heap running out (the
     * error itself, a cause, or the cell error JShell made of it), and then the room is let go
     * of ({@link #release}), so the error can be reported and the next cells compiled.
     */
    boolean seen(Throwable failure) {
        if (!isOutOfMemory(failure)) {
            return false;
        }
        release();
        return true;
    }

    /**
     * After a cell: when the heap is about full (the cell filled it and caught the error, or a
     * thread of it did, and what filled it may still be held), lets go of the room now, before
     * the kernel's threads need it to send the cell's output, reply and idle status; a message
     * they cannot allocate is lost. Returns whether it did.
     */
    boolean releaseIfFull() {
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - runtime.totalMemory() + runtime.freeMemory();
        if (available >= FULL_BELOW_BYTES) {
            return false;
        }
        release();
        return true;
    }

    /** Lets go of the reserve, then of the interpreter's caches: the kernel needs the room now. */
    void release() {
        reserve = null; // first: it takes no allocation
        try {
            releaseRoom.run();
        } catch (OutOfMemoryError stillFull) {
            // the reserve's room was not enough for it: the next cell may find more
        }
    }

    static boolean isOutOfMemory(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t instanceof CellError e && (e.ename().equals(OutOfMemoryError.class.getSimpleName())
                    || e.evalue().contains(OutOfMemoryError.class.getName()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lines for the error's traceback: how full the heap is after a full collection, and what
     * to do when the cell's or earlier cells' variables keep it full.
     */
    static List<String> note() {
        Runtime runtime = Runtime.getRuntime();
        System.gc(); // what is left is what something still refers to
        long max = runtime.maxMemory();
        long used = runtime.totalMemory() - runtime.freeMemory();
        double share = (double) used / max;
        String figures = String.format(Locale.ROOT, "%d MB of the kernel's %d MB heap (%.0f%%)", used >> 20, max >> 20, share * 100);
        if (share < KEPT_FULL) {
            return List.of("", "The cell ran out of heap; what it allocated is freed: " + figures + " in use now.");
        }
        return List.of("", "The cell ran out of heap, and " + figures + " is still in use after the error:",
                "variables of this or earlier cells still refer to what filled it, so it stays full and the next",
                "cells run slowly or fail. Set those variables to null (e.g. list = null;) or restart the kernel;",
                "-Xmx in the kernelspec's kernel.json sets the heap's maximum.");
    }
}
