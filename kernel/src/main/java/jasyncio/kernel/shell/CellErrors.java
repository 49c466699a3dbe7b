package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Turns what went wrong in a cell into a {@link CellError} as Jupyter shows it, in the
 * cell's own lines and columns: compile errors with the source line and a caret, and
 * runtime exceptions with a stack trimmed to the user's frames (snippet frames shown as
 * cell lines; the kernel's, JShell's, reflection's and the loop's frames removed), causes
 * included.
 */
final class CellErrors {
    static final String COMPILATION_ERROR = "CompilationError";
    static final String UNRESOLVED_REFERENCE = "UnresolvedReference";
    private static final String SNIPPET_CLASS_PREFIX = "REPL.$JShell$";
    private static final List<String> HIDDEN_FRAMES = List.of("jasyncio.loop.", "jasyncio.kernel.", "jdk.jshell.",
            "jdk.internal.", "java.lang.reflect.", "java.lang.invoke.", "sun.reflect.");
    private static final int MAX_CAUSES = 20;

    /** Where a JShell snippet's source lies in a cell. */
    private record Origin(CellText cell, int offset) {
    }

    /** Snippet id to its origin, for the frames of snippets from any cell. */
    private final Map<String, Origin> origins = new HashMap<>();
    /** The names a snippet still waits for (JShell's unresolvedDependencies). */
    private final Function<DeclarationSnippet, List<String>> unresolved;

    CellErrors(Function<DeclarationSnippet, List<String>> unresolved) {
        this.unresolved = unresolved;
    }

    void remember(Snippet snippet, CellText cell, CellText.Snippet piece) {
        origins.put(snippet.id(), new Origin(cell, piece.offset()));
    }

    /** The snippet's source is gone from JShell: its frames can no longer be shown as cell lines. */
    void forget(String snippetId) {
        origins.remove(snippetId);
    }

    /**
     * The cell line of line {@code snippetLine} (from 1) of the snippet, or null when the snippet
     * is not one of a cell's (or was forgotten).
     */
    Interpreter.SourceLine cellLine(String snippetId, int snippetLine, CellText current) {
        Origin origin = origins.get(snippetId);
        return origin == null ? null : cellLine(origin.cell(), origin.offset(), snippetLine, current);
    }

    /** Line {@code snippetLine} of a snippet starting at {@code offset} of {@code cell}, as a line of the cell. */
    static Interpreter.SourceLine cellLine(CellText cell, int offset, int snippetLine, CellText current) {
        int line = cell.line(offset) + snippetLine - 1;
        return new Interpreter.SourceLine(line + 1, cell.lineText(line), cell == current);
    }

    // ---- compile errors ----

    CellError compileError(CellText cell, CellText.Snippet piece, List<Diag> diagnostics) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : diagnostics) {
            if (!diag.isError()) {
                continue;
            }
            List<String> message = messageLines(diag);
            long position = diag.getPosition() >= 0 ? diag.getPosition() : Math.max(0, diag.getStartPosition());
            int at = Math.min(piece.toCell((int) position), cell.text().length());
            int line = cell.line(at);
            int column = cell.column(at);
            traceback.add("line " + (line + 1) + ", column " + (column + 1) + ": error: " + message.getFirst());
            String source = cell.lineText(line);
            traceback.add("    " + source);
            traceback.add("    " + caretPadding(source, column) + "^");
            message.subList(1, message.size()).forEach(traceback::add);
            if (first == null) {
                first = String.join(", ", message.stream().map(String::strip).toList()).replaceAll("\\s+", " ");
            }
        }
        if (first == null) {
            first = "the snippet was rejected";
            traceback.add(first);
        }
        return new CellError(COMPILATION_ERROR, first, traceback);
    }

    /** The message's lines, without the useless "location: class" JShell leaves of its wrapper. */
    private static List<String> messageLines(Diag diag) {
        List<String> lines = new ArrayList<>();
        for (String line : diag.getMessage(Locale.ROOT).split("\n")) {
            if (!line.isBlank() && !line.strip().equals("location: class")) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            lines.add("error");
        }
        return lines;
    }

    /** White space as wide as the line's first {@code column} code points (tabs kept, so the caret lines up). */
    private static String caretPadding(String line, int column) {
        StringBuilder pad = new StringBuilder();
        line.codePoints().limit(column).forEach(cp -> pad.append(cp == '\t' ? '\t' : ' '));
        return pad.toString();
    }

    // ---- runtime errors ----

    /**
     * A runtime error. {@code translated} is JShell's EvalException for it (its frames are
     * the throwable's, index for index, with snippet frames translated to snippet ids and
     * lines), or null when JShell did not see the throwable.
     */
    CellError runtimeError(Throwable thrown, JShellException translated, CellText current) {
        List<String> traceback = new ArrayList<>();
        Throwable t = thrown;
        JShellException tr = translated;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++) {
            traceback.add((depth == 0 ? "" : "Caused by: ") + header(t, tr));
            StackTraceElement[] raw = t.getStackTrace();
            StackTraceElement[] mapped = tr == null ? new StackTraceElement[0] : tr.getStackTrace();
            addFrames(traceback, raw, mapped, current);
            t = t.getCause() == t ? null : t.getCause();
            tr = tr == null || !(tr.getCause() instanceof JShellException cause) ? null : cause;
        }
        if (translated instanceof UnresolvedReferenceException u) {
            return new CellError(UNRESOLVED_REFERENCE, unresolvedMessage(u), traceback);
        }
        String message = message(thrown);
        return new CellError(thrown.getClass().getName(), message == null ? "" : message, traceback);
    }

    private String header(Throwable t, JShellException tr) {
        if (tr instanceof UnresolvedReferenceException u) {
            return UNRESOLVED_REFERENCE + ": " + unresolvedMessage(u);
        }
        String message = message(t);
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }

    /** The throwable's message; for a bare StackOverflowError, what it means. */
    private static String message(Throwable t) {
        String message = t.getMessage();
        if (message == null && t instanceof StackOverflowError) {
            return "the recursion went deeper than the loop thread's stack allows";
        }
        return message;
    }

    private String unresolvedMessage(UnresolvedReferenceException u) {
        return describe(u.getSnippet()) + " " + waitsFor(u.getSnippet());
    }

    /**
     * The note for a declaration that exists but cannot be used yet, or null when it waits
     * for nothing: "method twice(int) was created, but it cannot be invoked until method
     * helper(int) is declared".
     */
    String unusableNote(DeclarationSnippet snippet, boolean created) {
        if (unresolved.apply(snippet).isEmpty()) {
            return null;
        }
        return describe(snippet) + (created ? " was created" : " was updated") + ", but it " + waitsFor(snippet);
    }

    /** "cannot be invoked until method helper(int) is declared". */
    private String waitsFor(DeclarationSnippet snippet) {
        return "cannot be " + (snippet instanceof MethodSnippet ? "invoked" : "used") + " until "
                + String.join(", ", unresolved.apply(snippet)) + " is declared";
    }

    /** The frames down to the outermost snippet frame (below it: JShell and the kernel running the cell). */
    private void addFrames(List<String> out, StackTraceElement[] raw, StackTraceElement[] mapped, CellText current) {
        int end = raw.length;
        for (int i = raw.length - 1; i >= 0; i--) {
            if (raw[i].getClassName().startsWith(SNIPPET_CLASS_PREFIX)) {
                end = i + 1;
                break;
            }
        }
        String previous = null;
        int repeats = 0;
        for (int i = 0; i < end; i++) {
            StackTraceElement frame = raw[i];
            String line;
            if (frame.getClassName().startsWith(SNIPPET_CLASS_PREFIX)) {
                line = userFrame(frame, i < mapped.length ? mapped[i] : null, current);
            } else if (!hidden(frame.getClassName())) {
                line = "    at " + frame;
            } else {
                continue;
            }
            if (line.equals(previous)) {
                repeats++;
                continue;
            }
            addRepeats(out, repeats);
            repeats = 0;
            out.add(line);
            previous = line;
        }
        addRepeats(out, repeats);
    }

    /** A recursion's frames as one line and a count, as Python shows a RecursionError's. */
    private static void addRepeats(List<String> out, int repeats) {
        if (repeats > 0) {
            out.add("    [the frame above repeated " + repeats + " more time" + (repeats == 1 ? "" : "s") + "]");
        }
    }

    private static boolean hidden(String className) {
        for (String prefix : HIDDEN_FRAMES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A snippet frame as the cell line it ran: "at foo(this cell, line 3): return a / b;". */
    private String userFrame(StackTraceElement raw, StackTraceElement mapped, CellText current) {
        Origin origin = mapped != null && mapped.getFileName() != null && mapped.getFileName().startsWith("#")
                ? origins.get(mapped.getFileName().substring(1))
                : null;
        String where = where(mapped != null ? mapped : raw);
        if (origin == null || mapped.getLineNumber() <= 0) {
            return "    at " + (where.isEmpty() ? "a cell" : where);
        }
        int line = origin.cell().line(origin.offset()) + mapped.getLineNumber() - 1;
        String cell = origin.cell() == current ? "this cell" : "an earlier cell";
        String place = cell + ", line " + (line + 1);
        String text = origin.cell().lineText(line).strip();
        return "    at " + (where.isEmpty() ? place : where + "(" + place + ")") + (text.isEmpty() ? "" : ": " + text);
    }

    /** The method a frame is in, as the user wrote it: "", "foo", "Counter.inc", "lambda". */
    private static String where(StackTraceElement frame) {
        String type = frame.getClassName();
        if (type.startsWith(SNIPPET_CLASS_PREFIX)) { // untranslated: REPL.$JShell$12$Counter
            int dollar = type.indexOf('$', SNIPPET_CLASS_PREFIX.length());
            type = dollar < 0 ? "" : type.substring(dollar + 1);
        }
        String method = frame.getMethodName();
        if (method.equals("do_it$") || method.isEmpty()) {
            method = "";
        } else if (method.startsWith("lambda$")) {
            method = "lambda";
        }
        if (type.isEmpty() || method.equals("lambda")) {
            return method;
        }
        return method.isEmpty() ? type : type + "." + method;
    }

    // ---- naming snippets in messages ----

    /** "method foo(int)", "class Counter", "variable x". */
    static String describe(Snippet snippet) {
        return switch (snippet) {
            case MethodSnippet m -> "method " + m.name() + "(" + m.parameterTypes() + ")";
            case TypeDeclSnippet t -> kindOfType(t) + " " + t.name();
            case VarSnippet v -> "variable " + v.name();
            default -> "snippet " + snippet.source().strip();
        };
    }

    private static String kindOfType(TypeDeclSnippet t) {
        return switch (t.subKind()) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case ANNOTATION_TYPE_SUBKIND -> "annotation interface";
            case RECORD_SUBKIND -> "record";
            default -> "class";
        };
    }
}
