package jasyncio.kernel.magic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The display a traced cell ends with: text/plain for consoles, and text/html with the
 * events counted by kind, a timeline with one lane per task (a bar per step, as long as it ran), the ready
 * queue's length over time as an SVG step line, and the run's first calls as a chain.
 */
final class TraceSummary {
    static final int WIDTH = 640;
    static final int LANE = 16;
    static final int PLOT_HEIGHT = 80;

    private TraceSummary() {
    }

    static Map<String, Object> bundle(LoopTrace trace) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", plain(trace));
        bundle.put("text/html", html(trace));
        return bundle;
    }

    static String headline(LoopTrace trace) {
        return String.format(Locale.ROOT, "trace: %d events in %s, %d tasks created; %d lines shown%s",
                trace.events(), LoopTrace.ms(trace.elapsedNanos()), trace.counts[TraceKind.TASK_CREATED.ordinal()], trace.shown,
                trace.hidden == 0 ? "" : ", " + trace.hidden + " more not shown (--limit " + trace.options().limit() + ")");
    }

    static String chain(LoopTrace trace) {
        return trace.chain.stream().map(k -> k.cpython).collect(Collectors.joining(" → "));
    }

    static String plain(LoopTrace trace) {
        StringBuilder text = new StringBuilder(headline(trace)).append('\n');
        for (TraceKind kind : TraceKind.values()) {
            long n = trace.counts[kind.ordinal()];
            if (n > 0) {
                text.append(String.format(Locale.ROOT, "  %-18s %7d  %s%n", kind.label, n, kind.cpython));
            }
        }
        text.append("tasks: ").append(String.join(", ", trace.laneNames)
                + (trace.laneNames.size() == LoopTrace.MAX_LANES ? ", …" : "")).append('\n');
        text.append("ready queue length: max ").append(trace.readyLengths.max()).append('\n');
        return text.append("first calls: ").append(chain(trace)).toString();
    }

    static String html(LoopTrace trace) {
        StringBuilder html = new StringBuilder("<div class=\"jasyncio-trace\">");
        html.append("<p><b>").append(escape(headline(trace))).append("</b></p>");
        html.append("<p>first calls: <code>").append(escape(chain(trace))).append("</code></p>");
        html.append("<table><tr><th>event</th><th>count</th><th>CPython</th></tr>");
        for (TraceKind kind : TraceKind.values()) {
            long n = trace.counts[kind.ordinal()];
            if (n > 0) {
                html.append("<tr><td>").append(kind.label).append("</td><td>").append(n)
                        .append("</td><td><code>").append(escape(kind.cpython)).append("</code></td></tr>");
            }
        }
        html.append("</table>");
        html.append(timeline(trace)).append(readyPlot(trace));
        return html.append("</div>").toString();
    }

    /** The loop's iterations on the top lane, then one lane per task (the first MAX_LANES), a bar per step. */
    static String timeline(LoopTrace trace) {
        List<String> names = new ArrayList<>();
        names.add("loop iterations");
        names.addAll(trace.laneNames);
        int labelWidth = 110;
        int height = names.size() * LANE + 20;
        double span = Math.max(1, trace.elapsedNanos());
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"lanes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", WIDTH + labelWidth, height));
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"11\">%s</text>", i * LANE + 12, escape(names.get(i))))
                    .append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>",
                            labelWidth, i * LANE + 8, labelWidth + WIDTH, i * LANE + 8));
        }
        marks(svg, trace.iterations, "iteration", "#999", labelWidth, span, 0);
        marks(svg, trace.steps, "step", "#36c", labelWidth, span, 1);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">0 … %s</text>",
                labelWidth, height - 4, LoopTrace.ms(trace.elapsedNanos())));
        return svg.append("</svg>").toString();
    }

    /** A bar per sample, on the lane its value names (shifted down by firstLane), as wide as it lasted (2 px at least). */
    private static void marks(StringBuilder svg, Samples samples, String cssClass, String color, int left, double span, int firstLane) {
        for (int i = 0; i < samples.size(); i++) {
            double x = left + samples.time(i) / span * WIDTH;
            double width = Math.max(2, samples.length(i) / span * WIDTH);
            svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"%s\"/>",
                    cssClass, x, (samples.value(i) + firstLane) * LANE + 2, width, color));
        }
    }

    /** The ready queue's length over time, as a step line (a length holds until the next event) the kernel draws. */
    static String readyPlot(LoopTrace trace) {
        Samples samples = trace.readyLengths;
        int max = Math.max(1, samples.max());
        double span = Math.max(1, trace.elapsedNanos());
        StringBuilder points = new StringBuilder();
        double lastY = PLOT_HEIGHT;
        for (int i = 0; i < samples.size(); i++) {
            double x = samples.time(i) / span * WIDTH;
            double y = PLOT_HEIGHT - (double) samples.value(i) / max * (PLOT_HEIGHT - 4);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, lastY, x, y));
            lastY = y;
        }
        points.append(String.format(Locale.ROOT, "%d,%.1f", WIDTH, lastY));
        return String.format(Locale.ROOT,
                "<p>ready queue length (max %d)</p><svg class=\"ready\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
                        + "<polyline fill=\"none\" stroke=\"#c33\" points=\"%s\"/></svg>",
                samples.max(), WIDTH, PLOT_HEIGHT, points.toString().strip());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
