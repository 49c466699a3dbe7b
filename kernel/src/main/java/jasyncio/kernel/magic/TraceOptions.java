package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of %%trace and %trace: {@code --cpython}, {@code --limit N} (lines kept),
 * {@code --filter kind1,kind2}, {@code --task NAME}, {@code --lines} (every line streamed to the
 * output as it happens, instead of the live display of the last ones), {@code --virtual-time}
 * (traced on the virtual clock); {@link #rest} is what follows them.
 */
record TraceOptions(boolean cpython, int limit, Set<TraceKind> kinds, String task, boolean lines, String rest, boolean virtualTime) {
    static final int DEFAULT_LIMIT = 500;

    static TraceOptions parse(String args) {
        boolean cpython = false;
        int limit = DEFAULT_LIMIT;
        Set<TraceKind> kinds = EnumSet.allOf(TraceKind.class);
        String task = null;
        boolean lines = false;
        boolean virtualTime = false;
        String rest = args.strip();
        while (rest.startsWith("--")) {
            String[] parts = rest.split("\\s+", 3);
            String option = parts[0];
            String value = parts.length > 1 ? parts[1] : null;
            int used = 1;
            switch (option) {
                case "--cpython" -> cpython = true;
                case "--lines" -> lines = true;
                case "--virtual-time" -> virtualTime = true;
                case "--limit" -> {
                    limit = parseLimit(value);
                    used = 2;
                }
                case "--filter" -> {
                    kinds = parseKinds(value);
                    used = 2;
                }
                case "--task" -> {
                    task = require(option, value);
                    used = 2;
                }
                default -> throw usage("unknown option " + option);
            }
            rest = parts.length > used ? rest.split("\\s+", used + 1)[used].strip() : "";
        }
        return new TraceOptions(cpython, limit, kinds, task, lines, rest, virtualTime);
    }

    private static int parseLimit(String value) {
        try {
            int n = Integer.parseInt(require("--limit", value));
            if (n < 0) {
                throw usage("--limit must be 0 or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage("--limit takes a number, not " + value);
        }
    }

    private static Set<TraceKind> parseKinds(String value) {
        Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String label : require("--filter", value).split(",")) {
            TraceKind kind = TraceKind.byLabel(label.strip());
            if (kind == null) {
                throw usage("unknown event kind " + label + "; kinds: " + Arrays.stream(TraceKind.values())
                        .map(k -> k.label).collect(Collectors.joining(",")));
            }
            kinds.add(kind);
        }
        return kinds;
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw usage(option + " needs a value");
        }
        return value;
    }

    static CellError usage(String why) {
        return new CellError("UsageError", why, List.of("UsageError: " + why,
                "usage: %%trace [--cpython] [--lines] [--limit N] [--filter kind1,kind2] [--task NAME] [--virtual-time]"));
    }
}
