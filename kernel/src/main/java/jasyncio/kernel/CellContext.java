package jasyncio.kernel;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;

/**
 * Which request the output of running code belongs to. Output written by cell code, or by tasks
 * of earlier cells while this cell runs, goes to the cell that is running; output from threads
 * between cells goes to the last cell. This is the one piece of "current cell" state, set and
 * cleared only by the execute handler.
 */
final class CellContext {
    private final StreamCapture capture;
    private final Stdin stdin;
    private volatile JsonObject outputParent;

    CellContext(StreamCapture capture, Stdin stdin) {
        this.capture = capture;
        this.stdin = stdin;
    }

    void begin(Message request, boolean allowStdin) {
        capture.flush(); // what earlier code wrote belongs to the earlier cell
        outputParent = request.header();
        stdin.beginCell(request, allowStdin);
    }

    void end() {
        capture.flush(); // every byte before the reply and the idle status
        stdin.endCell();
    }

    /**
     * Sends what was printed so far, before a display message that must come after it. False
     * when the heap was too full to send it all (the rest is kept for a later flush).
     */
    boolean flushOutput() {
        return capture.flush();
    }

    /** Text for the running cell's stream, batched with what its code prints (never re-enters the loop). */
    void write(String stream, String text) {
        capture.append(stream, text);
    }

    /** The header of the cell output goes to (null before the first cell). */
    JsonObject outputParent() {
        return outputParent;
    }
}
