package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.kernel.shell.Interpreter.Completeness;
import jasyncio.kernel.shell.LightCompleteness;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The magics registry and dispatcher: a cell whose first line starts with {@code %} goes to
 * a magic, any other cell runs as before (traced while {@code %trace on}). {@code %name?}
 * and {@code %help name} show a magic's help, {@code %lsmagic} lists them, and an unknown
 * magic is an error that lists the known ones.
 */
public final class Magics {
    private final Map<String, Magic> line = new TreeMap<>();
    private final Map<String, Magic> cell = new TreeMap<>();
    private final TraceMagics trace = new TraceMagics(this);

    /** The kernel's magics: trace, run_until_complete, tasks, loop, virtual_time, time, maven, mavenRepo, classpath, lsmagic, help. */
    public static Magics standard() {
        Magics magics = new Magics();
        magics.trace.register();
        LoopMagics.register(magics);
        ClockMagics.register(magics);
        ShellMagics.register(magics);
        MavenMagics.register(magics);
        magics.add(new Magic("lsmagic", Magic.Kind.LINE, "", "Lists the line and cell magics.",
                (host, args, body) -> text(magics.list())));
        magics.add(new Magic("help", Magic.Kind.LINE, "NAME", "Shows the help of a magic, like %NAME? does.",
                (host, args, body) -> magics.help(host, args.strip())));
        return magics;
    }

    public void add(Magic magic) {
        (magic.kind() == Magic.Kind.LINE ? line : cell).put(magic.name(), magic);
    }

    /** Is this cell for the magics (its first non-blank character is %)? */
    public static boolean isMagic(String code) {
        return code.stripLeading().startsWith("%");
    }

    /**
     * is_complete for a cell that may be a magic, by syntax alone (so it can be answered on any
     * thread): a cell magic's first line alone is incomplete and its body is judged as code; a
     * line magic is complete unless it leaves a bracket open (its argument may span lines); {@code %name?} is complete. Plain
     * code, and a cell magic's body, go to {@code judgeCode}, which may return null ("ask the
     * interpreter"): then so does this.
     */
    public static Completeness isComplete(String code, Function<String, Completeness> judgeCode) {
        if (!isMagic(code)) {
            return judgeCode.apply(code);
        }
        String text = code.stripLeading();
        int newline = text.indexOf('\n');
        String firstLine = newline < 0 ? text : text.substring(0, newline);
        if (firstLine.strip().endsWith("?")) {
            return new Completeness("complete", "");
        }
        if (text.startsWith("%%")) {
            String body = newline < 0 ? "" : text.substring(newline + 1);
            return body.isBlank() ? new Completeness("incomplete", "") : isComplete(body, judgeCode);
        }
        return LightCompleteness.judgeBrackets(text);
    }

    /** Whether a cell needs the magics: it starts with %, or %trace on traces every cell. */
    public boolean handles(String code) {
        return isMagic(code) || trace.tracesEveryCell();
    }

    /** Runs a cell: a magic, or code as an ordinary cell (traced while %trace on). */
    public CellValue execute(String code, MagicHost host) {
        return isMagic(code) ? runMagic(code, host) : trace.plainCell(host, code);
    }

    /** Runs a magic, or plain code untraced-by-default: for the bodies of %%trace and %%time. */
    CellValue dispatch(String code, MagicHost host) {
        return isMagic(code) ? runMagic(code, host) : host.runCell(code);
    }

    private CellValue runMagic(String code, MagicHost host) {
        String text = code.stripLeading();
        boolean isCell = text.startsWith("%%");
        String rest = text.substring(isCell ? 2 : 1);
        int newline = rest.indexOf('\n');
        String firstLine = newline < 0 ? rest : rest.substring(0, newline);
        String body = newline < 0 ? "" : rest.substring(newline + 1);
        String head = firstLine.strip();
        int space = indexOfSpace(head);
        String name = space < 0 ? head : head.substring(0, space);
        if (name.endsWith("?") && space < 0 && body.isBlank()) { // %name? and %%name?
            return help(host, name.replaceAll("\\?+$", ""));
        }
        Magic magic = (isCell ? cell : line).get(name);
        if (magic == null) {
            throw unknown((isCell ? "%%" : "%") + name);
        }
        if (isCell) {
            return magic.body().run(host, space < 0 ? "" : head.substring(space + 1).strip(), body);
        }
        // A line magic takes the rest of the cell as its argument (an expression may span lines).
        String args = (space < 0 ? "" : head.substring(space + 1)) + (newline < 0 ? "" : "\n" + body);
        return magic.body().run(host, args.strip(), null);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private CellValue help(MagicHost host, String name) {
        String bare = name.replaceFirst("^%+", "");
        boolean cellOnly = name.startsWith("%%");
        Magic l = cellOnly ? null : line.get(bare);
        Magic c = cell.get(bare);
        if (l == null && c == null) {
            throw unknown(name.isEmpty() ? "%help" : (name.startsWith("%") ? name : "%" + name));
        }
        StringBuilder text = new StringBuilder();
        for (Magic m : new Magic[] {l, c}) {
            if (m != null) {
                text.append(text.isEmpty() ? "" : "\n").append(m.helpText());
            }
        }
        host.page(Map.of("text/plain", text.toString()));
        return null;
    }

    private CellError unknown(String call) {
        String known = "Known magics: " + list().replace('\n', ' ');
        return new CellError("UsageError", "unknown magic " + call + ". " + known,
                List.of("UsageError: unknown magic " + call, list(), "%name? shows a magic's help."));
    }

    /** %lsmagic's text: the line magics, then the cell magics. */
    String list() {
        return "Line magics: " + line.values().stream().map(Magic::call).collect(Collectors.joining(" "))
                + "\nCell magics: " + cell.values().stream().map(Magic::call).collect(Collectors.joining(" "));
    }

    static CellValue text(String plain) {
        return new CellValue(Map.of("text/plain", plain));
    }
}
