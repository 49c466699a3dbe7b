package jasyncio.kernel.player;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The picture for front ends without scripts (nbconvert, GitHub, an untrusted notebook): the
 * loop's state (the ready deque's boxes, the timer heap, the task cards) and, for a trace, the
 * timeline (a lane for the loop and one per task on one time axis, the ready queue's length
 * below, axes labelled with units, JShell's compile time left out and marked), drawn with
 * Java2D in headless mode as a PNG.
 */
final class PlayerImage {
    static final int WIDTH = 960;
    private static final Color INK = new Color(0x1d2433);
    private static final Color MUTED = new Color(0x667088);
    private static final Color RULE = new Color(0xdde4f0);
    private static final Color BOX = new Color(0xeef3fd);
    private static final Color BOX_EDGE = new Color(0x7d9bd1);
    private static final Color TIMER = new Color(0xf5effd);
    private static final Color TIMER_EDGE = new Color(0xa07cd1);
    private static final Color STEP = new Color(0x2f6fd6);
    private static final Color WAIT = new Color(0xd5e6f7);
    private static final Color COMPILE = new Color(0xe08a00);
    private static final Color READY = new Color(0xc0392b);
    private static final String SANS = fontFamily("DejaVu Sans", Font.SANS_SERIF);
    private static final String MONO = fontFamily("DejaVu Sans Mono", Font.MONOSPACED);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PlayerImage() {
    }

    private static String fontFamily(String wanted, String fallback) {
        return new Font(wanted, Font.PLAIN, 12).getFamily().equalsIgnoreCase(wanted) ? wanted : fallback;
    }

    static Color stateColor(String state) {
        return switch (state) {
            case "running" -> new Color(0x1c8a3a);
            case "ready" -> new Color(0x2f6fd6);
            case "suspended" -> new Color(0xd98200);
            case "done" -> new Color(0x2d6a3e);
            case "failed" -> new Color(0xc62828);
            case "cancelled" -> new Color(0x7b4bb7);
            default -> new Color(0x7a8699);
        };
    }

    /** The state alone (loopState, %loop step). */
    static byte[] state(StateView view) {
        int height = 20 + stateHeight(view);
        return draw(height, g -> drawState(g, view, 8));
    }

    /** A trace: its final state, then its timeline. */
    static byte[] trace(StateView end, TraceRecorder recorder, String headline) {
        int stateHeight = stateHeight(end);
        int lanes = 1 + recorder.laneTasks.size();
        int timelineHeight = 30 + lanes * 16 + 26 + 56 + 40;
        return draw(24 + stateHeight + timelineHeight, g -> {
            g.setFont(new Font(SANS, Font.BOLD, 14));
            g.setColor(INK);
            g.drawString(clip(g, headline, WIDTH - 20), 10, 18);
            int y = drawState(g, end, 26);
            drawTimeline(g, recorder, y + 6);
        });
    }

    private interface Painter {
        void paint(Graphics2D g);
    }

    private static byte[] draw(int height, Painter painter) {
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            painter.paint(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- the state ----

    private static final int CARD_W = 186;
    private static final int CARD_H = 44;
    private static final int CARDS_PER_ROW = 5;
    private static final int MAX_CARD_ROWS = 3;
    private static final int SHOWN_TIMERS = 7;

    private static int stateHeight(StateView view) {
        int cardRows = Math.min(MAX_CARD_ROWS, (Math.max(1, view.tasks().size()) + CARDS_PER_ROW - 1) / CARDS_PER_ROW);
        return 24 + 150 + 22 + cardRows * (CARD_H + 6) + (view.tasks().size() > MAX_CARD_ROWS * CARDS_PER_ROW ? 16 : 0);
    }

    /** Draws the state from y; returns the y below it. */
    private static int drawState(Graphics2D g, StateView view, int y) {
        g.setFont(new Font(SANS, Font.BOLD, 13));
        g.setColor(INK);
        g.drawString(clip(g, view.title(), 520), 10, y + 14);
        g.setFont(new Font(SANS, Font.PLAIN, 12));
        g.setColor(MUTED);
        g.drawString(clip(g, view.clock(), WIDTH - 560), 540, y + 14);
        y += 24;
        // The ready deque.
        int panelW = 560;
        panel(g, 10, y, panelW, 142, "Ready queue", "loop._ready (deque) · " + view.ready().size() + " · popleft() ← left, append() → right");
        int bx = 18;
        int by = y + 30;
        g.setFont(new Font(SANS, Font.PLAIN, 10));
        g.setColor(MUTED);
        g.drawString("popleft()", bx, by + 20);
        bx += 52;
        int shown = 0;
        for (StateView.Box box : view.ready()) {
            g.setFont(new Font(MONO, Font.PLAIN, 11));
            String label = clip(g, box.label(), 150);
            int w = g.getFontMetrics().stringWidth(label) + 12;
            if (bx + w > 10 + panelW - 60) {
                if (by > y + 30) {
                    break;
                }
                bx = 70;
                by += 40;
            }
            g.setColor(box.timer() ? TIMER : BOX);
            g.fill(new Rectangle2D.Double(bx, by, w, 34));
            g.setColor(box.timer() ? TIMER_EDGE : BOX_EDGE);
            g.draw(new Rectangle2D.Double(bx, by, w, 34));
            g.setColor(INK);
            g.drawString(label, bx + 6, by + 14);
            g.setFont(new Font(SANS, Font.PLAIN, 10));
            g.setColor(MUTED);
            g.drawString(clip(g, (box.cause().isEmpty() ? "" : box.cause() + " ") + "#" + box.id(), w - 10), bx + 6, by + 28);
            bx += w + 6;
            shown++;
        }
        g.setFont(new Font(SANS, Font.PLAIN, 10));
        g.setColor(MUTED);
        if (view.ready().isEmpty()) {
            g.drawString("(empty)", bx, by + 20);
        } else if (shown < view.ready().size()) {
            g.drawString("… " + (view.ready().size() - shown) + " more", bx, by + 20);
        }
        g.drawString("← append()", 10 + panelW - 60, y + 50);
        g.setFont(new Font(SANS, Font.PLAIN, 11));
        g.setColor(INK);
        g.drawString(clip(g, "running: " + view.running(), panelW - 20), 18, y + 118);
        g.drawString(clip(g, "selector: " + view.waiting(), panelW - 20), 18, y + 134);
        // The timer heap.
        int tx = 10 + panelW + 10;
        int tw = WIDTH - tx - 10;
        panel(g, tx, y, tw, 142, "Timers", "loop._scheduled (heapq) · " + view.timers().size() + " · soonest first");
        int ty = y + 38;
        for (int i = 0; i < Math.min(SHOWN_TIMERS, view.timers().size()); i++) {
            StateView.TimerRow t = view.timers().get(i);
            g.setFont(new Font(SANS, Font.PLAIN, 11));
            g.setColor(new Color(0x5b3c99));
            g.drawString(t.due(), tx + 8, ty);
            g.setColor(MUTED);
            g.drawString("in " + t.in(), tx + 88, ty);
            g.setFont(new Font(MONO, Font.PLAIN, 11));
            g.setColor(INK);
            g.drawString(clip(g, t.label(), tw - 175), tx + 165, ty);
            ty += 15;
        }
        g.setFont(new Font(SANS, Font.PLAIN, 10));
        g.setColor(MUTED);
        if (view.timers().isEmpty()) {
            g.drawString("(no timer)", tx + 8, ty);
        } else if (view.timers().size() > SHOWN_TIMERS) {
            g.drawString("… " + (view.timers().size() - SHOWN_TIMERS) + " more", tx + 8, ty);
        }
        y += 150;
        // One card per task.
        g.setFont(new Font(SANS, Font.BOLD, 12));
        g.setColor(INK);
        g.drawString("Tasks (" + view.tasks().size() + ")", 10, y + 14);
        y += 22;
        List<StateView.Card> cards = view.tasks();
        int max = MAX_CARD_ROWS * CARDS_PER_ROW;
        for (int i = 0; i < Math.min(max, cards.size()); i++) {
            StateView.Card c = cards.get(i);
            int cx = 10 + (i % CARDS_PER_ROW) * (CARD_W + 2);
            int cy = y + (i / CARDS_PER_ROW) * (CARD_H + 6);
            Color color = stateColor(c.state());
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(cx, cy, CARD_W - 6, CARD_H));
            g.setColor(new Color(0xccd4e2));
            g.draw(new Rectangle2D.Double(cx, cy, CARD_W - 6, CARD_H));
            g.setColor(color);
            g.fill(new Rectangle2D.Double(cx, cy, 5, CARD_H));
            g.setFont(new Font(MONO, Font.BOLD, 11));
            g.setColor(INK);
            String name = clip(g, c.name(), 100);
            g.drawString(name, cx + 10, cy + 15);
            int nameW = g.getFontMetrics().stringWidth(name);
            g.setFont(new Font(SANS, Font.BOLD, 10));
            int sw = g.getFontMetrics().stringWidth(c.state()) + 8;
            g.setColor(color);
            g.fill(new Rectangle2D.Double(cx + 14 + nameW, cy + 5, sw, 13));
            g.setColor(Color.WHITE);
            g.drawString(c.state(), cx + 18 + nameW, cy + 15);
            g.setFont(new Font(SANS, Font.PLAIN, 10));
            g.setColor(MUTED);
            g.drawString(clip(g, c.detail(), CARD_W - 22), cx + 10, cy + 33);
        }
        int rows = Math.min(MAX_CARD_ROWS, (Math.max(1, cards.size()) + CARDS_PER_ROW - 1) / CARDS_PER_ROW);
        y += rows * (CARD_H + 6);
        if (cards.isEmpty()) {
            g.setFont(new Font(SANS, Font.PLAIN, 11));
            g.setColor(MUTED);
            g.drawString("(no task)", 14, y - CARD_H + 10);
        }
        if (cards.size() > max) {
            g.setFont(new Font(SANS, Font.PLAIN, 11));
            g.setColor(MUTED);
            g.drawString("… " + (cards.size() - max) + " more tasks", 10, y + 10);
            y += 16;
        }
        return y;
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, String subtitle) {
        g.setColor(RULE);
        g.draw(new Rectangle2D.Double(x, y, w, h));
        g.setFont(new Font(SANS, Font.BOLD, 12));
        g.setColor(INK);
        g.drawString(title, x + 8, y + 16);
        int tw = g.getFontMetrics().stringWidth(title);
        g.setFont(new Font(SANS, Font.PLAIN, 11));
        g.setColor(MUTED);
        g.drawString(clip(g, subtitle, w - tw - 24), x + 14 + tw, y + 16);
    }

    // ---- the timeline ----

    private static void drawTimeline(Graphics2D g, TraceRecorder r, int top) {
        long elapsed = Math.max(1, r.elapsedNanos());
        long[] compiles = r.compiles.stream().mapToLong(Long::longValue).toArray();
        TimeAxis axis = new TimeAxis(compiles, elapsed);
        int left = 118;
        int plotW = WIDTH - left - 14;
        g.setFont(new Font(SANS, Font.BOLD, 12));
        g.setColor(INK);
        g.drawString("Timeline", 10, top + 14);
        g.setFont(new Font(SANS, Font.PLAIN, 11));
        g.setColor(MUTED);
        g.drawString("a lane for the loop (ticks: iterations; light: waiting in select) and one per task (bars: its steps, as long as they ran)", 72, top + 14);
        top += 24;
        int laneH = 16;
        int lanes = 1 + r.laneTasks.size();
        for (int i = 0; i < lanes; i++) {
            int y = top + i * laneH;
            g.setFont(new Font(SANS, Font.PLAIN, 11));
            g.setColor(INK);
            String name = i == 0 ? "loop" : r.tables.taskName(r.laneTasks.get(i - 1));
            name = clip(g, name, left - 14);
            g.drawString(name, left - 8 - g.getFontMetrics().stringWidth(name), y + 12);
            g.setColor(new Color(0xe6e9f0));
            g.draw(new Line2D.Double(left, y + 8, left + plotW, y + 8));
        }
        double scale = plotW / (double) Math.max(1, axis.span());
        for (int i = 0; i < r.waits.size(); i++) {
            double x0 = left + axis.display(r.waits.time(i)) * scale;
            double x1 = left + axis.display(r.waits.time(i) + r.waits.length(i)) * scale;
            g.setColor(WAIT);
            g.fill(new Rectangle2D.Double(x0, top + 3, Math.max(1, x1 - x0), 10));
        }
        g.setColor(new Color(0x8a94a6));
        double lastX = -1;
        for (int i = 0; i < r.iterations.size(); i++) {
            double x = left + axis.display(r.iterations.time(i)) * scale;
            if (x - lastX >= 1) {
                g.draw(new Line2D.Double(x, top + 2, x, top + 14));
                lastX = x;
            }
        }
        for (int i = 0; i < r.laneTasks.size(); i++) {
            int id = r.laneTasks.get(i);
            long born = Math.max(0, r.taskBorn.get(id, 0));
            long ended = r.taskEnded.get(id, elapsed);
            g.setColor(new Color(0x9fb4d8));
            g.setStroke(new BasicStroke(2));
            int y = top + (i + 1) * laneH;
            g.draw(new Line2D.Double(left + axis.display(born) * scale, y + 8, left + axis.display(ended) * scale, y + 8));
            g.setStroke(new BasicStroke(1));
        }
        g.setColor(STEP);
        for (int i = 0; i < r.steps.size(); i++) {
            double x0 = left + axis.display(r.steps.time(i)) * scale;
            double x1 = left + axis.display(r.steps.time(i) + r.steps.length(i)) * scale;
            int y = top + (r.steps.value(i) + 1) * laneH;
            g.fill(new Rectangle2D.Double(x0, y + 2, Math.max(1.5, x1 - x0), 12));
        }
        // Where JShell compiled (left out of the axis): a dashed mark.
        int plotTop = top + lanes * laneH + 20;
        int plotH = 56;
        g.setColor(COMPILE);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {3, 3}, 0));
        for (int i = 0; i + 1 < compiles.length; i += 2) {
            double x = left + axis.display(compiles[i]) * scale;
            g.draw(new Line2D.Double(x, top, x, plotTop + plotH));
        }
        g.setStroke(new BasicStroke(1));
        // The ready queue's length, a step line with its axis.
        int max = Math.max(1, r.readyLengths.max());
        g.setColor(MUTED);
        g.draw(new Line2D.Double(left, plotTop, left, plotTop + plotH));
        g.setFont(new Font(SANS, Font.PLAIN, 10));
        for (int v : new int[] {0, max}) {
            double y = plotTop + plotH - v / (double) max * (plotH - 4);
            g.draw(new Line2D.Double(left - 3, y, left, y));
            String s = Integer.toString(v);
            g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), (float) y + 4);
        }
        g.setFont(new Font(SANS, Font.PLAIN, 11));
        g.setColor(INK);
        g.drawString("ready queue", 8, plotTop + plotH / 2 - 4);
        g.setFont(new Font(SANS, Font.PLAIN, 10));
        g.setColor(MUTED);
        g.drawString("length (handles)", 8, plotTop + plotH / 2 + 9);
        Path2D.Double line = new Path2D.Double();
        double lastY = plotTop + plotH;
        line.moveTo(left, lastY);
        for (int i = 0; i < r.readyLengths.size(); i++) {
            double x = left + axis.display(r.readyLengths.time(i)) * scale;
            double y = plotTop + plotH - r.readyLengths.value(i) / (double) max * (plotH - 4);
            line.lineTo(x, lastY);
            line.lineTo(x, y);
            lastY = y;
        }
        line.lineTo(left + plotW, lastY);
        g.setColor(READY);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(line);
        g.setStroke(new BasicStroke(1));
        // The time axis: ticks, values, unit.
        int axisY = plotTop + plotH + 2;
        g.setColor(new Color(0x556070));
        g.draw(new Line2D.Double(left, axisY, left + plotW, axisY));
        double span = axis.span();
        double step = niceStep(span, 8);
        double unit = span >= 5e9 ? 1e9 : span >= 5e6 ? 1e6 : 1e3;
        String unitName = unit == 1e9 ? "s" : unit == 1e6 ? "ms" : "µs";
        g.setFont(new Font(SANS, Font.PLAIN, 10));
        for (double v = 0; v <= span + 1e-9; v += step) {
            double x = left + v * scale;
            g.draw(new Line2D.Double(x, axisY, x, axisY + 4));
            String s = trim(v / unit) + (v == 0 ? " " + unitName : "");
            g.drawString(s, (float) (x - g.getFontMetrics().stringWidth(s) / 2.0), axisY + 15);
        }
        long compileTotal = axis.collapsed();
        String label = "time since the trace began (" + unitName + ")" + (compileTotal > 0
                ? ", JShell compile time (" + StateView.seconds(compileTotal / 1e9) + ") left out: dashed where it was" : "");
        g.setFont(new Font(SANS, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, left + plotW - fm.stringWidth(label), axisY + 30);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    static double niceStep(double span, int count) {
        double raw = span / count;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
    }

    /** Text cut to fit {@code width} pixels in the current font, with an ellipsis. */
    static String clip(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        int end = text.length();
        while (end > 0 && fm.stringWidth(text.substring(0, end) + "…") > width) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** The timeline's axis: time since the start with the compile spans taken out (as player.js displayTime). */
    record TimeAxis(long[] compiles, long elapsed) {
        double display(long t) {
            long off = 0;
            for (int i = 0; i + 1 < compiles.length; i += 2) {
                if (t <= compiles[i]) {
                    break;
                }
                off += Math.min(t, compiles[i + 1]) - compiles[i];
            }
            return t - off;
        }

        double span() {
            return Math.max(1, display(elapsed));
        }

        long collapsed() {
            long total = 0;
            for (int i = 0; i + 1 < compiles.length; i += 2) {
                total += compiles[i + 1] - compiles[i];
            }
            return total;
        }
    }
}
