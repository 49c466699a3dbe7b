package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.SourceLine;

/**
 * Where a live frame of cell code is in the cells: what JShell does for an exception's stack
 * (Eval.translateExceptionStack: snippet class and line → snippet and its line), done for any
 * frame, through {@link JShellInternals}, then the snippet's place in its cell
 * ({@link CellErrors} remembers it once the snippet has run). The snippet being evaluated right
 * now is not remembered yet (a trace sees its frames while it runs, and while it awaits): the
 * interpreter says which class it invokes, and in which cell and offset that snippet starts.
 */
final class SnippetLines {
    private final JShellInternals internals;
    private final CellErrors errors;
    /** The snippet class running now (set when JShell invokes it), its cell and offset there. */
    private String runningClass;
    private CellText runningCell;
    private int runningOffset;

    SnippetLines(JShellInternals internals, CellErrors errors) {
        this.internals = internals;
        this.errors = errors;
    }

    /** JShell invokes {@code className}, the snippet of {@code cell} that starts at {@code offset}. */
    void running(String className, CellText cell, int offset) {
        runningClass = className;
        runningCell = cell;
        runningOffset = offset;
    }

    /** The cell line of the frame, or null (not cell code, or JShell's internals out of reach). */
    SourceLine locate(StackTraceElement frame, CellText current) {
        String type = frame.getClassName();
        if (internals == null || !type.startsWith(JShellInternals.REPL_PACKAGE_PREFIX)) {
            return null;
        }
        JShellInternals.SnippetPosition position = internals.position(type, frame.getLineNumber());
        if (position == null) {
            return null;
        }
        SourceLine line = errors.cellLine(position.snippet().id(), position.line(), current);
        if (line == null && runningCell != null && outerClass(type).equals(runningClass)) {
            line = CellErrors.cellLine(runningCell, runningOffset, position.line(), current);
        }
        return line;
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
}
