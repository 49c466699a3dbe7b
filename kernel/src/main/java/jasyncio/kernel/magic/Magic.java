package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellValue;

/**
 * One magic: {@code %name args} (a line magic) or {@code %%name args} on a cell's first line
 * with the rest of the cell as its body (a cell magic).
 */
public record Magic(String name, Kind kind, String usage, String help, Body body) {
    public enum Kind {
        LINE("%"), CELL("%%");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** What the magic does: args is the text after its name, body the cell's other lines (null for a line magic). */
    @FunctionalInterface
    public interface Body {
        CellValue run(MagicHost host, String args, String body);
    }

    String call() {
        return kind.prefix + name;
    }

    /** The help text as %name? shows it. */
    String helpText() {
        return call() + (usage.isEmpty() ? "" : " " + usage) + "\n\n" + help + "\n";
    }
}
