package jasyncio.loop.bench;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.createTask;
import static jasyncio.loop.Asyncio.gather;
import static jasyncio.loop.Asyncio.sleep;
import static jasyncio.loop.Asyncio.wrapFuture;

import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Task;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The workloads of ../shared/bench/asyncio_bench.py, defined the same way, each on the
 * loop it is given. Each returns its metrics under the names the Python script uses, so the
 * two can be set side by side (the heap figure of {@code memory} stands for tracemalloc's).
 */
final class LoopWorkloads {
    static final int N_CB = 1_000_000, N_TASKS = 1000, M_SWITCH = 1000, N_CREATE = 100_000,
            N_TIMERS = 100_000, N_TIMERS_LIGHT = 1000, N_MEM = 100_000, N_CHAIN = 100_000, N_WRAP = 10_000;

    private LoopWorkloads() {
    }

    /** The workloads by name, in the Python script's order. */
    static final Map<String, Workload> ALL = new LinkedHashMap<>();

    static {
        ALL.put("call_soon", LoopWorkloads::callSoon);
        ALL.put("switch", LoopWorkloads::switches);
        ALL.put("tasks", LoopWorkloads::tasks);
        ALL.put("timers", loop -> timers(loop, N_TIMERS));
        ALL.put("timers_light", loop -> timers(loop, N_TIMERS_LIGHT));
        ALL.put("memory", LoopWorkloads::memory);
        ALL.put("chain", LoopWorkloads::chain);
        ALL.put("wrap", LoopWorkloads::wrap);
    }

    @FunctionalInterface
    interface Workload {
        Map<String, Double> run(EventLoop loop);
    }

    /** perf_counter: the monotonic clock the loop's time() also reads. */
    static double now() {
        return System.nanoTime() * 1e-9;
    }

    private static Map<String, Double> metrics(Object... keysAndValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (Double) keysAndValues[i + 1]);
        }
        return m;
    }

    /** call_soon: 1,000,000 no-op callbacks scheduled, then run until a final stop callback. */
    static Map<String, Double> callSoon(EventLoop loop) {
        Runnable noop = () -> {
        };
        double t0 = now();
        for (int i = 0; i < N_CB; i++) {
            loop.callSoon(noop);
        }
        double t1 = now();
        loop.callSoon(loop::stop);
        loop.runForever();
        double t2 = now();
        return metrics("callbacks_per_s", N_CB / (t2 - t0), "schedule_s", t1 - t0, "run_s", t2 - t1);
    }

    /** switch: 1,000 tasks each awaiting sleep(0) 1,000 times, gathered. */
    static Map<String, Double> switches(EventLoop loop) {
        Coroutine<Void> main = async(() -> {
            List<Coroutine<Void>> workers = new ArrayList<>(N_TASKS);
            for (int i = 0; i < N_TASKS; i++) {
                workers.add(async(() -> {
                    for (int k = 0; k < M_SWITCH; k++) {
                        await(sleep(0));
                    }
                }));
            }
            await(gather(workers));
        });
        double t0 = now();
        loop.runUntilComplete(main);
        double t = now() - t0;
        return metrics("switches_per_s", (double) N_TASKS * M_SWITCH / t, "seconds", t);
    }

    /** tasks: createTask of 100,000 trivial coroutines, then gather them. */
    static Map<String, Double> tasks(EventLoop loop) {
        double t = loop.runUntilComplete(async(() -> {
            double t0 = now();
            List<Task<Integer>> tasks = new ArrayList<>(N_CREATE);
            for (int i = 0; i < N_CREATE; i++) {
                tasks.add(createTask(async(() -> 1)));
            }
            await(gather(tasks));
            return now() - t0;
        }));
        return metrics("tasks_per_s", N_CREATE / t, "seconds", t);
    }

    /**
     * timers: n call_later(uniform 0-100 ms) in one batch, run until all fired; lateness is
     * fired - (scheduled + delay), also for only the timers due after the batch was scheduled.
     * One more figure than the Python script: cpu_s, the loop thread's CPU time over the run.
     */
    static Map<String, Double> timers(EventLoop loop, int n) {
        Random rnd = new Random(42);
        double[] delays = new double[n];
        for (int i = 0; i < n; i++) {
            delays[i] = rnd.nextDouble() * 0.1;
        }
        double[] dues = new double[n];
        double[] fired = new double[n];
        int[] count = {0};
        Consumer<Double> cb = due -> {
            int i = count[0]++;
            dues[i] = due;
            fired[i] = now();
            if (count[0] == n) {
                loop.stop();
            }
        };
        long cpu0 = threadCpuNanos();
        double t0 = now();
        for (double d : delays) {
            loop.callLater(d, cb, now() + d);
        }
        double t1 = now();
        loop.runForever();
        double t2 = now();
        double cpu = (threadCpuNanos() - cpu0) * 1e-9;
        double[] late = new double[n];
        double afterSum = 0;
        int after = 0;
        for (int i = 0; i < n; i++) {
            late[i] = fired[i] - dues[i];
            if (dues[i] > t1) {
                afterSum += late[i];
                after++;
            }
        }
        Arrays.sort(late);
        return metrics("timers_per_s", n / (t2 - t0), "schedule_s", t1 - t0,
                "late_mean_ms", Arrays.stream(late).average().orElseThrow() * 1e3,
                "late_p99_ms", late[(int) (0.99 * n) - 1] * 1e3,
                "late_max_ms", late[n - 1] * 1e3,
                "late_mean_ms_due_after_batch", after == 0 ? null : afterSum / after * 1e3,
                "cpu_s", cpu);
    }

    /** CPU time of this thread: how much of the timers' wall time the loop spent busy (waiting or not). */
    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * memory: 100,000 tasks each suspended in await(fut) on its own unresolved Future; bytes
     * a task (Task + coroutine + its Future) retained on the heap after full GCs, and by RSS.
     */
    static Map<String, Double> memory(EventLoop loop) {
        long heap0 = retainedHeap();
        long rss0 = rss();
        List<Future<Void>> futs = new ArrayList<>(N_MEM); // the lists count too, as in the Python figure
        List<Task<Void>> tasks = new ArrayList<>(N_MEM);
        for (int i = 0; i < N_MEM; i++) {
            futs.add(loop.createFuture());
        }
        for (Future<Void> f : futs) {
            tasks.add(loop.createTask(async(() -> {
                await(f);
            })));
        }
        loop.runUntilComplete(sleep(0)); // every task now suspended in await(fut)
        if (tasks.stream().anyMatch(Task::isDone)) {
            throw new IllegalStateException("a task finished early");
        }
        double byRss = (double) (rss() - rss0) / N_MEM;
        double byHeap = (double) (retainedHeap() - heap0) / N_MEM;
        for (Future<Void> f : futs) {
            f.setResult(null);
        }
        loop.runUntilComplete(gather(tasks));
        return metrics("bytes_per_task_heap", byHeap, "bytes_per_task_rss", byRss);
    }

    /** Heap in use after full collections, once it no longer shrinks. */
    static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** Resident set size of this process, from /proc/self/statm. */
    static long rss() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(fields[1]) * 4096;
        } catch (IOException e) {
            return 0;
        }
    }

    /** chain: a Future's done callback makes the next Future, adds itself to it, resolves it; 100,000 hops. */
    static Map<String, Double> chain(EventLoop loop) {
        Future<Integer> done = loop.createFuture();
        Consumer<Future<Integer>> hop = new Consumer<>() {
            @Override
            public void accept(Future<Integer> fut) {
                int k = fut.result();
                if (k == N_CHAIN) {
                    done.setResult(k);
                    return;
                }
                Future<Integer> next = loop.createFuture();
                next.addDoneCallback(this);
                next.setResult(k + 1);
            }
        };
        double t0 = now();
        Future<Integer> first = loop.createFuture();
        first.addDoneCallback(hop);
        first.setResult(1);
        loop.runUntilComplete(done);
        double t = now() - t0;
        return metrics("hops_per_s", N_CHAIN / t, "seconds", t);
    }

    /**
     * wrap: 10,000 tasks each awaiting wrapFuture() of its own CompletableFuture (asyncio's
     * wrap_future of a concurrent.futures.Future); once all wait, one other thread completes the
     * futures in order; completions/s from the thread's start to the gather's end: the border
     * with another thread's futures (callSoonThreadsafe, the wake-up, the copy on the loop thread).
     */
    static Map<String, Double> wrap(EventLoop loop) {
        List<CompletableFuture<Integer>> futs = new ArrayList<>(N_WRAP);
        for (int i = 0; i < N_WRAP; i++) {
            futs.add(new CompletableFuture<>());
        }
        double t = loop.runUntilComplete(async(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(N_WRAP);
            for (CompletableFuture<Integer> f : futs) {
                tasks.add(createTask(async(() -> await(wrapFuture(f)))));
            }
            await(sleep(0)); // every task now waits on its wrapped future
            double t0 = now();
            Thread th = new Thread(() -> {
                for (int i = 0; i < N_WRAP; i++) {
                    futs.get(i).complete(i);
                }
            }, "wrap-completer");
            th.start();
            List<Integer> res = await(gather(tasks));
            double elapsed = now() - t0;
            th.join();
            for (int i = 0; i < N_WRAP; i++) {
                if (res.get(i) != i) {
                    throw new IllegalStateException("result " + i + " is " + res.get(i));
                }
            }
            return elapsed;
        }));
        return metrics("completions_per_s", N_WRAP / t, "seconds", t);
    }
}
