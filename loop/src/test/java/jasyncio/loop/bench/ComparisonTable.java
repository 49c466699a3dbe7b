package jasyncio.loop.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's table: each of our metrics beside CPython's (and uvloop's, when run), with
 * the ratio in our favour and whether it meets the goal: 10x for rates and lateness, fewer
 * bytes than CPython for memory.
 */
final class ComparisonTable {
    static final double GOAL_RATIO = 10;

    private final Map<String, Map<String, Double>> ours;
    /** Loop name -> workload -> metric. */
    private final Map<String, Map<String, Map<String, Double>>> theirs;

    ComparisonTable(Map<String, Map<String, Double>> ours, Map<String, Map<String, Map<String, Double>>> theirs) {
        this.ours = ours;
        this.theirs = theirs;
    }

    /** Our heap figure stands beside tracemalloc's; every other metric has the Python name. */
    static String pythonName(String metric) {
        return metric.equals("bytes_per_task_heap") ? "bytes_per_task_tracemalloc" : metric;
    }

    /** Rates are better higher; seconds, lateness and bytes lower. */
    static boolean higherIsBetter(String metric) {
        return metric.endsWith("_per_s");
    }

    /** The goal for a headline metric, or 0 for the parts (schedule_s, seconds) that have none. */
    static double goal(String metric) {
        if (metric.startsWith("bytes_")) {
            return 1;
        }
        return higherIsBetter(metric) || metric.startsWith("late_") ? GOAL_RATIO : 0;
    }

    /** ours/theirs for rates, theirs/ours otherwise; null when a side is missing or not positive. */
    static Double ratio(String metric, Double our, Double their) {
        if (our == null || their == null || our <= 0 || their <= 0) {
            return null;
        }
        return higherIsBetter(metric) ? our / their : their / our;
    }

    void print(PrintStream out) {
        List<String> loops = new ArrayList<>(theirs.keySet());
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("metric", "jasyncio"));
        for (String loop : loops) {
            header.add(loop);
            header.add("ratio");
        }
        header.add("goal");
        rows.add(header.toArray(String[]::new));
        for (Map.Entry<String, Map<String, Double>> workload : ours.entrySet()) {
            for (Map.Entry<String, Double> metric : workload.getValue().entrySet()) {
                String key = metric.getKey();
                List<String> row = new ArrayList<>(List.of(workload.getKey() + "." + key, LoopBenchmark.format(metric.getValue())));
                String verdict = "";
                for (int i = 0; i < loops.size(); i++) {
                    Map<String, Double> their = theirs.get(loops.get(i)).get(workload.getKey());
                    Double theirValue = their == null ? null : their.get(pythonName(key));
                    Double ratio = ratio(key, metric.getValue(), theirValue);
                    row.add(LoopBenchmark.format(theirValue));
                    row.add(ratio == null ? "-" : String.format("%.2fx", ratio));
                    if (i == 0 && goal(key) > 0) { // the goal is set against CPython's asyncio
                        verdict = ratio == null ? "?" : ratio >= goal(key) ? "ok" : "MISS (" + (goal(key) == 1 ? ">1x" : "10x") + ")";
                    }
                }
                row.add(verdict);
                rows.add(row.toArray(String[]::new));
            }
        }
        int[] width = new int[header.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 || i == row.length - 1 ? pad(row[i], width[i], false) : pad(row[i], width[i], true);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("ratio: in jasyncio's favour (ours/theirs for rates, theirs/ours for seconds, lateness, bytes);"
                + " memory: our retained heap after full GCs beside tracemalloc, RSS beside RSS.");
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
