package jasyncio.kernel.magic;

import jasyncio.kernel.player.TracePlayer;
import jasyncio.kernel.player.TraceRecorder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The display a traced cell ends with: the player (text/html, with image/png for front ends
 * without scripts, see {@link TracePlayer}) and, for consoles, text/plain: the headline, the
 * lines kept (when they were not streamed with --lines), the events counted by kind with their
 * CPython counterparts, the tasks, and the run's first calls as a chain.
 */
final class TraceSummary {
    private TraceSummary() {
    }

    static Map<String, Object> bundle(LoopTrace trace, TraceRecorder recorder, List<String> lines) {
        String name = recorder.firstTaskName();
        String title = "%%trace" + (name == null ? "" : " of " + name);
        return TracePlayer.bundle(recorder, title, plain(trace, recorder, lines));
    }

    static String headline(LoopTrace trace, TraceRecorder recorder) {
        return String.format(Locale.ROOT, "trace: %d events in %s, %d tasks created; %d lines shown%s",
                recorder.events(), LoopTrace.ms(recorder.elapsedNanos()), trace.counts[TraceKind.TASK_CREATED.ordinal()], trace.shown,
                trace.hidden == 0 ? "" : ", " + trace.hidden + " more not shown (--limit " + trace.options().limit() + ")");
    }

    static String chain(LoopTrace trace) {
        return trace.chain.stream().map(k -> k.cpython).collect(Collectors.joining(" → "));
    }

    /** The console's summary; {@code lines} are the kept lines (empty when they were streamed). */
    static String plain(LoopTrace trace, TraceRecorder recorder, List<String> lines) {
        StringBuilder text = new StringBuilder(headline(trace, recorder)).append('\n');
        for (String line : lines) {
            text.append(line);
        }
        for (TraceKind kind : TraceKind.values()) {
            long n = trace.counts[kind.ordinal()];
            if (n > 0) {
                text.append(String.format(Locale.ROOT, "  %-18s %7d  %s%n", kind.label, n, kind.cpython));
            }
        }
        text.append("tasks: ").append(String.join(", ", recorder.taskNames())).append('\n');
        return text.append("first calls: ").append(chain(trace)).toString();
    }
}
