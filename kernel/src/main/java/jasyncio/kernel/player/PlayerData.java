package jasyncio.kernel.player;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The recording as the player's JSON: the events that go out (all of them for a cell of
 * ordinary size; for a long run the first ones, the last ones and evenly spaced windows between,
 * under a byte budget), each run of them with the state it starts from (a keyframe, replayed
 * here from the log's chunk snapshots), what their ids refer to, and the timeline's series over
 * the whole run. The events left out are counted, by kind, where they were.
 *
 * <p>The format (player.js reads it; {@code docs} of the fields in {@link EventKind}):
 * columns {@code k t a b c n x} (t as deltas in ns, x relative to the start's loop time for
 * clock values), {@code seg} (where each run starts: its index in the columns, its index in the
 * whole run, the events omitted before it, by kind, and its keyframe), tables {@code handles},
 * {@code tasks}, {@code futures}, {@code lines}, {@code strings}, and {@code timeline}.
 */
final class PlayerData {
    /** The events a player carries at most: about 25 bytes each, so the output stays under 2 MB. */
    static final int MAX_EVENTS = 60_000;
    /** The share of the budget for the first events and for the last (the rest: windows between). */
    static final double HEAD_SHARE = 0.35;
    static final double TAIL_SHARE = 0.35;
    static final int WINDOW = 2_048;

    /** One run of events to send: global indexes [from, to) inside one chunk of the log. */
    record Piece(EventLog.Chunk chunk, long from, long to) {
    }

    private final TraceRecorder recorder;
    private final String title;
    private final StringBuilder json = new StringBuilder(1 << 16);
    private final Set<Integer> handleIds = new LinkedHashSet<>();
    private final Set<Integer> taskIds = new LinkedHashSet<>();
    private final Set<Integer> futureIds = new LinkedHashSet<>();
    private final Set<Integer> stringIds = new LinkedHashSet<>();
    private long sent;

    private PlayerData(TraceRecorder recorder, String title) {
        this.recorder = recorder;
        this.title = title;
    }

    /** The player's JSON for a finished recording, with at most {@code maxEvents} events. */
    static String json(TraceRecorder recorder, String title, int maxEvents) {
        PlayerData data = new PlayerData(recorder, title);
        data.write(select(recorder.log, maxEvents));
        return data.json.toString();
    }

    /** The events to send: all when they fit, else the first, the last, and windows spread between. */
    static List<Piece> select(EventLog log, int maxEvents) {
        List<Piece> all = new ArrayList<>();
        long kept = 0;
        for (EventLog.Chunk chunk : log.chunks()) {
            if (chunk.size > 0) {
                all.add(new Piece(chunk, chunk.start, chunk.end()));
                kept += chunk.size;
            }
        }
        if (kept <= maxEvents) {
            return all;
        }
        long head = (long) (maxEvents * HEAD_SHARE);
        long tail = (long) (maxEvents * TAIL_SHARE);
        List<Piece> out = new ArrayList<>();
        // The first events, from the first chunks on.
        long left = head;
        int first = 0;
        while (left > 0 && first < all.size()) {
            Piece p = all.get(first);
            long take = Math.min(left, p.to - p.from);
            out.add(new Piece(p.chunk, p.from, p.from + take));
            left -= take;
            if (take < p.to - p.from) {
                break;
            }
            first++;
        }
        // The last events, back from the last chunk.
        List<Piece> end = new ArrayList<>();
        left = tail;
        int last = all.size() - 1;
        while (left > 0 && last > first) {
            Piece p = all.get(last);
            long take = Math.min(left, p.to - p.from);
            end.addFirst(new Piece(p.chunk, p.to - take, p.to));
            left -= take;
            if (take < p.to - p.from) {
                break;
            }
            last--;
        }
        // Windows at evenly spaced chunks between (eight at least, when the budget allows).
        long middleBudget = maxEvents - head - tail;
        int window = (int) Math.max(256, Math.min(WINDOW, middleBudget / 8));
        long windows = middleBudget / window;
        int middle = last - first - 1;
        if (middle > 0 && windows > 0) {
            for (int w = 0; w < windows; w++) {
                int index = first + 1 + (int) ((w * 2L + 1) * middle / (windows * 2));
                Piece p = all.get(index);
                if (out.isEmpty() || out.getLast().chunk != p.chunk) {
                    out.add(new Piece(p.chunk, p.from, Math.min(p.to, p.from + window)));
                }
            }
        }
        out.addAll(end);
        return out;
    }

    private void write(List<Piece> pieces) {
        TraceTables tables = recorder.tables;
        double t0 = recorder.loopTimeAtStart();
        json.append("{\"v\":1,\"title\":").append(quote(title))
                .append(",\"t0\":").append(num(t0))
                .append(",\"elapsed\":").append(recorder.elapsedNanos())
                .append(",\"events\":").append(recorder.log.total())
                .append(",\"virtual\":").append(recorder.virtualTime());
        writeVocabulary();
        // The columns, and where each run of them starts.
        StringBuilder k = new StringBuilder(), t = new StringBuilder(), a = new StringBuilder(), b = new StringBuilder(),
                c = new StringBuilder(), n = new StringBuilder(), x = new StringBuilder(), seg = new StringBuilder();
        Map<Long, Integer> lineEvents = new LinkedHashMap<>();
        long previousT = 0;
        long previousEnd = -1;
        long omittedSince = 0;
        long[] omittedKinds = new long[EventKind.VALUES.length];
        EventLog.Chunk previousChunk = null;
        for (Piece piece : pieces) {
            EventLog.Chunk chunk = piece.chunk;
            // What lies between the previous piece and this one was left out.
            if (previousEnd != piece.from) {
                long gap = piece.from - Math.max(0, previousEnd);
                omittedSince += previousEnd < 0 ? piece.from : gap;
                countOmitted(omittedKinds, previousChunk, previousEnd, chunk, piece.from);
                LoopModel.Keyframe key = keyframeAt(chunk, piece.from);
                separator(seg).append('[').append(sent).append(',').append(piece.from).append(',').append(omittedSince).append(',');
                kindCounts(seg, omittedKinds).append(',');
                keyframe(seg, key, t0);
                seg.append(']');
                omittedSince = 0;
                java.util.Arrays.fill(omittedKinds, 0);
            }
            for (long g = piece.from; g < piece.to; g++) {
                int i = (int) (g - chunk.start);
                EventKind kind = EventKind.VALUES[chunk.kind[i]];
                separator(k).append(chunk.kind[i]);
                separator(t).append(chunk.t[i] - previousT);
                previousT = chunk.t[i];
                separator(a).append(chunk.a[i]);
                separator(b).append(chunk.b[i]);
                separator(c).append(chunk.c[i]);
                separator(n).append(chunk.n[i]);
                separator(x).append(xValue(kind, chunk.x[i], t0));
                refer(kind, chunk.a[i], chunk.b[i], chunk.c[i]);
                if (tables.line(g) != 0) {
                    lineEvents.put(g, (int) sent);
                }
                sent++;
            }
            previousEnd = piece.to;
            previousChunk = chunk;
        }
        long after = recorder.log.total() - Math.max(0, previousEnd);
        json.append(",\"sent\":").append(sent).append(",\"omittedAtEnd\":").append(after);
        json.append(",\"k\":[").append(k).append("],\"t\":[").append(t).append("],\"a\":[").append(a)
                .append("],\"b\":[").append(b).append("],\"c\":[").append(c).append("],\"n\":[").append(n)
                .append("],\"x\":[").append(x).append("],\"seg\":[").append(seg).append(']');
        writeTables(lineEvents);
        writeTimeline();
        json.append('}');
    }

    /** The kinds of the events between (prevChunk, prevEnd) and (chunk, from), dropped chunks included. */
    private void countOmitted(long[] counts, EventLog.Chunk prevChunk, long prevEnd, EventLog.Chunk chunk, long from) {
        List<EventLog.Chunk> chunks = recorder.log.chunks();
        int startIndex = prevChunk == null ? 0 : chunks.indexOf(prevChunk);
        int endIndex = chunks.indexOf(chunk);
        for (int ci = startIndex; ci <= endIndex; ci++) {
            EventLog.Chunk ch = chunks.get(ci);
            if (ch != prevChunk || prevChunk == null) {
                for (int kk = 0; kk < counts.length; kk++) {
                    counts[kk] += ch.omittedByKind[kk]; // chunks dropped right before this one
                }
            }
            long lo = ch == prevChunk ? prevEnd : ch.start;
            long hi = ch == chunk ? from : ch.end();
            for (long g = lo; g < hi; g++) {
                counts[ch.kind[(int) (g - ch.start)]]++;
            }
        }
    }

    /** The state before event {@code at} of the chunk: its snapshot, moved along by its events before {@code at}. */
    static LoopModel.Keyframe keyframeAt(EventLog.Chunk chunk, long at) {
        if (at == chunk.start) {
            return chunk.key;
        }
        LoopModel model = new LoopModel();
        model.restore(chunk.key);
        for (long g = chunk.start; g < at; g++) {
            int i = (int) (g - chunk.start);
            model.apply(EventKind.VALUES[chunk.kind[i]], chunk.a[i], chunk.b[i], chunk.x[i]);
        }
        return model.snapshot(id -> Long.MAX_VALUE, 0);
    }

    private void refer(EventKind kind, int a, int b, int c) {
        switch (kind) {
            case SCHEDULED -> {
                handleIds.add(a);
                EventKind.Cause cause = EventKind.Cause.VALUES[b];
                switch (cause) {
                    case CALL_SOON, TASK_CREATED, TASK_YIELD -> task(c);
                    case FUTURE_CALLBACK -> future(c);
                    case THREADSAFE, IO_READY -> stringIds.add(c);
                    default -> {
                    }
                }
            }
            case TIMER_SCHEDULED, TIMER_CANCELLED, TIMER_DUE, POP, RAN -> handleIds.add(a);
            case TASK_CREATED -> {
                task(a);
                task(b);
            }
            case STEP, YIELD, TASK_DONE -> task(a);
            case SUSPEND -> {
                task(a);
                future(b);
            }
            case FUTURE_DONE, RUN_UNTIL_COMPLETE -> {
                future(a);
                stringIds.add(c);
            }
            case NOTE -> stringIds.add(c);
            default -> {
            }
        }
    }

    private void task(int id) {
        if (id > 0) {
            taskIds.add(id);
        }
    }

    private void future(int id) {
        if (id > 0) {
            taskIds.add(id);
        } else if (id < 0) {
            futureIds.add(id);
        }
    }

    private void writeVocabulary() {
        json.append(",\"kinds\":[");
        for (EventKind kind : EventKind.VALUES) {
            json.append(kind.ordinal() == 0 ? "" : ",").append('[').append(quote(kind.label)).append(',')
                    .append(quote(kind.cpythonFile)).append(',').append(quote(kind.cpythonFunction)).append(',')
                    .append(quote(kind.cpythonQuote)).append(',').append(quote(kind.jasyncio)).append(']');
        }
        json.append("],\"causes\":[");
        for (EventKind.Cause cause : EventKind.Cause.VALUES) {
            json.append(cause.ordinal() == 0 ? "" : ",").append('[').append(quote(cause.label)).append(',')
                    .append(quote(cause.file)).append(',').append(quote(cause.function)).append(',').append(quote(cause.quote)).append(']');
        }
        json.append("],\"states\":[");
        for (int i = 0; i < LoopModel.STATE_NAMES.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(LoopModel.STATE_NAMES.get(i)));
        }
        json.append(']');
    }

    private void keyframe(StringBuilder out, LoopModel.Keyframe key, double t0) {
        out.append("{\"r\":[");
        for (int i = 0; i < key.ready().length; i++) {
            out.append(i == 0 ? "" : ",").append(key.ready()[i]);
            handleIds.add(key.ready()[i]);
        }
        out.append("],\"h\":[");
        for (int i = 0; i < key.timerIds().length; i++) {
            out.append(i == 0 ? "" : ",").append('[').append(key.timerIds()[i]).append(',').append(num(key.timerWhens()[i] - t0)).append(']');
            handleIds.add(key.timerIds()[i]);
        }
        out.append("],\"ts\":[");
        for (int i = 0; i < key.taskIds().length; i++) {
            long packed = key.taskStates()[i];
            int awaiting = (int) (packed >>> 32);
            out.append(i == 0 ? "" : ",").append('[').append(key.taskIds()[i]).append(',').append(packed & 0xff).append(',').append(awaiting).append(']');
            task(key.taskIds()[i]);
            future(awaiting);
        }
        out.append("],\"run\":[");
        for (int i = 0; i < key.running().length; i++) {
            out.append(i == 0 ? "" : ",").append(key.running()[i]);
        }
        out.append("],\"hd\":").append(key.handle()).append(",\"it\":").append(key.iteration())
                .append(",\"clk\":").append(num(key.clock() - t0))
                .append(",\"w\":").append(Double.isNaN(key.waiting()) ? "null" : num(key.waiting())).append('}');
        if (key.handle() != 0) {
            handleIds.add(key.handle());
        }
    }

    private void writeTables(Map<Long, Integer> lineEvents) {
        TraceTables tables = recorder.tables;
        HandleIndex handles = HandleIndex.of(recorder);
        // A handle's task, and that task's name, come along with it.
        for (int id : handleIds) {
            task(handles.task(id));
        }
        json.append(",\"handles\":{");
        boolean first = true;
        for (int id : handleIds) {
            int flags = (handles.isTimer(id) ? 1 : 0) | (handles.isWakeup(id) ? 2 : 0);
            json.append(first ? "" : ",").append('"').append(id).append("\":[").append(quote(handles.label(id)))
                    .append(',').append(handles.task(id)).append(',').append(flags).append(']');
            first = false;
        }
        json.append("},\"tasks\":{");
        first = true;
        for (int id : taskIds) {
            json.append(first ? "" : ",").append('"').append(id).append("\":[").append(quote(tables.taskName(id)))
                    .append(',').append(quote(tables.taskOutcome(id))).append(']');
            first = false;
        }
        json.append("},\"futures\":{");
        first = true;
        for (int id : futureIds) {
            String desc = tables.string((int) tables.futures.get(id, 0));
            json.append(first ? "" : ",").append('"').append(id).append("\":").append(quote(desc.isEmpty() ? "Future #" + -id : desc));
            first = false;
        }
        json.append("},\"lines\":{");
        first = true;
        for (Map.Entry<Long, Integer> e : lineEvents.entrySet()) {
            long line = tables.line(e.getKey());
            json.append(first ? "" : ",").append('"').append(e.getValue()).append("\":[").append(quote(tables.string((int) line)))
                    .append(',').append((line >>> 32) & 1).append(']');
            first = false;
        }
        json.append("},\"strings\":{");
        first = true;
        for (int id : stringIds) {
            if (id > 0) {
                json.append(first ? "" : ",").append('"').append(id).append("\":").append(quote(tables.string(id)));
                first = false;
            }
        }
        json.append('}');
    }

    private void writeTimeline() {
        TraceRecorder r = recorder;
        json.append(",\"timeline\":{\"iter\":[");
        for (int i = 0; i < r.iterations.size(); i++) {
            json.append(i == 0 ? "" : ",").append(r.iterations.time(i));
        }
        json.append("],\"steps\":[");
        for (int i = 0; i < r.steps.size(); i++) {
            json.append(i == 0 ? "" : ",").append('[').append(r.steps.time(i)).append(',').append(r.steps.value(i))
                    .append(',').append(r.steps.length(i)).append(']');
        }
        json.append("],\"waits\":[");
        for (int i = 0; i < r.waits.size(); i++) {
            json.append(i == 0 ? "" : ",").append('[').append(r.waits.time(i)).append(',').append(r.waits.length(i)).append(']');
        }
        json.append("],\"ready\":[");
        for (int i = 0; i < r.readyLengths.size(); i++) {
            json.append(i == 0 ? "" : ",").append('[').append(r.readyLengths.time(i)).append(',').append(r.readyLengths.value(i)).append(']');
        }
        json.append("],\"compile\":[");
        for (int i = 0; i + 1 < r.compiles.size(); i += 2) {
            json.append(i == 0 ? "" : ",").append('[').append(r.compiles.get(i)).append(',').append(r.compiles.get(i + 1)).append(']');
        }
        json.append("],\"lanes\":[");
        for (int i = 0; i < r.laneTasks.size(); i++) {
            int id = r.laneTasks.get(i);
            json.append(i == 0 ? "" : ",").append('[').append(id).append(',').append(quote(r.tables.taskName(id)))
                    .append(',').append(r.taskBorn.get(id, -1)).append(',').append(r.taskEnded.get(id, -1)).append(']');
        }
        json.append("],\"moreTasks\":").append(Math.max(0, r.tables.tasks.size() - r.laneTasks.size())).append('}');
    }

    private static StringBuilder separator(StringBuilder column) {
        if (!column.isEmpty()) {
            column.append(',');
        }
        return column;
    }

    private static StringBuilder kindCounts(StringBuilder out, long[] counts) {
        out.append('{');
        boolean first = true;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.append(first ? "" : ",").append('"').append(EventKind.VALUES[i].label).append("\":").append(counts[i]);
                first = false;
            }
        }
        return out.append('}');
    }

    /** x as the player reads it: clock values relative to the start, a timeout as is, a duration in ns. */
    private static String xValue(EventKind kind, long x, double t0) {
        return switch (kind) {
            case ITERATION, WOKE, CLOCK_JUMP, TIMER_SCHEDULED -> num(Double.longBitsToDouble(x) - t0);
            case WAIT -> num(Double.longBitsToDouble(x));
            case RAN -> Long.toString(x);
            default -> "0";
        };
    }

    /** A number for JSON: 9 significant digits, no exponent for ordinary values, finite. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.9g", v);
        if (s.contains("e") || s.contains("E")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    /** A JSON string, safe inside an HTML script element ({@code </} and line separators escaped). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
