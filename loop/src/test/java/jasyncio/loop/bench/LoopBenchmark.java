package jasyncio.loop.bench;

import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop benchmark: the workloads of ../shared/bench/asyncio_bench.py on jasyncio's
 * EventLoop, then the Python script itself in the same run, and a table of the two with the
 * ratio in our favour (ours/theirs for rates, theirs/ours for seconds, lateness and bytes).
 * A main, not a unit test: run it with loop/bench/run-loop-bench.sh.
 *
 * <pre>
 *   LoopBenchmark [--runs 5] [--warmup 10] [--only call_soon,chain] [--python-runs 3]
 *                 [--uvloop | --no-uvloop] [--no-python] [--asyncio-bench PATH] [--python /usr/bin/python3]
 *                 [--observer off|on|both]
 * </pre>
 *
 * uvloop is measured too when {@code import uvloop} works (Debian's python3-uvloop), unless
 * {@code --no-uvloop}.
 *
 * {@code --observer on} installs a {@link CountingObserver} (tracing on, an observer that does
 * little) on every loop; {@code both} runs each workload without and with it, alternating
 * JVMs, and prints the two medians and their ratio: what tracing costs, and that with no
 * observer the loop pays nothing for its hooks.
 *
 * Each run of a workload is a fresh JVM (the same java, flags and class path as this one):
 * {@code --warmup} runs on fresh loops that are thrown away, then one measured run on a fresh
 * loop. The figures are the median of {@code --runs} such JVMs, as the Python script takes
 * the median of its fresh interpreters.
 */
public final class LoopBenchmark {
    private static final String RESULT_PREFIX = "RESULT ";
    /** The metric taken from a JVM's first (cold) run rather than its measured one. */
    private static final String COLD_METRIC = "bytes_per_task_rss";

    private int runs = 5;
    private int warmup = 10;
    private int pythonRuns = 3;
    private List<String> only = new ArrayList<>(LoopWorkloads.ALL.keySet());
    /** Measure uvloop too: when it is importable (Debian's python3-uvloop), unless --no-uvloop. */
    private Boolean uvloop;
    private boolean python = true;
    private Path pythonExe = Path.of("/usr/bin/python3");
    private Path asyncioBench;
    private String observer = "off";

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--one")) {
            int warmup = args.length >= 4 && args[2].equals("--warmup") ? Integer.parseInt(args[3]) : 0;
            runOne(args[1], warmup, Arrays.asList(args).contains("--observed"));
            return;
        }
        LoopBenchmark bench = new LoopBenchmark();
        bench.parse(args);
        bench.runAll();
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--python-runs" -> pythonRuns = Integer.parseInt(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--uvloop" -> uvloop = true;
                case "--no-uvloop" -> uvloop = false;
                case "--no-python" -> python = false;
                case "--python" -> pythonExe = Path.of(args[++i]);
                case "--asyncio-bench" -> asyncioBench = Path.of(args[++i]);
                case "--observer" -> {
                    observer = args[++i];
                    if (!List.of("off", "on", "both").contains(observer)) {
                        throw new IllegalArgumentException("--observer takes off, on or both, not " + observer);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --runs N --warmup N --only a,b --python-runs N --uvloop --no-uvloop --no-python"
                        + " --python EXE --asyncio-bench PATH --observer off|on|both");
            }
        }
        for (String name : only) {
            if (!LoopWorkloads.ALL.containsKey(name)) {
                throw new IllegalArgumentException("unknown workload " + name + "; known: " + LoopWorkloads.ALL.keySet());
            }
        }
    }

    /**
     * In a child JVM: warm-up runs on throw-away loops, then the measured run on a fresh loop.
     * The RSS figure alone comes from the first run: once a run has touched the heap's pages,
     * the JVM's resident size no longer grows with what a later run allocates.
     */
    private static void runOne(String name, int warmup, boolean observed) {
        LoopWorkloads.Workload workload = LoopWorkloads.ALL.get(name);
        Map<String, Double> first = null;
        for (int i = 0; i < warmup; i++) {
            try (EventLoop loop = new EventLoop()) {
                if (observed) {
                    loop.setObserver(new CountingObserver());
                }
                Map<String, Double> metrics = workload.run(loop);
                first = first == null ? metrics : first;
            }
        }
        LoopWorkloads.retainedHeap(); // start with the warm-ups' garbage collected
        Map<String, Double> metrics;
        try (EventLoop loop = new EventLoop()) {
            CountingObserver counter = observed ? new CountingObserver() : null;
            loop.setObserver(counter);
            metrics = workload.run(loop);
            if (counter != null) {
                metrics.put("observed_events", (double) counter.events);
            }
        }
        if (first != null && metrics.containsKey(COLD_METRIC)) {
            metrics.put(COLD_METRIC, first.get(COLD_METRIC));
        }
        System.out.println(RESULT_PREFIX + MiniJson.write(metrics));
    }

    private void runAll() throws Exception {
        System.out.printf("jasyncio loop benchmark: java %s (%s), %s%n  coroutines: %s%n  jvm flags: %s%n",
                Runtime.version(), System.getProperty("java.vm.name"), gcNames(), Coroutine.mechanism(),
                String.join(" ", jvmFlags()));
        System.out.printf("  each figure: median of %d fresh JVMs, each %d warm-up run(s) then 1 measured%n", runs, warmup);
        System.out.printf("  %d CPUs, load average %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
        if (observer.equals("both")) {
            compareObserved();
            System.out.println("load average at the end: " + loadAverage());
            return;
        }
        Map<String, Map<String, Double>> ours = new LinkedHashMap<>();
        for (String name : only) {
            List<Map<String, Double>> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                results.add(runChild(name, observer.equals("on")));
            }
            Map<String, Double> median = median(results);
            ours.put(name, median);
            StringBuilder line = new StringBuilder(String.format("  %-13s", name));
            median.forEach((k, v) -> line.append(' ').append(k).append('=').append(format(v)));
            System.out.println(line);
        }
        Map<String, Map<String, Map<String, Double>>> theirs = python ? runPython() : Map.of();
        System.out.println();
        new ComparisonTable(ours, theirs).print(System.out);
        System.out.println("load average at the end: " + loadAverage());
    }

    /** The 1, 5 and 15 minute load averages: the figures mean little on a busy machine. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Tracing off against tracing on, in the same run: for each workload, {@code runs} pairs of
     * JVMs, one without an observer and one with the {@link CountingObserver}, alternating, and
     * the medians side by side with on/off (for rates; off/on for seconds and lateness, so that
     * below 1 always means "tracing costs this much").
     */
    private void compareObserved() throws IOException, InterruptedException {
        System.out.println("  tracing off (no observer) and on (a LoopObserver that counts each event), alternating JVMs");
        System.out.printf("%n| workload | metric | tracing off | tracing on | on vs off |%n| --- | --- | ---: | ---: | ---: |%n");
        for (String name : only) {
            List<Map<String, Double>> off = new ArrayList<>();
            List<Map<String, Double>> on = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                off.add(runChild(name, false));
                on.add(runChild(name, true));
            }
            Map<String, Double> offMedian = median(off);
            Map<String, Double> onMedian = median(on);
            for (String metric : offMedian.keySet()) {
                Double a = offMedian.get(metric);
                Double b = onMedian.get(metric);
                String ratio = a == null || b == null || a == 0 || b == 0 ? "-"
                        : String.format("%.2fx", metric.endsWith("_per_s") ? b / a : a / b);
                System.out.printf("| %s | %s | %s | %s | %s |%n", name, metric, format(a), format(b), ratio);
            }
            System.out.printf("| %s | events observed | - | %s | - |%n", name, format(onMedian.get("observed_events")));
        }
    }

    private Map<String, Double> runChild(String name, boolean observed) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoopBenchmark.class.getName(),
                "--one", name, "--warmup", Integer.toString(warmup)));
        if (observed) {
            command.add("--observed");
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(RESULT_PREFIX)) {
                    result = line.substring(RESULT_PREFIX.length());
                } else {
                    System.out.println("  [" + name + "] " + line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException("workload " + name + " failed in its JVM (exit " + exit + ")");
        }
        return toMetrics(MiniJson.parse(result));
    }

    private static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> names.add(gc.getName()));
        return "GC " + String.join("/", names) + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> toMetrics(Object json) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        ((Map<String, Object>) json).forEach((k, v) -> metrics.put(k, (Double) v));
        return metrics;
    }

    /** The median of each metric over the runs (null stays null). */
    static Map<String, Double> median(List<Map<String, Double>> runs) {
        Map<String, Double> median = new LinkedHashMap<>();
        for (String key : runs.get(0).keySet()) {
            double[] values = runs.stream().map(m -> m.get(key)).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
            if (values.length == 0) {
                median.put(key, null);
                continue;
            }
            Arrays.sort(values);
            int n = values.length;
            median.put(key, n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
        }
        return median;
    }

    static String format(Double v) {
        if (v == null) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.3f", v);
    }

    // ---- CPython's side ----

    /** True when the Python module imports (uvloop: Debian's python3-uvloop). */
    private boolean importable(String module) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(pythonExe.toString(), "-c", "import " + module)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }

    /** Runs asyncio_bench.py; its results by loop name ("asyncio", "uvloop"), workload and metric. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Map<String, Double>>> runPython() throws IOException, InterruptedException {
        if (!Files.isExecutable(pythonExe)) {
            System.out.println("(no " + pythonExe + ": CPython's side is left out)");
            return Map.of();
        }
        Path script = asyncioBench != null ? asyncioBench : findAsyncioBench();
        if (script == null || !Files.isRegularFile(script)) {
            System.out.println("(asyncio_bench.py not found next to the repository; give --asyncio-bench PATH)");
            return Map.of();
        }
        boolean withUvloop = uvloop != null ? uvloop : importable("uvloop");
        List<String> command = new ArrayList<>(List.of(pythonExe.toString(), script.toString(),
                "--runs", Integer.toString(pythonRuns), "--only", String.join(",", only),
                "--loop", withUvloop ? "asyncio,uvloop" : "asyncio"));
        System.out.println("\nCPython: " + String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (json == null && line.startsWith("{")) {
                    json = line;
                }
            }
        }
        if (p.waitFor() != 0 || json == null) {
            System.out.println("(asyncio_bench.py failed: CPython's side is left out)");
            return Map.of();
        }
        Map<String, Object> out = (Map<String, Object>) MiniJson.parse(json);
        System.out.println("  python " + out.get("python") + ", " + ((Double) out.get("runs")).intValue() + " runs, gc " + out.get("gc"));
        Map<String, Map<String, Map<String, Double>>> byLoop = new LinkedHashMap<>();
        ((Map<String, Object>) out.get("loops")).forEach((loopName, workloads) -> {
            Map<String, Map<String, Double>> results = new LinkedHashMap<>();
            ((Map<String, Object>) workloads).forEach((name, metrics) -> results.put(name, toMetrics(metrics)));
            byLoop.put(loopName.startsWith("uvloop") ? loopName : "asyncio " + out.get("python"), results);
        });
        return byLoop;
    }

    /**
     * ../shared/bench/asyncio_bench.py beside the repository: shared/bench/ in the nearest
     * directory above this class's build output (or above the working directory) that has one.
     */
    private static Path findAsyncioBench() {
        String fromEnv = System.getenv("JASYNCIO_ASYNCIO_BENCH");
        if (fromEnv != null) {
            return Path.of(fromEnv);
        }
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(LoopBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source to start from: the working directory will do
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared/bench/asyncio_bench.py");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
