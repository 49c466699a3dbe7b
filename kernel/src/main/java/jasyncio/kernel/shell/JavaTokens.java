package jasyncio.kernel.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a Java lexer to look at a snippet's shape: identifiers and keywords,
 * literals, and single-character symbols (so {@code >>} is two {@code >}), with comments
 * and white space skipped.
 */
final class JavaTokens {
    enum Kind { WORD, LITERAL, SYMBOL }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String s) {
            return text.equals(s);
        }
    }

    private JavaTokens() {
    }

    static List<Token> of(String src) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (src.startsWith("//", i)) {
                int eol = src.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (src.startsWith("/*", i)) {
                int close = src.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(src.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, src.substring(start, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '.' || src.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.LITERAL, src.substring(start, i), start, i));
            } else if (c == '"' || c == '\'') {
                int start = i;
                i = endOfQuoted(src, i);
                tokens.add(new Token(Kind.LITERAL, src.substring(start, i), start, i));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    /** The index after a string, text block or char literal that starts at {@code i}. */
    private static int endOfQuoted(String src, int i) {
        char quote = src.charAt(i);
        if (src.startsWith("\"\"\"", i)) {
            int close = src.indexOf("\"\"\"", i + 3);
            while (close > 0 && src.charAt(close - 1) == '\\') {
                close = src.indexOf("\"\"\"", close + 1);
            }
            return close < 0 ? src.length() : close + 3;
        }
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != quote && src.charAt(j) != '\n') {
            j += src.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(src.length(), j + 1);
    }
}
