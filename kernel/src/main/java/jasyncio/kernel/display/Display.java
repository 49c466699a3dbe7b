package jasyncio.kernel.display;

import jasyncio.loop.EventLoop;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The display functions a cell sees without imports (IPython.display's display,
 * update_display, clear_output), and small constructors of mime bundles:
 * {@code display(html("<b>hi</b>"))}, {@code var h = display(x); h.update(y);}.
 *
 * <p>Each call goes to the {@link DisplaySink} registered for the loop running on the
 * calling thread, or, off any loop thread, to the one registered (the kernel has one).
 */
public final class Display {
    private static final Map<EventLoop, DisplaySink> SINKS = new ConcurrentHashMap<>();
    private static final String ID_PREFIX = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private Display() {
    }

    /**
     * Whether a cell's last statement is a call of {@code display(...)} or {@code displayWithId(...)}
     * itself: its handle is then shown by nothing but the display (no Out[] under it), as
     * IPython's display() returns None; the call still returns the handle, for
     * {@code var h = display(x); h.update(y)}.
     */
    public static boolean isDisplayCall(String lastStatement) {
        return DISPLAY_CALL.matcher(lastStatement.strip()).matches();
    }

    private static final java.util.regex.Pattern DISPLAY_CALL =
            java.util.regex.Pattern.compile("(?s)(Display\\s*\\.\\s*)?(display|displayWithId)\\s*\\(.*\\)\\s*;?");

    /** The kernel registers the sink of its loop; done once, at interpreter start. */
    public static void register(EventLoop loop, DisplaySink sink) {
        SINKS.put(loop, sink);
    }

    public static void unregister(EventLoop loop) {
        SINKS.remove(loop);
    }

    /** Shows the value as display_data (its mime bundle, see {@link MimeRenderer}); returns a handle to update it. */
    public static DisplayHandle display(Object value) {
        return displayWithId(value, ID_PREFIX + NEXT_ID.incrementAndGet());
    }

    /**
     * Shows {@code content} as the one mime type given, e.g. {@code display("text/html", "<b>hi</b>")};
     * a text/plain fallback is added for front ends that cannot show it.
     */
    public static DisplayHandle display(String mimeType, Object content) {
        return display(mime(mimeType, content));
    }

    /** Shows the value with a display id of your choosing; several outputs may share one. */
    public static DisplayHandle displayWithId(Object value, String displayId) {
        sink().displayData(MimeRenderer.render(value), MimeRenderer.metadata(value), displayId);
        return new DisplayHandle(displayId);
    }

    /** Replaces what the outputs with this display id show. */
    public static void updateDisplay(Object value, String displayId) {
        if (displayId == null) {
            throw new IllegalArgumentException("updateDisplay needs the display id of an earlier display(...)");
        }
        sink().updateDisplayData(MimeRenderer.render(value), MimeRenderer.metadata(value), displayId);
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output; with {@code wait}, only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        sink().clearOutput(wait);
    }

    // ---- bundles ----

    public static MimeBundle html(String html) {
        return mime("text/html", html);
    }

    public static MimeBundle markdown(String markdown) {
        return mime("text/markdown", markdown);
    }

    public static MimeBundle svg(String svg) {
        return mime("image/svg+xml", svg);
    }

    public static MimeBundle png(byte[] png) {
        return mime("image/png", Base64.getEncoder().encodeToString(png));
    }

    /** A bundle of one mime type (plus text/plain naming it); the content is sent as given. */
    public static MimeBundle mime(String mimeType, Object content) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(mimeType, content);
        bundle.putIfAbsent("text/plain", "<" + mimeType + ">");
        Map<String, Object> fixed = Collections.unmodifiableMap(bundle);
        return new MimeBundle() {
            @Override
            public Map<String, Object> mimeBundle() {
                return fixed;
            }

            @Override
            public String toString() {
                return "<" + mimeType + ">";
            }
        };
    }

    private static DisplaySink sink() {
        EventLoop loop = EventLoop.runningLoopOrNull();
        DisplaySink sink = loop == null ? null : SINKS.get(loop);
        if (sink == null && SINKS.size() == 1) {
            sink = SINKS.values().iterator().next();
        }
        if (sink == null) {
            throw new IllegalStateException("display(...) needs the notebook kernel: no display sink is registered "
                    + (loop == null ? "(and no event loop runs on this thread)" : "for " + loop));
        }
        return sink;
    }
}
