package jasyncio.kernel.player;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTML of a {@link StateView} with no script: the same boxes, list and cards the player
 * draws (and its stylesheet, so they look alike), with the same data-* attributes for tests.
 * Also where the player's own resources (script, style) are read from the jar.
 */
final class StatePage {
    static final String CSS = resource("player.css");
    static final String JS = resource("player.js");

    private StatePage() {
    }

    static String resource(String name) {
        try (InputStream in = StatePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the kernel jar lacks jasyncio/kernel/player/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(StateView view) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<div class=\"jasyncio-player jasyncio-state\"><style>").append(CSS).append("</style>");
        html.append("<div class=\"jp-head\"><span class=\"jp-title\">").append(escape(view.title())).append("</span><span class=\"jp-meta\">")
                .append(escape(view.clock())).append("</span></div>");
        html.append("<div class=\"jp-grid\"><div class=\"jp-panel\"><h4>Ready queue <small>loop._ready · collections.deque · ")
                .append(view.ready().size()).append(" · popleft() ← left … right ← append()</small></h4>");
        html.append("<div class=\"jp-deque\" data-ready-ids=\"");
        for (int i = 0; i < view.ready().size(); i++) {
            html.append(i == 0 ? "" : ",").append(view.ready().get(i).id());
        }
        html.append("\" data-ready-length=\"").append(view.ready().size()).append("\"><span class=\"jp-end\">popleft() ←</span>");
        for (int i = 0; i < Math.min(StateView.SHOWN, view.ready().size()); i++) {
            StateView.Box box = view.ready().get(i);
            html.append("<div class=\"jp-box").append(box.timer() ? " jp-timer" : "").append(box.cause().equals("cancelled") ? " jp-cancelled" : "")
                    .append("\" data-handle-id=\"").append(box.id()).append("\"><span class=\"jp-name\">").append(escape(box.label()))
                    .append("</span><span class=\"jp-cause\">").append(escape(box.cause().isEmpty() ? "#" + box.id() : box.cause() + " #" + box.id()))
                    .append("</span></div>");
        }
        if (view.ready().size() > StateView.SHOWN) {
            html.append("<span class=\"jp-more\">… ").append(view.ready().size() - StateView.SHOWN).append(" more</span>");
        }
        if (view.ready().isEmpty()) {
            html.append("<span class=\"jp-more\">(empty)</span>");
        }
        html.append("<span class=\"jp-end\">← append()</span></div>");
        html.append("<dl class=\"jp-now\"><dt>running</dt><dd class=\"jp-mono\">").append(escape(view.running()))
                .append("</dd><dt>selector</dt><dd>").append(escape(view.waiting())).append("</dd></dl></div>");
        html.append("<div class=\"jp-panel\"><h4>Timers <small>loop._scheduled · heapq · ").append(view.timers().size())
                .append(" · soonest first</small></h4><ul class=\"jp-timers\" data-timer-ids=\"");
        for (int i = 0; i < view.timers().size(); i++) {
            html.append(i == 0 ? "" : ",").append(view.timers().get(i).id());
        }
        html.append("\">");
        for (int i = 0; i < Math.min(StateView.SHOWN, view.timers().size()); i++) {
            StateView.TimerRow t = view.timers().get(i);
            html.append("<li data-handle-id=\"").append(t.id()).append("\"><span class=\"jp-name\">").append(escape(t.label()))
                    .append("</span><span class=\"jp-due\">due ").append(escape(t.due())).append(" · in ").append(escape(t.in()))
                    .append("</span></li>");
        }
        if (view.timers().isEmpty()) {
            html.append("<li class=\"jp-more\">(no timer)</li>");
        }
        html.append("</ul></div></div><div class=\"jp-tasks\" data-task-states=\"");
        for (int i = 0; i < view.tasks().size(); i++) {
            html.append(i == 0 ? "" : ",").append(view.tasks().get(i).id()).append(':').append(view.tasks().get(i).state());
        }
        html.append("\">");
        for (int i = 0; i < Math.min(StateView.SHOWN, view.tasks().size()); i++) {
            StateView.Card c = view.tasks().get(i);
            html.append("<div class=\"jp-card\" data-task-id=\"").append(c.id()).append("\" data-state=\"").append(c.state())
                    .append("\"><div><span class=\"jp-tname\">").append(escape(c.name())).append("</span><span class=\"jp-state\">")
                    .append(c.state()).append("</span></div><div class=\"jp-detail\">").append(escape(c.detail())).append("</div></div>");
        }
        if (view.tasks().size() > StateView.SHOWN) {
            html.append("<span class=\"jp-more\">… ").append(view.tasks().size() - StateView.SHOWN).append(" more tasks</span>");
        }
        if (view.tasks().isEmpty()) {
            html.append("<span class=\"jp-more\">(no task)</span>");
        }
        html.append("</div>");
        if (!view.notes().isEmpty()) {
            html.append("<pre class=\"jp-notes\">").append(escape(String.join("\n", view.notes()))).append("</pre>");
        }
        return html.append("</div>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
