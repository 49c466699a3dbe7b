package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import java.util.Map;

/**
 * What a magic may do with the kernel, for one execute_request: the execute handler
 * implements it, so magics know nothing of Jupyter messages or sockets.
 */
public interface MagicHost {
    /** The kernel's one persistent loop (idle while a magic runs, on its thread). */
    EventLoop loop();

    Interpreter interpreter();

    /** Runs code as an ordinary cell (a Task on the loop, interruptible); its value or null. */
    CellValue runCell(String code);

    /** {@code loop.runUntilComplete(future)}, interruptible like a cell; its result. */
    <T> T runUntilComplete(Future<T> future);

    /** Text for the cell's stdout, batched with what the cell prints (safe on the loop thread, never re-enters it). */
    void write(String text);

    /** Text for the cell's stderr (a warning), batched like {@link #write}. */
    void warn(String text);

    /** A display_data message under the cell, after what was written so far. */
    void display(Map<String, Object> bundle);

    /** display_data with a display id, to replace later with {@link #updateDisplay}. */
    void display(Map<String, Object> bundle, String displayId);

    /** update_display_data: what the displays with this id show is replaced (safe on the loop thread, mid-cell). */
    void updateDisplay(Map<String, Object> bundle, String displayId);

    /** A pager payload of the execute_reply (help text). */
    void page(Map<String, Object> bundle);
}
