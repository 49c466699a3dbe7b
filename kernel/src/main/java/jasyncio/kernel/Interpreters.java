package jasyncio.kernel;

import jasyncio.kernel.display.DisplaySink;
import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.shell.JShellInterpreter;
import jasyncio.loop.EventLoop;
import java.util.Map;
import java.util.function.Function;

/** How the kernel makes its interpreter: JShell, with display() going to the running cell. */
final class Interpreters {
    private Interpreters() {
    }

    static Function<EventLoop, Interpreter> jshell(Publisher publisher, CellContext cell) {
        DisplaySink sink = new DisplaySink() {
            @Override
            public void displayData(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
                cell.flushOutput(); // what was printed before the display comes before it
                publisher.display(cell.outputParent(), data, metadata, displayId, false);
            }

            @Override
            public void updateDisplayData(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
                cell.flushOutput();
                publisher.display(cell.outputParent(), data, metadata, displayId, true);
            }

            @Override
            public void clearOutput(boolean wait) {
                cell.flushOutput();
                publisher.clearOutput(cell.outputParent(), wait);
            }
        };
        return loop -> {
            JShellInterpreter interpreter = new JShellInterpreter(loop, sink);
            interpreter.logNotesTo(note -> KernelLog.line("note: " + note));
            interpreter.warmUp();
            return interpreter;
        };
    }
}
