package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.Completeness;
import jasyncio.kernel.shell.Interpreter.Completions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * complete, inspect and is_complete on JShell's SourceCodeAnalysis. Jupyter counts cursor
 * positions in Unicode code points, Java strings in UTF-16 chars: positions are converted
 * on the way in and out. JShell analyses one snippet at a time, so each request works on
 * the snippet of the cell that holds the cursor.
 */
final class CodeAssist {
    static final String INDENT = "    ";

    private final SourceCodeAnalysis analysis;

    CodeAssist(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    Completions complete(String code, int cursorCodePoints) {
        int cursor = charIndex(code, cursorCodePoints);
        int start = new CellText(code).snippetStartAt(analysis, cursor);
        int[] anchor = {-1};
        List<Suggestion> suggestions = analysis.completionSuggestions(code.substring(start), cursor - start, anchor);
        // Those that fit the expected type first, as the jshell tool offers them first.
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        int replaceFrom = anchor[0] < 0 ? cursor : start + anchor[0];
        return new Completions(new ArrayList<>(matches), code.codePointCount(0, replaceFrom),
                code.codePointCount(0, cursor));
    }

    /** Signature and Javadoc of what is at the cursor, as text/plain; an empty map when nothing is found. */
    Map<String, Object> inspect(String code, int cursorCodePoints, int detailLevel) {
        int end = charIndex(code, cursorCodePoints);
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++; // the whole name the cursor is in
        }
        int start = new CellText(code).snippetStartAt(analysis, end);
        String snippet = code.substring(start, end);
        List<Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty() && !snippet.isEmpty() && Character.isJavaIdentifierPart(snippet.charAt(snippet.length() - 1))) {
            // A method name without its parenthesis: JShell documents calls, so ask about one.
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
        }
        if (docs.isEmpty()) {
            return Map.of();
        }
        List<String> parts = new ArrayList<>();
        for (Documentation doc : docs) {
            String javadoc = doc.javadoc();
            parts.add(javadoc == null || javadoc.isBlank()
                    ? doc.signature()
                    : doc.signature() + "\n\n" + JavadocText.toPlainText(javadoc));
        }
        return Map.of("text/plain", String.join("\n\n" + "-".repeat(40) + "\n\n", parts));
    }

    Completeness isComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> {
                    return new Completeness("complete", "");
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return new Completeness("incomplete", indentAfter(code));
                }
                case UNKNOWN -> {
                    return new Completeness("invalid", "");
                }
                default -> {
                    if (!parses(info.source())) {
                        return new Completeness("invalid", "");
                    }
                    rest = info.remaining();
                }
            }
        }
        return new Completeness("complete", "");
    }

    /**
     * analyzeCompletion only knows whether a snippet ends; whether it parses is what
     * sourceToSnippets tells (an unparseable snippet comes back ERRONEOUS), without running
     * or installing anything.
     */
    private boolean parses(String snippetSource) {
        if (snippetSource == null || snippetSource.isBlank()) {
            return true;
        }
        return analysis.sourceToSnippets(snippetSource).stream()
                .noneMatch(s -> s.kind() == jdk.jshell.Snippet.Kind.ERRONEOUS);
    }

    /** The next line's indent: the last line's, one level deeper after an opening bracket. */
    static String indentAfter(String code) {
        String trimmed = code.stripTrailing();
        int lineStart = trimmed.lastIndexOf('\n') + 1;
        String lastLine = trimmed.substring(lineStart);
        String indent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
        char last = trimmed.isEmpty() ? ' ' : trimmed.charAt(trimmed.length() - 1);
        return last == '{' || last == '(' || last == '[' || indent.isEmpty() ? indent + INDENT : indent;
    }

    /** The UTF-16 index of a code point position, clamped to the code. */
    static int charIndex(String code, int codePoints) {
        int clamped = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, clamped);
    }
}
