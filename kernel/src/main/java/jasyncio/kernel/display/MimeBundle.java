package jasyncio.kernel.display;

import java.util.Map;

/**
 * A value that shows itself in the notebook: implement it to choose the mime types a cell's
 * result or a {@code display(x)} shows, e.g. {@code Map.of("text/html", "<b>hi</b>")}.
 * Values are Strings (base64 for binary types such as image/png). A text/plain entry is
 * added from {@code toString()} when the bundle has none.
 *
 * <p>Lighter conventions, found by reflection when a value does not implement this: a public
 * no-argument {@code toHtml()} gives text/html, {@code toMarkdown()} text/markdown and
 * {@code toSvg()} image/svg+xml. A {@link java.awt.image.RenderedImage} (e.g. a
 * BufferedImage) is shown as image/png.
 */
public interface MimeBundle {
    Map<String, Object> mimeBundle();

    /** Metadata sent with the bundle (e.g. {@code Map.of("image/png", Map.of("width", 200))}). */
    default Map<String, Object> metadata() {
        return Map.of();
    }
}
