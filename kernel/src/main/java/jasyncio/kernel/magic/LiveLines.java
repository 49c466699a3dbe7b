package jasyncio.kernel.magic;

import jasyncio.kernel.player.TraceRecorder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a traced cell shows while it runs: ONE display, updated in place (display_data with a
 * display id, then update_display_data at most every {@link #INTERVAL_NANOS}, and when the loop is
 * about to wait), with the count of events so far and the last {@link #SHOWN} of them. At the end
 * it is emptied and the player shows below (a console, which ignores updates, printed the first).
 */
final class LiveLines {
    static final int SHOWN = 12;
    static final long INTERVAL_NANOS = 250_000_000L;

    private final MagicHost host;
    private final String displayId = "jasyncio-trace-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private TraceRecorder recorder;
    private long shownEvents = -1;

    LiveLines(MagicHost host) {
        this.host = host;
    }

    /** Shows the display, before the recording begins (so its cost is not in the trace). */
    void show() {
        host.display(bundle("%%trace: recording the loop's events…", List.of()), displayId);
    }

    /** Has the recorder keep the display current. */
    void follow(TraceRecorder recorder) {
        this.recorder = recorder;
        recorder.onProgress(this::update, INTERVAL_NANOS);
    }

    private void update() {
        long events = recorder.events();
        if (events == shownEvents) {
            return;
        }
        shownEvents = events;
        host.updateDisplay(bundle(String.format(Locale.ROOT, "%%%%trace: %,d events so far; the last ones:", events),
                recorder.lastLines(SHOWN)), displayId);
    }

    /** The live display is no longer needed: the player replaces it (it is emptied, the player shown below). */
    void end() {
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("text/plain", "");
        empty.put("text/html", "");
        host.updateDisplay(empty, displayId);
    }

    private static Map<String, Object> bundle(String head, List<String> lines) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        String text = head + (lines.isEmpty() ? "" : "\n" + String.join("\n", lines));
        bundle.put("text/plain", text);
        bundle.put("text/html", "<pre style=\"margin:0;max-height:16em;overflow:hidden;font-size:12px;color:#334\">"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</pre>");
        return bundle;
    }
}
