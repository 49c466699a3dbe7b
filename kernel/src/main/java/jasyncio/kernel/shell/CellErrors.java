package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Turns what went wrong in a cell into a {@link CellError} as ipykernel shows errors (see
 * {@link Traceback}): compile errors as {@code Cell In[N], line L, column C} with the source
 * line and a caret, runtime exceptions with the user's frames as cell lines; the ename is the
 * exception's simple name ({@code ArithmeticException}), the evalue its message.
 */
final class CellErrors {
    static final String COMPILATION_ERROR = "CompilationError";
    static final String UNRESOLVED_REFERENCE = "UnresolvedReference";

    private final CellPlaces places;
    private final Traceback traceback;
    /** The names a snippet still waits for (JShell's unresolvedDependencies). */
    private final Function<DeclarationSnippet, List<String>> unresolved;

    CellErrors(CellPlaces places, Function<DeclarationSnippet, List<String>> unresolved) {
        this.places = places;
        this.traceback = new Traceback(places, true);
        this.unresolved = unresolved;
    }

    void remember(Snippet snippet, CellText cell, CellText.Snippet piece) {
        places.remember(snippet, cell, piece);
    }

    /** The snippet's source is gone from JShell: its frames can no longer be shown as cell lines. */
    void forget(String snippetId) {
        places.forget(snippetId);
    }

    // ---- compile errors ----

    CellError compileError(CellText cell, CellText.Snippet piece, List<Diag> diagnostics) {
        List<String> entries = new ArrayList<>();
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
            String source = cell.lineText(line);
            StringBuilder entry = new StringBuilder()
                    .append(Traceback.CYAN).append("  Cell ").append(Traceback.GREEN).append(CellPlaces.in(cell))
                    .append(", line ").append(line + 1).append(", column ").append(column + 1).append(Traceback.RESET)
                    .append(": ").append(message.getFirst()).append('\n')
                    .append(Traceback.RED).append("    ").append(source).append(Traceback.RESET).append('\n')
                    .append("    ").append(caretPadding(source, column)).append("^\n");
            message.subList(1, message.size()).forEach(m -> entry.append(m).append('\n'));
            entries.add(entry.toString());
            if (first == null) {
                first = String.join(", ", message.stream().map(String::strip).toList()).replaceAll("\\s+", " ");
            }
        }
        if (first == null) {
            first = "the snippet was rejected";
        }
        entries.add(traceback.last(COMPILATION_ERROR, first));
        return new CellError(COMPILATION_ERROR, first, entries);
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
     * A runtime error. {@code translated} is JShell's exception for it, or null when JShell did
     * not see the throwable; an UnresolvedReferenceException (a method called before what it
     * uses is declared) is named as such.
     */
    CellError runtimeError(Throwable thrown, JShellException translated) {
        if (translated instanceof UnresolvedReferenceException u) {
            String message = unresolvedMessage(u);
            return new CellError(UNRESOLVED_REFERENCE, message, traceback.of(thrown, UNRESOLVED_REFERENCE, message));
        }
        return error(thrown);
    }

    /** Any throwable as an error: ename its simple name, evalue its message, the user's frames. */
    CellError error(Throwable thrown) {
        String ename = thrown instanceof CellInterrupted ? CellInterrupted.ENAME : Traceback.simpleName(thrown);
        String message = Traceback.message(thrown);
        return new CellError(ename, message, traceback.of(thrown, ename, message));
    }

    /** The same traceback as text for a stream or a log: no colour. */
    List<String> plainTraceback(Throwable thrown) {
        return traceback.plain().of(thrown, Traceback.displayName(thrown), Traceback.message(thrown));
    }

    Traceback traceback() {
        return traceback;
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
