package jasyncio.kernel;

import jasyncio.kernel.display.DisplaySink;
import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.shell.JShellInterpreter;
import jasyncio.loop.EventLoop;
import java.util.Map;

/** How the kernel makes its interpreter: JShell, with display() going to the running cell. */
final class Interpreters {
    private Interpreters() {
    }

    /**
     * JShell and its prelude (a few hundred milliseconds, begun before the sockets are bound);
     * the kernel warms it up while no request waits (Kernel.serve).
     */
    static Interpreter jshell(EventLoop loop, DisplaySink displays) {
        JShellInterpreter interpreter = new JShellInterpreter(loop, displays);
        interpreter.logNotesTo(note -> KernelLog.line("note: " + note));
        return interpreter;
    }

    /** display(), updateDisplay(), clearOutput() of cells: iopub messages to the running cell. */
    static DisplaySink displaySink(Publisher publisher, CellContext cell) {
        return new DisplaySink() {
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
    }

    /**
     * The display sink the interpreter is made with before the publisher exists; the real one
     * is attached before the kernel serves its first request, so no cell ever finds it missing.
     */
    static final class LateDisplays implements DisplaySink {
        private volatile DisplaySink target;

        void attach(DisplaySink sink) {
            target = sink;
        }

        @Override
        public void displayData(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
            target.displayData(data, metadata, displayId);
        }

        @Override
        public void updateDisplayData(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
            target.updateDisplayData(data, metadata, displayId);
        }

        @Override
        public void clearOutput(boolean wait) {
            target.clearOutput(wait);
        }
    }
}
