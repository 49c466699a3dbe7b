package jasyncio.kernel.player;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The output of a traced cell: one display whose text/html is the player (its script, style and
 * the recording as JSON, inline: no network), with image/png of the final state and the timeline
 * for front ends without scripts (also shown inside the HTML until the script starts), and the
 * text/plain the caller gives, for consoles.
 */
public final class TracePlayer {
    private TracePlayer() {
    }

    /** The display bundle of a finished recording. */
    public static Map<String, Object> bundle(TraceRecorder recorder, String title, String plain) {
        return bundle(recorder, title, plain, PlayerData.MAX_EVENTS);
    }

    static Map<String, Object> bundle(TraceRecorder recorder, String title, String plain, int maxEvents) {
        recorder.end();
        String png = Base64.getEncoder().encodeToString(
                PlayerImage.trace(StateView.ofRecording(recorder, "the loop at the end"), recorder, title));
        String html = html(PlayerData.json(recorder, title, maxEvents), png, title);
        // Events are about 25 bytes each; long names or many tasks make them more: then fewer go out.
        while (html.length() + png.length() + plain.length() > MAX_BYTES && maxEvents > 1_000) {
            maxEvents /= 2;
            html = html(PlayerData.json(recorder, title, maxEvents), png, title);
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", plain);
        bundle.put("text/html", html);
        bundle.put("image/png", png);
        return bundle;
    }

    /** What a player's output may weigh (characters of its bundle; the JSON is ASCII but for names). */
    static final int MAX_BYTES = 1_900_000;

    /** The player's HTML around its JSON; a fresh id, so several players on one page stay apart. */
    static String html(String json, String pngBase64, String title) {
        String id = "jp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return new StringBuilder(json.length() + StatePage.JS.length() + StatePage.CSS.length() + pngBase64.length() + 1024)
                .append("<div class=\"jasyncio-player\" id=\"").append(id).append("\" data-player=\"1\">")
                .append("<style>").append(StatePage.CSS).append("</style>")
                .append("<script type=\"application/json\" class=\"jp-data\">").append(json).append("</script>")
                .append("<div class=\"jp-static\"><div class=\"jp-note\">")
                .append(StatePage.escape(title)).append(": the interactive player needs JavaScript (a trusted notebook); "
                        + "here is the loop's final state and the timeline.</div><img alt=\"")
                .append(StatePage.escape(title)).append(": final state and timeline\" src=\"data:image/png;base64,")
                .append(pngBase64).append("\"></div>")
                .append("<script>").append(StatePage.JS)
                .append("\n(function(){var s=document.currentScript,r=s&&s.parentNode&&s.parentNode.id===\"").append(id)
                .append("\"?s.parentNode:document.getElementById(\"").append(id)
                .append("\");if(window.jasyncioPlayer1&&r){window.jasyncioPlayer1.mount(r);}})();</script></div>")
                .toString();
    }
}
