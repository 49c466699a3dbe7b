package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.Completeness;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * is_complete without JShell: brackets, strings, text blocks and comments, a dangling operator
 * and a statement head still waiting for its body. It answers in microseconds from the kernel's
 * first moment, while JShell's own analysis ({@link CodeAssist#isComplete}) needs the interpreter,
 * which takes a second or more to build, and javac's parser, which takes most of a second more
 * the first time it runs. A front end asks while the user presses Enter (jupyter console waits
 * one second, then gives up and reads every later reply one request late), so the kernel answers
 * with this judge until its interpreter is ready.
 *
 * <p>Where the two differ, this one says "complete" of what JShell would call "invalid" (it
 * knows no grammar: {@code int x = 3 3;}); a front end then runs the cell and JShell reports
 * the error. It never says "incomplete" of code JShell would run.
 */
public final class LightCompleteness {
    /** Words after which a statement needs more: {@code else}, {@code do}, {@code try}, ... */
    private static final Set<String> NEEDS_BODY = Set.of("else", "do", "try", "finally", "new", "return", "throw",
            "case", "extends", "implements", "throws", "instanceof", "import", "package");
    /** Statement heads whose parenthesis must be followed by a statement. */
    private static final Set<String> HEADS = Set.of("if", "for", "while", "switch", "catch", "synchronized");
    /** Symbols a line cannot end with when the expression goes on (a line may end with ++ or --). */
    private static final String DANGLING = "=+-*/%&|^!~<>?:.,@";

    private LightCompleteness() {
    }

    public static Completeness judge(String code) {
        int scanned = scan(code);
        if (scanned == OPEN) {
            return incomplete(code);
        }
        if (scanned == INVALID) {
            return new Completeness("invalid", "");
        }
        return scanned >= 0 && endsOpen(code, scanned) ? incomplete(code) : new Completeness("complete", "");
    }

    /**
     * Incomplete only while a bracket, a block comment or a text block is left open, else
     * complete: the rule for a line magic's arguments (a path may end with '/', an option with
     * '-', and whether they are valid is the magic's to say).
     */
    public static Completeness judgeBrackets(String code) {
        return scan(code) == OPEN ? incomplete(code) : new Completeness("complete", "");
    }

    private static final int OPEN = -2;
    private static final int INVALID = -3;

    /**
     * One pass over the code: OPEN, INVALID (a closing bracket that matches none, a literal
     * broken by a line end), or the index of the last character outside comments and white
     * space (-1 for none).
     */
    private static int scan(String code) {
        Deque<Character> open = new ArrayDeque<>();
        int n = code.length();
        int i = 0;
        int lastSignificant = -1;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int eol = code.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int close = code.indexOf("*/", i + 2);
                if (close < 0) {
                    return OPEN;
                }
                i = close + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int close = textBlockEnd(code, i + 3);
                if (close < 0) {
                    return OPEN;
                }
                lastSignificant = close - 1;
                i = close;
            } else if (c == '"' || c == '\'') {
                int end = quotedEnd(code, i);
                if (end < 0) {
                    return INVALID;
                }
                lastSignificant = end - 1;
                i = end;
            } else if (c == '(' || c == '[' || c == '{') {
                open.push(c);
                lastSignificant = i++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (open.isEmpty() || open.pop() != opening(c)) {
                    return INVALID;
                }
                lastSignificant = i++;
            } else {
                if (!Character.isWhitespace(c)) {
                    lastSignificant = i;
                }
                i++;
            }
        }
        return open.isEmpty() ? lastSignificant : OPEN;
    }

    /** Whether the code's last token leaves a statement or expression waiting for more. */
    private static boolean endsOpen(String code, int last) {
        char c = code.charAt(last);
        if (DANGLING.indexOf(c) >= 0) {
            boolean increment = last > 0 && (c == '+' || c == '-') && code.charAt(last - 1) == c;
            boolean generic = c == '>' && looksLikeTypeArguments(code, last);
            return !increment && !generic;
        }
        if (Character.isJavaIdentifierPart(c)) {
            int start = last;
            while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
                start--;
            }
            return NEEDS_BODY.contains(code.substring(start, last + 1));
        }
        if (c == ')') {
            String head = wordBefore(code, matchingOpen(code, last));
            return HEADS.contains(head) && !(head.equals("while") && closesDoBlock(code, matchingOpen(code, last)));
        }
        return false;
    }

    /** {@code List<String>} ends with '>' too: after an identifier run with a '<' before it, it is a type. */
    private static boolean looksLikeTypeArguments(String code, int gt) {
        int depth = 0;
        for (int i = gt; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == '>') {
                depth++;
            } else if (c == '<') {
                if (--depth == 0) {
                    return i > 0 && Character.isJavaIdentifierPart(code.charAt(i - 1));
                }
            } else if (!(Character.isJavaIdentifierPart(c) || c == ',' || c == '.' || c == '?' || c == '[' || c == ']'
                    || Character.isWhitespace(c))) {
                return false;
            }
        }
        return false;
    }

    /** The index of the '(' that the ')' at {@code close} closes (brackets are balanced by now). */
    private static int matchingOpen(String code, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return i;
            }
        }
        return 0;
    }

    /** The identifier right before {@code at}, skipping white space; "" when there is none. */
    private static String wordBefore(String code, int at) {
        int end = at;
        while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.substring(start, end);
    }

    /** {@code do { ... } while (x)}: the while follows a closing brace, so it ends a statement. */
    private static boolean closesDoBlock(String code, int paren) {
        int i = paren;
        while (i > 0 && Character.isWhitespace(code.charAt(i - 1))) {
            i--;
        }
        i -= "while".length();
        while (i > 0 && Character.isWhitespace(code.charAt(i - 1))) {
            i--;
        }
        return i > 0 && code.charAt(i - 1) == '}';
    }

    private static char opening(char close) {
        return close == ')' ? '(' : close == ']' ? '[' : '{';
    }

    /** The index after the closing {@code """} of a text block whose content starts at {@code from}, or -1. */
    private static int textBlockEnd(String code, int from) {
        int i = from;
        while (i < code.length()) {
            if (code.charAt(i) == '\\') {
                i += 2;
            } else if (code.startsWith("\"\"\"", i)) {
                return i + 3;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The index after the literal starting at {@code start}, or -1 when a line end or the code's end breaks it. */
    private static int quotedEnd(String code, int start) {
        char quote = code.charAt(start);
        int i = start + 1;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return -1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static Completeness incomplete(String code) {
        return new Completeness("incomplete", CodeAssist.indentAfter(code));
    }
}
