package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import jasyncio.kernel.player.TraceRecorder;
import jasyncio.loop.LoopObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code %%trace} (the cell, traced), {@code %trace STATEMENT}, and {@code %trace on|off}
 * (every following cell). While traced code runs, a {@link TraceRecorder} is the loop's observer
 * (with the {@link LoopTrace} line printer after it, and a {@link LiveLines} display kept
 * current); after it, the loop has its old observer back (none: tracing off costs one null check
 * per event) and the cell ends with the {@link TraceSummary}: the player.
 */
final class TraceMagics {
    private static final String OPTIONS = "[--cpython] [--lines] [--limit N] [--filter kind1,kind2] [--task NAME] [--virtual-time]";
    private final Magics magics;
    /** The options of %trace on; null while off. */
    private TraceOptions everyCell;

    TraceMagics(Magics magics) {
        this.magics = magics;
    }

    void register() {
        magics.add(new Magic("trace", Magic.Kind.CELL, OPTIONS,
                "Runs the cell traced, then shows the player: step through the recorded events (buttons, slider,\n"
                        + "arrow keys, play) and see the ready deque, the timer heap, each task's state, what runs and\n"
                        + "the CPython code doing the same, above a timeline (a lane per task; click, drag or wheel to zoom).\n"
                        + "While the cell runs, one display shows the count of events and the last lines; --lines streams\n"
                        + "every line instead (time since the start, iteration, event, the ready queue after it).\n"
                        + "--cpython names each event's CPython counterpart; --limit N keeps N lines (default "
                        + TraceOptions.DEFAULT_LIMIT + ")\nfor the text summary and counts the rest; --filter keeps event kinds ("
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

    /** Whether %trace on is in force (then plain cells go through {@link #plainCell}). */
    boolean tracesEveryCell() {
        return everyCell != null;
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
        List<String> kept = new ArrayList<>();
        LiveLines live = options.lines() ? null : new LiveLines(host);
        if (live != null) {
            live.show();
        }
        LoopTrace trace = new LoopTrace(loop, options, options.lines() ? host::write : kept::add);
        TraceRecorder recorder = new TraceRecorder(loop, host.interpreter()::locate).then(trace);
        if (live != null) {
            live.follow(recorder);
        }
        host.interpreter().onCompile(recorder::compiling);
        loop.setObserver(recorder);
        try {
            return run.get();
        } finally {
            loop.setObserver(previous);
            host.interpreter().onCompile(null);
            recorder.end();
            trace.end();
            if (live != null) {
                live.end();
            }
            host.display(TraceSummary.bundle(trace, recorder, kept));
        }
    }
}
