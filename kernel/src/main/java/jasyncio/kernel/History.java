package jasyncio.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel session, for history_request: tail, range and
 * search, as IPython's HistoryManager answers them. Session 1 is this kernel process; line
 * numbers are execution counts.
 */
final class History {
    static final int SESSION = 1;

    record Entry(int session, int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(SESSION, line, input, output));
    }

    /** The last n entries. */
    synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - Math.max(0, n)), entries.size()));
    }

    /** Lines start <= line < stop of a session (0 or negative: relative to this one, i.e. this one). */
    synchronized List<Entry> range(int session, int start, int stop) {
        int wanted = session <= 0 ? SESSION : session;
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.session == wanted && e.line >= start && (stop <= 0 || e.line < stop)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Entries whose input matches a glob pattern (* and ?), the last n (n <= 0: all), optionally unique by input. */
    synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern pattern = globToRegex(glob);
        List<Entry> matches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || matches.size() < n); i--) {
            Entry e = entries.get(i);
            if (pattern.matcher(e.input).matches() && (!unique || seen.add(e.input))) {
                matches.add(0, e);
            }
        }
        return matches;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
