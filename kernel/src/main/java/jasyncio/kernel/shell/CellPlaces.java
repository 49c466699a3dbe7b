package jasyncio.kernel.shell;

import java.util.HashMap;
import java.util.Map;
import jdk.jshell.Snippet;

/**
 * Where the user's code came from, so that any stack can speak of notebook cells: each
 * snippet's cell (with its execution count, In[N]) and where in the cell it starts, and the
 * frames of snippet classes as "Cell In[N], line L" (JShell's own translation, as for an
 * exception's stack, done for any frame through {@link JShellInternals#position}). Errors,
 * %tasks, task and coroutine names, the report of an exception never retrieved and the trace's
 * cell lines all name places this way, as IPython names them ({@code Cell In[3], line 2}). The
 * snippet running right now is not remembered yet (its id comes when JShell returns): the
 * interpreter says which class it invokes and where that snippet starts. Loop thread only.
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
    /** JShell's internals, for its translation of snippet class lines; null when they cannot be reached. */
    private final JShellInternals internals;
    /** The snippet class JShell runs now (REPL.$JShell$12) and where its snippet starts, or null. */
    private String runningClass;
    private Origin running;

    CellPlaces(JShellInternals internals) {
        this.internals = internals;
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

    /** JShell invokes {@code className}, the snippet of {@code cell} that starts at {@code offset}. */
    void running(String className, CellText cell, int offset) {
        runningClass = className;
        running = cell == null ? null : new Origin(cell, offset);
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
        JShellInternals.SnippetPosition at = internals == null ? null : internals.position(frame.getClassName(), frame.getLineNumber());
        Origin origin = at == null ? null : origins.get(at.snippet().id());
        if (origin == null && at != null && running != null && outerClass(frame.getClassName()).equals(runningClass)) {
            origin = running; // the snippet running now: its id is not remembered yet
        }
        if (origin == null) {
            return new Place(null, -1, method);
        }
        return new Place(origin.cell(), origin.cell().line(origin.offset()) + at.line() - 1, method);
    }

    /** The cell line of a frame of cell code (for the trace), or null for any other frame or a forgotten cell. */
    Interpreter.SourceLine locate(StackTraceElement frame, CellText current) {
        Place place = of(frame);
        return place == null || place.cell() == null ? null
                : new Interpreter.SourceLine(place.line() + 1, place.cell().lineText(place.line()), place.cell() == current);
    }

    /** REPL.$JShell$12 of REPL.$JShell$12$Counter (a snippet's wrapper class, where its nested ones live). */
    static String outerClass(String className) {
        int afterPrefix = className.indexOf("$JShell$");
        if (afterPrefix < 0) {
            return className;
        }
        int nested = className.indexOf('$', afterPrefix + "$JShell$".length());
        return nested < 0 ? className : className.substring(0, nested);
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
