package jasyncio.kernel.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tracebacks as ipykernel shows them (IPython.core.ultratb with its Linux colours, the ANSI
 * codes front ends render): a red rule, the exception's name beside "Traceback (most recent call
 * last)", the user's frames outermost first, each cell frame as {@code Cell In[3], line 2, in
 * foo} over two lines before and one after the line that ran (marked {@code ---->}), a library
 * frame as {@code File Integer.java:662, in java.lang.Integer.parseInt}, and last the
 * exception's name and message. A cause chain is shown root cause first, each joined to the
 * next by "The above exception was the direct cause of the following exception:", as Python
 * chains them. Frames of the kernel, the loop, JShell and reflection are left out, and so are
 * those below the outermost cell frame (the kernel that ran the cell); a recursion's repeated
 * frame is shown once with a count. Without colour (streams, logs, %tasks) the same text has
 * no ANSI codes; with it, stripping them leaves that text.
 *
 * <p>Differences from Python: Java exceptions are named by their simple name when they are
 * java.lang's or declared in a cell, otherwise by their qualified name (as Python names
 * builtins and other exceptions); a frame of a cell JShell has forgotten (see SnippetPruner)
 * shows its method but no line.
 */
final class Traceback {
    static final String RED = "\u001b[0;31m";
    static final String GREEN = "\u001b[0;32m";
    static final String BOLD_GREEN = "\u001b[1;32m";
    static final String CYAN = "\u001b[0;36m";
    static final String RESET = "\u001b[0m";
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final String TITLE = "Traceback (most recent call last)";
    private static final int WIDTH = 75;
    private static final List<String> HIDDEN_FRAMES = List.of("jasyncio.loop.", "jasyncio.kernel.", "jdk.jshell.",
            "jdk.internal.", "java.lang.reflect.", "java.lang.invoke.", "sun.reflect.");
    private static final int MAX_CAUSES = 20;
    private static final int LINES_BEFORE = 2;
    private static final int LINES_AFTER = 1;

    private final CellPlaces places;
    private final boolean color;

    Traceback(CellPlaces places, boolean color) {
        this.places = places;
        this.color = color;
    }

    /** The same traceback without colour. */
    Traceback plain() {
        return color ? new Traceback(places, false) : this;
    }

    /**
     * The traceback entries of {@code thrown} and its causes; the outermost exception is shown
     * with {@code message} (the error's evalue) and under {@code name} when that is not just its
     * simple name ({@code KeyboardInterrupt}, {@code UnresolvedReference}).
     */
    List<String> of(Throwable thrown, String name, String message) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && chain.size() < MAX_CAUSES && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        Collections.reverse(chain); // the root cause first, as Python prints a chain
        List<String> out = new ArrayList<>();
        out.add(paint(RED, "-".repeat(WIDTH)));
        for (int i = 0; i < chain.size(); i++) {
            Throwable t = chain.get(i);
            boolean outermost = i == chain.size() - 1;
            // The ename names it unless it is only the simple name: then the traceback says which package.
            String shownName = outermost && !name.equals(simpleName(t)) ? name : displayName(t);
            if (i > 0) {
                out.add("\nThe above exception was the direct cause of the following exception:\n");
            }
            out.add(paint(RED, shownName) + " ".repeat(Math.max(1, WIDTH - shownName.length() - TITLE.length())) + TITLE);
            out.addAll(frames(t.getStackTrace()));
            out.add(last(shownName, outermost ? message : message(t)));
        }
        return out;
    }

    /** The closing line of a traceback: "ArithmeticException: / by zero". */
    String last(String name, String message) {
        return paint(RED, name) + ": " + (message == null ? "" : message);
    }

    /**
     * The user's frames of a stack (innermost first, as Java gives it), outermost first: one
     * entry per cell frame, one per run of library frames, a repeated frame once with a count.
     */
    List<String> frames(StackTraceElement[] stack) {
        int end = stack.length;
        for (int i = stack.length - 1; i >= 0; i--) {
            if (CellPlaces.isSnippetFrame(stack[i])) {
                end = i + 1; // below it: JShell and the kernel, running the cell
                break;
            }
        }
        List<String> out = new ArrayList<>();
        StringBuilder library = new StringBuilder();
        String previous = null;
        int repeats = 0;
        for (int i = end - 1; i >= -1; i--) {
            if (i >= 0 && hidden(stack[i])) {
                continue;
            }
            String entry = i < 0 ? null : frame(stack[i]); // null: past the last frame, flush what is pending
            if (entry != null && entry.equals(previous)) {
                repeats++;
                continue;
            }
            if (repeats > 0) {
                String first = strip(previous).lines().findFirst().orElse("");
                String note = "[... skipping similar frames: " + first + " (" + repeats + " time" + (repeats == 1 ? "" : "s") + ")]";
                if (library.isEmpty()) {
                    out.add(note);
                } else {
                    library.append(note).append('\n');
                }
                repeats = 0;
            }
            if (entry == null) {
                break;
            }
            previous = entry;
            if (!CellPlaces.isSnippetFrame(stack[i])) {
                library.append(entry).append('\n');
                continue;
            }
            if (!library.isEmpty()) {
                out.add(library.toString());
                library.setLength(0);
            }
            out.add(entry);
        }
        if (!library.isEmpty()) {
            out.add(library.toString());
        }
        return out;
    }

    /** One frame's entry: a cell frame with its lines, or a library frame on one line. */
    String frame(StackTraceElement frame) {
        CellPlaces.Place place = places.of(frame);
        if (place == null) {
            return "File " + paint(GREEN, location(frame)) + ", in " + paint(CYAN, frame.getClassName() + "." + frame.getMethodName());
        }
        String in = place.method().isEmpty() ? "" : ", in " + paint(CYAN, place.method());
        if (place.cell() == null) {
            return paint(GREEN, "A forgotten cell") + in;
        }
        StringBuilder out = new StringBuilder("Cell ").append(paint(GREEN, CellPlaces.in(place.cell()) + ", line " + (place.line() + 1))).append(in).append('\n');
        int last = Math.min(place.cell().lineCount() - 1, place.line() + LINES_AFTER);
        for (int line = Math.max(0, place.line() - LINES_BEFORE); line <= last; line++) {
            String number = Integer.toString(line + 1);
            String gutter = line == place.line()
                    ? paint(GREEN, "-".repeat(Math.max(1, 5 - number.length())) + "> " + number)
                    : paint(BOLD_GREEN, " ".repeat(Math.max(0, 7 - number.length())) + number);
            out.append(gutter).append(' ').append(place.cell().lineText(line)).append('\n');
        }
        return out.toString();
    }

    /**
     * A frame in one line, for %tasks and coroutine names: "Cell In[3], line 2, in worker:
     * await(sleep(1));" for cell code, the frame itself for any other.
     */
    String oneLine(StackTraceElement frame) {
        CellPlaces.Place place = places.of(frame);
        if (place == null) {
            return frame.toString();
        }
        String text = place.text();
        return place.label() + (place.method().isEmpty() ? "" : ", in " + place.method()) + (text.isEmpty() ? "" : ": " + text);
    }

    private static String location(StackTraceElement frame) {
        if (frame.isNativeMethod()) {
            return "(native)";
        }
        String file = frame.getFileName() == null ? "(unknown source)" : frame.getFileName();
        return frame.getLineNumber() > 0 ? file + ":" + frame.getLineNumber() : file;
    }

    static boolean hidden(StackTraceElement frame) {
        String className = frame.getClassName();
        for (String prefix : HIDDEN_FRAMES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An exception's name as a user knows it: the simple name for java.lang's and those declared
     * in a cell ({@code ArithmeticException}, {@code Mute}), else the qualified name.
     */
    static String displayName(Throwable t) {
        String name = t.getClass().getName();
        if (name.startsWith("java.lang.") && name.indexOf('.', "java.lang.".length()) < 0) {
            return name.substring("java.lang.".length());
        }
        return name.startsWith(JShellInternals.REPL_PACKAGE_PREFIX) ? simpleName(t) : name;
    }

    /** The simple name, what a traceback's ename holds ({@code ArithmeticException}, {@code CancelledError}). */
    static String simpleName(Throwable t) {
        String simple = t.getClass().getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = t.getClass().getName(); // an anonymous or hidden class: the name after the last separator
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    /** The message Python would print: the throwable's, or for a bare StackOverflowError, what it means. */
    static String message(Throwable t) {
        String message = t.getMessage();
        if (message == null && t instanceof StackOverflowError) {
            return "the recursion went deeper than the loop thread's stack allows";
        }
        return message == null ? "" : message;
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }

    /** The text without ANSI colour codes. */
    static String strip(String text) {
        return ANSI.matcher(text).replaceAll("");
    }
}
