package jasyncio.kernel.shell;

import jasyncio.kernel.shell.JavaTokens.Kind;
import jasyncio.kernel.shell.JavaTokens.Token;
import java.util.List;
import java.util.Set;

/**
 * The cheaper forms the interpreter gives snippets, each tried before JShell gets the
 * snippet as it is. {@link FastCompiler} compiles both forms itself, in one javac pass
 * ({@link #lastValueExpression}, {@link #statementBlock}); when it declines one, JShell gets
 * the form below, then the snippet as it is:
 * <ul>
 * <li>A cell's last snippet, when it looks like an expression. JShell evaluates a bare
 * expression such as {@code 1 + 1} with two extra analyses (its type, for the {@code $1}
 * variable it declares) and every later snippet imports that {@code $1}; a variable
 * declaration with an explicit type needs neither, and takes about a third of the time. So
 * {@code EXPR} is evaluated as {@code Object $cellValue7 = jasyncio.kernel.shell.LastValue.capture(EXPR);},
 * and the variable is dropped at once. Its name is new each time: JShell would replace a
 * variable of the same name by trying to redefine its class, which a direct execution engine
 * cannot do, and then compiling everything again under a new class name.</li>
 * <li>Consecutive statements (calls, loops, ifs...) of a cell, evaluated as one block: one
 * compilation and one class instead of one per statement. JShell's cost per snippet grows
 * with the number of snippet classes it has ever compiled, so fewer classes also keep later
 * cells fast. A lone call such as {@code System.out.println(x);} is a block too.</li>
 * </ul>
 *
 * <p>Correctness does not rest on the guesses: when the cheaper form does not compile (a
 * void call, a lambda, an unreachable statement, a real error) the interpreter evaluates
 * the snippets as they are, and JShell reports its own errors in the user's coordinates.
 * The guesses only have to be sure of one thing: a declaration is never taken for an
 * expression or a statement, since a block would make it local (and {@code capture(int x = 1)}
 * does not parse anyway).
 */
final class FastPath {
    /** The prefix of the variable the value goes through; each cell's has a new number (see lastValueDeclaration). */
    static final String VARIABLE = "$cellValue";

    /** Keywords an expression never starts with (they start declarations or statements). */
    private static final Set<String> NOT_EXPRESSION_START = Set.of("abstract", "assert", "boolean", "break", "byte",
            "case", "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum",
            "extends", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "switch", "synchronized", "throw", "throws", "transient", "try", "void", "volatile", "while",
            "yield", "sealed", "permits");
    private static final Set<String> EXPRESSION_KEYWORDS = Set.of("this", "super", "new", "true", "false", "null");
    /** Keywords that start a statement and never a declaration. */
    private static final Set<String> STATEMENT_KEYWORDS = Set.of("if", "for", "while", "do", "try", "switch", "throw", "assert");
    private static final Set<String> TYPE_ARGUMENT_TOKENS = Set.of(".", ",", "?", "&", "[", "]");

    private FastPath() {
    }

    /**
     * The declaration that evaluates the snippet's expression and captures its value, or null
     * when the snippet does not look like an expression (or is a print call, which is void).
     * Line numbers are kept: the snippet's first line follows the prefix on the same line.
     * The variable is {@link #VARIABLE} followed by {@code number}.
     */
    static String lastValueDeclaration(String snippet, int number) {
        String expression = lastValueExpression(snippet);
        return expression == null ? null
                : "Object " + VARIABLE + number + " = jasyncio.kernel.shell.LastValue.capture(" + expression + "\n);";
    }

    /**
     * The snippet as an expression, without a final semicolon (a space in its place, so columns
     * stay), or null when it does not look like one (or is a print call, which is void).
     */
    static String lastValueExpression(String snippet) {
        List<Token> tokens = JavaTokens.of(snippet);
        if (!looksLikeExpression(tokens) || isPrintCall(tokens)) {
            return null;
        }
        Token last = tokens.getLast();
        return last.is(";") ? snippet.substring(0, last.start()) + " " + snippet.substring(last.end()) : snippet;
    }

    /**
     * The statements as one block, keeping their lines: the cell's text from the first
     * statement's start to the last one's end. A print call at the end of a cell may lack its
     * semicolon; it gets one on a line of its own.
     */
    static String statementBlock(String statements) {
        String end = JavaTokens.of(statements).getLast().text();
        return "{" + statements + (end.equals(";") || end.equals("}") ? "\n}" : "\n;}");
    }

    /** A statement that may share a block with its neighbours: an expression statement, or one starting with a statement keyword. */
    static boolean isStatement(String snippet) {
        List<Token> tokens = JavaTokens.of(snippet);
        if (tokens.isEmpty()) {
            return false;
        }
        Token first = tokens.getFirst();
        if (first.is("{") || (first.kind() == Kind.WORD && STATEMENT_KEYWORDS.contains(first.text()))) {
            return true;
        }
        if (first.is("synchronized")) {
            return at(tokens, 1, "("); // else a synchronized method
        }
        return isExpressionStatement(tokens);
    }

    /**
     * A call or other expression used as a statement. Even alone it is cheaper in a block:
     * JShell analyses a bare expression's type first, a statement's not.
     */
    static boolean isExpressionStatement(String snippet) {
        return isExpressionStatement(JavaTokens.of(snippet));
    }

    private static boolean isExpressionStatement(List<Token> tokens) {
        return !tokens.isEmpty() && (tokens.getLast().is(";") || isPrintCall(tokens)) && looksLikeExpression(tokens);
    }

    static boolean looksLikeExpression(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.stream().anyMatch(t -> t.is("@"))) {
            return false; // annotations belong to declarations
        }
        Token first = tokens.getFirst();
        return switch (first.kind()) {
            case LITERAL -> true;
            case SYMBOL -> first.is("(") || first.is("+") || first.is("-") || first.is("!") || first.is("~");
            case WORD -> {
                String word = first.text();
                if (EXPRESSION_KEYWORDS.contains(word)) {
                    yield true;
                }
                if (NOT_EXPRESSION_START.contains(word) || (word.equals("non") && at(tokens, 1, "-"))) {
                    yield false;
                }
                if (at(tokens, 1, ":") && !at(tokens, 2, ":")) {
                    yield false; // a label
                }
                yield !startsWithTypeAndName(tokens);
            }
        };
    }

    /** {@code System.out.println(...)} and friends: void, so the declaration would not compile. */
    private static boolean isPrintCall(List<Token> tokens) {
        return tokens.size() > 5 && at(tokens, 0, "System") && at(tokens, 1, ".")
                && (at(tokens, 2, "out") || at(tokens, 2, "err")) && at(tokens, 3, ".")
                && (at(tokens, 4, "println") || at(tokens, 4, "print"));
    }

    /** {@code Type name...}: a variable or method declaration ({@code var x}, {@code List<String>[] a}, {@code record R}). */
    private static boolean startsWithTypeAndName(List<Token> tokens) {
        int n = tokens.size();
        int i = 0;
        while (true) {
            if (i >= n || tokens.get(i).kind() != Kind.WORD) {
                return false;
            }
            i++;
            if (at(tokens, i, "<")) {
                i = afterTypeArguments(tokens, i);
                if (i < 0) {
                    return false;
                }
            }
            if (at(tokens, i, ".") && i + 1 < n && tokens.get(i + 1).kind() == Kind.WORD) {
                i++;
                continue;
            }
            break;
        }
        while (at(tokens, i, "[") && at(tokens, i + 1, "]")) {
            i += 2;
        }
        return i < n && tokens.get(i).kind() == Kind.WORD && !tokens.get(i).is("instanceof");
    }

    /** The index after the {@code <...>} that opens at {@code i}, or -1 when it is no type argument list. */
    private static int afterTypeArguments(List<Token> tokens, int i) {
        int depth = 0;
        for (; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("<")) {
                depth++;
            } else if (t.is(">")) {
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (t.kind() != Kind.WORD && !TYPE_ARGUMENT_TOKENS.contains(t.text())) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean at(List<Token> tokens, int i, String text) {
        return i < tokens.size() && tokens.get(i).is(text);
    }
}
