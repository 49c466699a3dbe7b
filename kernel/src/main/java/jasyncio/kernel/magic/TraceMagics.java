package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import jasyncio.loop.LoopObserver;
import java.util.function.Supplier;

/**
 * {@code %%trace} (the cell, traced), {@code %trace STATEMENT}, and {@code %trace on|off}
 * (every following cell). While traced code runs, a {@link LoopTrace} is the loop's observer;
 * after it, the loop has its old observer back (none: tracing off costs one null check per
 * event) and the cell ends with the {@link TraceSummary}.
 */
final class TraceMagics {
    private static final String OPTIONS = "[--cpython] [--limit N] [--filter kind1,kind2] [--task NAME] [--virtual-time]";
    private final Magics magics;
    /** The options of %trace on; null while off. */
    private TraceOptions everyCell;

    TraceMagics(Magics magics) {
        this.magics = magics;
    }

    void register() {
        magics.add(new Magic("trace", Magic.Kind.CELL, OPTIONS,
                "Runs the cell traced: one line per event of the event loop, live, with the time since the cell\n"
                        + "started, the loop iteration, the event and the ready queue after it; then a summary.\n"
                        + "--cpython names each event's CPython counterpart; --limit N shows N lines (default "
                        + TraceOptions.DEFAULT_LIMIT + ")\nand counts the rest; --filter keeps event kinds ("
                        + String.join(",", java.util.Arrays.stream(TraceKind.values()).map(k -> k.label).toList())
                        + "); --task NAME keeps one task's events.\n--virtual-time runs the cell on the virtual clock (%virtual_time?): the times and the\n"
                        + "events are then the same on every run.\nThe body may be a line magic, e.g. %run_until_complete EXPR.",
                (host, args, body) -> {
                    TraceOptions options = TraceOptions.parse(args);
                    if (!options.rest().isEmpty()) {
                        throw TraceOptions.usage("unexpected " + options.rest());
                    }
                    return traced(host, options, () -> magics.dispatch(body, host));
                }));
        magics.add(new Magic("trace", Magic.Kind.LINE, "on " + OPTIONS + " | off | " + OPTIONS + " STATEMENT",
                "%trace on traces every following cell (with these options), %trace off stops;\n"
                        + "%trace STATEMENT runs one statement traced. See %%trace? for the options.",
                (host, args, body) -> traceLine(host, args)));
    }

    private CellValue traceLine(MagicHost host, String args) {
        String[] words = args.split("\\s+", 2);
        String after = words.length > 1 ? words[1] : "";
        if (words[0].equals("off")) {
            everyCell = null;
            host.write("tracing off\n");
            return null;
        }
        TraceOptions options = TraceOptions.parse(words[0].equals("on") ? after : args);
        if (words[0].equals("on") || options.rest().equals("on")) { // %trace on --cpython, %trace --cpython on
            if (words[0].equals("on") && !options.rest().isEmpty()) {
                throw TraceOptions.usage("unexpected " + options.rest());
            }
            everyCell = options;
            host.write("tracing every cell\n");
            return null;
        }
        if (options.rest().isEmpty()) {
            throw TraceOptions.usage("%trace needs on, off or a statement");
        }
        return traced(host, options, () -> magics.dispatch(options.rest(), host));
    }

    /** A cell that is not a magic: traced while %trace on, as before otherwise. */
    CellValue plainCell(MagicHost host, String code) {
        TraceOptions options = everyCell;
        return options == null ? host.runCell(code) : traced(host, options, () -> host.runCell(code));
    }

    static CellValue traced(MagicHost host, TraceOptions options, Supplier<CellValue> run) {
        EventLoop loop = host.loop();
        if (options.virtualTime() && !loop.isVirtualTime()) { // the trace begins on the virtual clock
            return ClockMagics.withVirtualTime(loop, () -> traced(host, options, run));
        }
        LoopObserver previous = loop.getObserver();
        LoopTrace trace = new LoopTrace(loop, options, host::write);
        loop.setObserver(trace);
        try {
            return run.get();
        } finally {
            loop.setObserver(previous);
            trace.end();
            host.display(TraceSummary.bundle(trace));
        }
    }
}
