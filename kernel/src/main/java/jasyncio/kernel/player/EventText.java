package jasyncio.kernel.player;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recorded events as short lines, read back from the log and its tables (no live object is
 * needed): the live display of a traced cell shows its last ones, {@code %loop step} those of the
 * iteration it ran. E.g. {@code +0.412ms it=3 pop Handle<Task-5.step> (ready 2)}.
 */
final class EventText {
    private EventText() {
    }

    /** The last {@code count} events recorded (fewer if fewer are kept), oldest first. */
    static List<String> last(TraceRecorder recorder, int count) {
        List<String> lines = new ArrayList<>();
        List<EventLog.Chunk> chunks = recorder.log.chunks();
        HandleIndex handles = HandleIndex.of(recorder, chunks.subList(Math.max(0, chunks.size() - 2), chunks.size()));
        for (int c = chunks.size() - 1; c >= 0 && lines.size() < count; c--) {
            EventLog.Chunk chunk = chunks.get(c);
            for (int i = chunk.size - 1; i >= 0 && lines.size() < count; i--) {
                lines.addFirst(line(recorder, handles, chunk, i));
            }
        }
        return lines;
    }

    /** Every event recorded, at most {@code max} (then a line says how many more). */
    static List<String> all(TraceRecorder recorder, int max) {
        List<String> lines = new ArrayList<>();
        HandleIndex handles = HandleIndex.of(recorder);
        for (EventLog.Chunk chunk : recorder.log.chunks()) {
            for (int i = 0; i < chunk.size; i++) {
                if (lines.size() == max) {
                    lines.add("… " + (recorder.log.total() - max) + " more events");
                    return lines;
                }
                lines.add(line(recorder, handles, chunk, i));
            }
        }
        return lines;
    }

    static String line(TraceRecorder recorder, HandleIndex handles, EventLog.Chunk chunk, int i) {
        TraceTables tables = recorder.tables;
        EventKind kind = EventKind.VALUES[chunk.kind[i]];
        int a = chunk.a[i];
        int b = chunk.b[i];
        double x = Double.longBitsToDouble(chunk.x[i]);
        String what = switch (kind) {
            case ITERATION -> "runOnce #" + a;
            case SCHEDULED -> handles.display(a) + " (" + EventKind.Cause.VALUES[b].label + ")";
            case TIMER_SCHEDULED -> handles.display(a) + " due in "
                    + StateView.seconds(x - recorder.loopTimeAtStart() - chunk.t[i] / 1e9);
            case TIMER_CANCELLED, TIMER_DUE -> handles.display(a);
            case WAIT -> "timeout=" + (x < 0 ? "None (until woken)" : StateView.seconds(x));
            case WOKE -> b + " I/O event" + (b == 1 ? "" : "s");
            case POP -> handles.display(a);
            case RAN -> handles.display(a) + " took " + StateView.seconds(chunk.x[i] / 1e9);
            case TASK_CREATED, YIELD -> tables.taskName(a);
            case STEP -> tables.taskName(a) + (b == 0 ? " send(None)" : " throw(CancelledError)");
            case SUSPEND -> tables.taskName(a) + " awaits " + (b > 0 ? tables.taskName(b) : "Future #" + -b);
            case TASK_DONE -> tables.taskName(a) + " " + EventKind.Outcome.values()[b].name().toLowerCase(Locale.ROOT);
            case FUTURE_DONE -> (a > 0 ? tables.taskName(a) : "Future #" + -a) + ", " + b + " callback" + (b == 1 ? "" : "s");
            case COMPILE -> b == 1 ? "JShell compiles a snippet" : "the snippet runs";
            case CLOCK_JUMP -> "to +" + StateView.seconds(x - recorder.loopTimeAtStart());
            case RUN_UNTIL_COMPLETE, NOTE -> tables.string(chunk.c[i]);
        };
        String ready = chunk.n[i] >= 0 ? " (ready " + chunk.n[i] + ")" : "";
        return String.format(Locale.ROOT, "+%.3fms %s %s%s", chunk.t[i] / 1e6, kind.label, what, ready);
    }
}
