package jasyncio.kernel;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.util.List;
import java.util.Locale;

/**
 * What the kernel does when a cell runs out of heap. A JShell variable keeps what it refers to
 * alive after the error (a {@code var list} the cell was filling), so the heap may stay full:
 * the kernel then needs room of its own to report the error and to compile the next cell,
 * which is how the user frees it ({@code list = null;}). That room is a reserve the kernel
 * holds while memory is plentiful and lets go of when a cell runs out, and the error tells
 * the user how full the heap still is.
 */
final class OutOfMemory {
    /** At most this much heap is held back, and no more than a sixteenth of the maximum. */
    static final long MAX_RESERVE_BYTES = 8L << 20;
    /** Above this share of the maximum still in use after the error, the heap counts as kept full. */
    private static final double KEPT_FULL = 0.5;

    private final int reserveBytes = (int) Math.min(MAX_RESERVE_BYTES, Runtime.getRuntime().maxMemory() / 16);
    private byte[] reserve;

    OutOfMemory() {
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
     * error itself, a cause, or the cell error JShell made of it), and then the reserve is let
     * go, so the error can be reported and the next cells compiled.
     */
    boolean seen(Throwable failure) {
        if (!isOutOfMemory(failure)) {
            return false;
        }
        reserve = null;
        return true;
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
