package jasyncio.kernel.shell;

import java.util.HashMap;
import java.util.Map;
import jdk.jshell.Snippet;

/**
 * Where the user's code came from, so that any stack can speak of notebook cells: each
 * snippet's cell (with its execution count, In[N]) and where in the cell it starts, and the
 * frames of snippet classes as "Cell In[N], line L" ({@link SnippetLines} does JShell's own
 * translation). Errors, %tasks, task and coroutine names, and the report of an exception never
 * retrieved all name places this way, as IPython names them ({@code Cell In[3], line 2}).
 * Loop thread only.
 */
final class CellPlaces {
    /** Where a snippet's source lies in a cell. */
    private record Origin(CellText cell, int offset) {
    }

    /**
     * A frame of the user's code: its cell and 0-based cell line (cell null when the snippet is
     * forgotten or unknown), and the method as the user wrote it ("", "foo", "Counter.inc", "lambda").
     */
    record Place(CellText cell, int line, String method) {
        /** "Cell In[3], line 2", or "a forgotten cell" once JShell has let its source go. */
        String label() {
            return cell == null ? "a forgotten cell" : "Cell " + in(cell) + ", line " + (line + 1);
        }

        /** The line's text, stripped; "" when unknown. */
        String text() {
            return cell == null ? "" : cell.lineText(line).strip();
        }
    }

    private final Map<String, Origin> origins = new HashMap<>();
    /** JShell's translation of snippet class lines, or null when its internals cannot be reached. */
    private final SnippetLines lines;
    /**
     * The snippet being evaluated now, whose id is known only once JShell returns: a coroutine
     * its code makes, or a stack taken while it runs, is named after it meanwhile.
     */
    private Origin evaluating;

    CellPlaces(SnippetLines lines) {
        this.lines = lines;
    }

    /** "In[3]", as IPython names a cell; "In[?]" for code run outside any execute request. */
    static String in(CellText cell) {
        return "In[" + (cell.count() > 0 ? Integer.toString(cell.count()) : "?") + "]";
    }

    void remember(Snippet snippet, CellText cell, CellText.Snippet piece) {
        origins.put(snippet.id(), new Origin(cell, piece.offset()));
    }

    /** "Cell In[3]" for the cell a snippet came from, or null when unknown. */
    String cellOf(String snippetId) {
        Origin origin = origins.get(snippetId);
        return origin == null ? null : "Cell " + in(origin.cell());
    }

    /** JShell is about to evaluate {@code piece} of {@code cell} (null: it has returned). */
    void evaluating(CellText cell, CellText.Snippet piece) {
        evaluating = cell == null ? null : new Origin(cell, piece.offset());
    }

    /** The snippet's source is gone from JShell: its frames can no longer be shown as cell lines. */
    void forget(String snippetId) {
        origins.remove(snippetId);
    }

    static boolean isSnippetFrame(StackTraceElement frame) {
        return isSnippetFrameName(frame.getClassName());
    }

    /** A snippet class's frame, not that of a lambda's hidden class ("REPL.$JShell$12$$Lambda/0x..."), which has no line. */
    static boolean isSnippetFrameName(String className) {
        return className.startsWith(JShellInternals.REPL_PACKAGE_PREFIX) && !className.contains("$$Lambda");
    }

    /** The place of a snippet frame (its cell may be null when unknown); null for any other frame. */
    Place of(StackTraceElement frame) {
        if (!isSnippetFrame(frame)) {
            return null;
        }
        String method = method(frame);
        SnippetLines.Line at = lines == null ? null : lines.of(frame);
        Origin origin = at == null ? null : origins.getOrDefault(at.snippet().id(), evaluating);
        if (origin == null) {
            return new Place(null, -1, method);
        }
        return new Place(origin.cell(), origin.cell().line(origin.offset()) + at.line() - 1, method);
    }

    /** The method a snippet frame is in, as the user wrote it: "", "foo", "Counter.inc", "lambda", "lambda in park". */
    static String method(StackTraceElement frame) {
        String outer = SnippetPruner.outerClassName(frame.getClassName());
        String simple = frame.getClassName().substring(JShellInternals.REPL_PACKAGE_PREFIX.length());
        String type = outer == null || simple.length() <= outer.length() ? "" : simple.substring(outer.length() + 1).replace('$', '.');
        String name = frame.getMethodName();
        if (name.startsWith("do_it$") || name.isEmpty()) { // do_it$, do_it$Aux: the cell's own statements
            name = "";
        } else if (name.startsWith("lambda$")) { // lambda$park$0: a lambda in method park; lambda$do_it$$0: in the cell
            String in = name.substring("lambda$".length(), Math.max("lambda$".length(), name.indexOf('$', "lambda$".length())));
            name = in.isEmpty() || in.startsWith("do_it") || in.equals("static") || in.equals("new") ? "lambda" : "lambda in " + in;
        }
        if (type.isEmpty() || name.startsWith("lambda")) {
            return name;
        }
        return name.isEmpty() ? type : type + "." + name.replace("<init>", "new").replace("<clinit>", "static");
    }
}
