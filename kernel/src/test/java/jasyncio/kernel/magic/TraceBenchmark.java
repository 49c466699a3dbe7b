package jasyncio.kernel.magic;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.sleep;

import jasyncio.kernel.player.TraceRecorder;
import jasyncio.loop.EventLoop;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What tracing costs the loop: two workloads with no observer ("off"), with the player's
 * {@link TraceRecorder} alone ("record"), with the recorder and the line printer as a %%trace cell
 * has them (--limit 500: the first 500 lines formatted, the rest counted; "trace"), and with every
 * line formatted as --lines --limit unlimited does ("lines"). Prints the time, the events, the cost
 * per event over "off" and the ratio to "off". Not a unit test; run with kernel/bench/run-trace-bench.sh.
 */
public final class TraceBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int CALLBACKS = 1_000_000;
    private static final int TASKS = 1_000;
    private static final int STEPS = 100;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> modes = List.of("off", "record", "trace", "lines");
        for (String workload : List.of("call_soon chain", "tasks sleep(0)")) {
            double off = 0;
            double offCpu = 0;
            for (String mode : modes) {
                double best = Double.MAX_VALUE;
                double bestCpu = Double.MAX_VALUE;
                long events = 0;
                for (int r = 0; r < runs + 2; r++) { // two warm-up runs
                    EventLoop loop = new EventLoop();
                    LoopObserver observer = switch (mode) {
                        case "record" -> new TraceRecorder(loop, null);
                        case "trace" -> new TraceRecorder(loop, null).then(new LoopTrace(loop, TraceOptions.parse("--limit 500"), line -> { }));
                        case "lines" -> new LoopTrace(loop, TraceOptions.parse("--limit " + Integer.MAX_VALUE), line -> { });
                        default -> null;
                    };
                    loop.setObserver(observer);
                    long start = System.nanoTime();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    run(loop, workload);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                    loop.setObserver(null);
                    loop.close();
                    if (r >= 2) {
                        best = Math.min(best, seconds);
                        bestCpu = Math.min(bestCpu, cpu);
                    }
                    if (observer instanceof TraceRecorder recorder) {
                        events = recorder.events();
                    } else if (observer instanceof LoopTrace trace) {
                        events = trace.events();
                    }
                }
                if (mode.equals("off")) {
                    off = best;
                    offCpu = bestCpu;
                }
                System.out.printf(Locale.ROOT, "%-16s tracing %-6s best of %d: wall %8.1f ms x%.2f, loop-thread CPU %8.1f ms x%.2f of off%s%n",
                        workload, mode, runs, best * 1e3, best / off, bestCpu * 1e3, bestCpu / offCpu, events == 0 ? ""
                                : String.format(Locale.ROOT, "  (%d events; over off: %.0f ns/event wall, %.0f ns/event CPU)",
                                events, (best - off) * 1e9 / events, (bestCpu - offCpu) * 1e9 / events));
            }
        }
    }

    private static void run(EventLoop loop, String workload) {
        if (workload.startsWith("call_soon")) {
            int[] left = {CALLBACKS};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (--left[0] > 0) {
                    loop.callSoon(next[0]);
                } else {
                    loop.stop();
                }
            };
            loop.callSoon(next[0]);
            loop.runForever();
        } else {
            loop.runUntilComplete(async(() -> {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < TASKS; t++) {
                    tasks.add(loop.createTask(async(() -> {
                        for (int s = 0; s < STEPS; s++) {
                            await(sleep(0));
                        }
                    })));
                }
                for (Task<Void> task : tasks) {
                    await(task);
                }
                return null;
            }));
        }
    }
}
