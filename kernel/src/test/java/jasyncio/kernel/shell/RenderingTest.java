package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.display.MimeBundle;
import jasyncio.kernel.display.MimeRenderer;
import jasyncio.kernel.display.ValueText;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How values look in a cell's result and in display(): JShell's text, and the mime conventions. */
class RenderingTest {
    @Test
    void textIsJShells() {
        assertEquals("null", ValueText.of(null));
        assertEquals("\"a\\\"b\\n\\t\"", ValueText.of("a\"b\n\t"));
        assertEquals("'\\''", ValueText.of('\''));
        assertEquals("\"\\001\"", ValueText.of("\u0001"));
        assertEquals("int[2][] { int[1] { 1 }, null }", ValueText.of(new int[][] {{1}, null}));
        assertEquals("String[2] { \"a\", null }", ValueText.of(new String[] {"a", null}));
        assertEquals("\"\uD83D\uDE00\"", ValueText.of("\uD83D\uDE00"));
        assertEquals("42", ValueText.of(42));
    }

    public static final class Table {
        public String toHtml() {
            return "<table></table>";
        }

        public String toMarkdown() {
            return "| a |";
        }

        @Override
        public String toString() {
            return "Table";
        }
    }

    @Test
    void conventionsGiveMoreMimeTypes() {
        Map<String, Object> bundle = MimeRenderer.render(new Table());
        assertEquals(Map.of("text/html", "<table></table>", "text/markdown", "| a |", "text/plain", "Table"), bundle);
    }

    @Test
    void aMimeBundleChoosesItsOwnAndGetsTextPlain() {
        MimeBundle chart = () -> Map.of("image/svg+xml", "<svg/>");
        Map<String, Object> bundle = MimeRenderer.render(chart);
        assertEquals("<svg/>", bundle.get("image/svg+xml"));
        assertTrue(bundle.containsKey("text/plain"));
    }

    @Test
    void aThrowingToHtmlIsTheCellsError() {
        Object broken = new Object() {
            @SuppressWarnings("unused")
            public String toHtml() {
                throw new IllegalStateException("no html today");
            }
        };
        assertThrows(IllegalStateException.class, () -> MimeRenderer.render(broken));
    }

    @Test
    void javadocBecomesText() {
        String text = JavadocText.toPlainText("""
                 Returns the greater of two {@code int} values. See {@link Integer#MAX_VALUE} and
                 {@link Math#min(int, int) the other one}.
                 <p>Second <b>paragraph</b> with &lt;tags&gt;.
                 <ul><li>one</li><li>two</li></ul>
                 @param   a   an argument.
                 @param   b   another
                              argument.
                 @return  the larger of {@code a} and {@code b}.
                 @throws IllegalStateException never
                """);
        assertTrue(text.startsWith("Returns the greater of two int values. See Integer.MAX_VALUE and\nthe other one."), text);
        assertTrue(text.contains("Second paragraph with <tags>."), text);
        assertTrue(text.contains(" - one"), text);
        assertTrue(text.contains("Parameters:\n  a - an argument.\n  b - another argument."), text);
        assertTrue(text.contains("Returns:\n  the larger of a and b."), text);
        assertTrue(text.contains("Throws:\n  IllegalStateException - never"), text);
    }
}
