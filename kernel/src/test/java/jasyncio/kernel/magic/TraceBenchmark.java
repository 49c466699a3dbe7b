package jasyncio.kernel.magic;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.sleep;

import jasyncio.loop.EventLoop;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What tracing costs the loop (issue 4, item 5): two workloads with no observer, with a
 * {@link LoopTrace} that records to memory (counts and summary samples, --limit 0), and with
 * one that formats every line (--limit unlimited, lines dropped). Not a unit test; run with
 * kernel/bench/run-trace-bench.sh.
 */
public final class TraceBenchmark {
    private static final int CALLBACKS = 1_000_000;
    private static final int TASKS = 1_000;
    private static final int STEPS = 100;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> modes = List.of("off", "memory", "lines");
        for (String workload : List.of("call_soon chain", "tasks sleep(0)")) {
            for (String mode : modes) {
                double best = Double.MAX_VALUE;
                long events = 0;
                for (int r = 0; r < runs + 2; r++) { // two warm-up runs
                    EventLoop loop = new EventLoop();
                    LoopTrace trace = switch (mode) {
                        case "memory" -> new LoopTrace(loop, TraceOptions.parse("--limit 0"), line -> { });
                        case "lines" -> new LoopTrace(loop, TraceOptions.parse("--limit " + Integer.MAX_VALUE), line -> { });
                        default -> null;
                    };
                    loop.setObserver(trace);
                    long start = System.nanoTime();
                    run(loop, workload);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    loop.close();
                    if (r >= 2) {
                        best = Math.min(best, seconds);
                    }
                    events = trace == null ? events : trace.events();
                }
                System.out.printf(Locale.ROOT, "%-16s tracing %-6s best of %d: %8.1f ms%s%n", workload, mode, runs, best * 1e3,
                        events == 0 ? "" : String.format(Locale.ROOT, "  (%d events, %.0f ns/event)", events, best * 1e9 / events));
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
