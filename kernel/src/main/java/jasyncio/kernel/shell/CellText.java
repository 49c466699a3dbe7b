package jasyncio.kernel.shell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * A cell's source: cut into the snippets JShell evaluates one at a time, and the way back
 * from a position in a snippet to a line and column of the cell.
 */
final class CellText {
    /**
     * One snippet: its source as JShell gets it, where it starts in the cell, and where
     * JShell inserted a semicolon the cell does not have (-1 for none), which shifts later
     * positions by one.
     */
    record Snippet(String source, int offset, int insertedSemicolon) {
        /** The cell offset of a position in this snippet's source. */
        int toCell(int position) {
            return offset + (insertedSemicolon >= 0 && position > insertedSemicolon ? position - 1 : position);
        }
    }

    private final String text;
    /** The execution count of the request that ran it (In[N]); 0 when none. */
    private final int count;
    private final int[] lineStarts;

    CellText(String text) {
        this(text, 0);
    }

    CellText(String text, int count) {
        this.text = text;
        this.count = count;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    int count() {
        return count;
    }

    /**
     * The snippets, in order. Blank and comment-only stretches make none; an incomplete
     * tail (an open brace) is one snippet as it is, so JShell reports what is missing.
     */
    List<Snippet> snippets(SourceCodeAnalysis analysis) {
        List<Snippet> snippets = new ArrayList<>();
        int offset = 0;
        String rest = text;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> {
                    return snippets;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    snippets.add(withoutLeadingSpace(rest, offset, -1));
                    return snippets;
                }
                default -> {
                    String remaining = info.remaining();
                    int consumed = rest.length() - remaining.length();
                    String chunk = rest.substring(0, consumed);
                    snippets.add(withoutLeadingSpace(info.source(), offset, insertedSemicolon(chunk, info.source())));
                    offset += consumed;
                    rest = remaining;
                }
            }
        }
        return snippets;
    }

    /**
     * The snippet without the white space before it (the line break after the previous one):
     * JShell numbers the lines of a snippet that starts with a line break wrongly, all as 1.
     */
    private static Snippet withoutLeadingSpace(String source, int offset, int insertedSemicolon) {
        int lead = 0;
        while (lead < source.length() && Character.isWhitespace(source.charAt(lead))) {
            lead++;
        }
        return new Snippet(source.substring(lead), offset + lead, insertedSemicolon < 0 ? -1 : insertedSemicolon - lead);
    }

    /** The cell offset where the snippet holding {@code cursor} starts (complete and inspect work on one snippet). */
    int snippetStartAt(SourceCodeAnalysis analysis, int cursor) {
        int offset = 0;
        String rest = text;
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            String remaining = info.remaining();
            int consumed = rest.length() - remaining.length();
            boolean complete = info.completeness().isComplete() && info.completeness() != SourceCodeAnalysis.Completeness.EMPTY;
            if (!complete || remaining.isEmpty() || consumed <= 0 || offset + consumed >= cursor) {
                break;
            }
            offset += consumed;
            rest = remaining;
        }
        while (offset < cursor && Character.isWhitespace(text.charAt(offset))) {
            offset++;
        }
        return offset;
    }

    private static int insertedSemicolon(String chunk, String source) {
        if (source == null || source.length() != chunk.length() + 1) {
            return -1;
        }
        int at = 0;
        while (at < chunk.length() && chunk.charAt(at) == source.charAt(at)) {
            at++;
        }
        return source.charAt(at) == ';' ? at : -1;
    }

    int lineCount() {
        return lineStarts.length;
    }

    /** The 0-based line of a cell offset. */
    int line(int offset) {
        int low = 0;
        int high = lineStarts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The 0-based column of a cell offset, in code points (as Jupyter counts). */
    int column(int offset) {
        int start = lineStarts[line(offset)];
        return text.codePointCount(start, Math.min(offset, text.length()));
    }

    /** The text of a 0-based line, without its line break; empty past the end. */
    String lineText(int line) {
        if (line < 0 || line >= lineStarts.length) {
            return "";
        }
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, end);
    }
}
