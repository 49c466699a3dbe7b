package jasyncio.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * usage_reply's content, as ipykernel's {@code usage_request} makes it with psutil (JupyterLab's
 * jupyter-resource-usage shows it): the kernel's CPU use and memory, its child processes
 * included, and the host's CPU use, CPU count and memory, read from /proc.
 *
 * <ul>
 * <li>{@code kernel_cpu}: percent of one CPU used since the previous request (psutil's
 * {@code Process.cpu_percent()}, summed over the kernel and its descendants);
 * <li>{@code kernel_memory}: bytes of proportional set size (PSS, /proc/PID/smaps_rollup), or of
 * resident set size where there is no PSS, summed the same way;
 * <li>{@code host_cpu_percent}: percent of all CPUs busy since the previous request (psutil's
 * {@code cpu_percent()}), left out when it is 0.0 as ipykernel does;
 * <li>{@code cpu_count}: logical CPUs; {@code host_virtual_memory}: psutil's
 * {@code virtual_memory()} fields, in bytes.
 * </ul>
 * Unlike psutil, the first request does not answer 0.0: the samples it is compared with are
 * taken when the kernel starts. Off Linux, the fields /proc would give are left out.
 */
final class Usage {
    private final Path proc;
    private long lastWallNanos;
    private final Map<Long, Long> lastCpuNanos = new HashMap<>();
    private long[] lastHostTicks;

    Usage() {
        this(Path.of("/proc"));
    }

    Usage(Path proc) {
        this.proc = proc;
        sampleKernelCpu();
        lastHostTicks = hostTicks();
    }

    synchronized JsonObject content() {
        JsonObject content = new JsonObject();
        content.addProperty("hostname", hostname());
        content.addProperty("pid", ProcessHandle.current().pid());
        content.addProperty("kernel_cpu", sampleKernelCpu());
        long memory = 0;
        for (ProcessHandle p : kernelProcesses()) {
            memory += memoryBytes(p.pid());
        }
        content.addProperty("kernel_memory", memory);
        long[] ticks = hostTicks();
        if (ticks != null && lastHostTicks != null) {
            long total = ticks[0] - lastHostTicks[0];
            long busy = ticks[1] - lastHostTicks[1];
            double percent = total <= 0 ? 0.0 : Math.round(1000.0 * busy / total) / 10.0;
            if (percent != 0.0) {
                content.addProperty("host_cpu_percent", percent);
            }
        }
        lastHostTicks = ticks;
        content.addProperty("cpu_count", cpuCount());
        JsonObject memoryInfo = virtualMemory();
        if (memoryInfo != null) {
            content.add("host_virtual_memory", memoryInfo);
        }
        return content;
    }

    private static List<ProcessHandle> kernelProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(all::add);
        return all;
    }

    /** Percent of one CPU the kernel and its descendants used since the last sample. */
    private double sampleKernelCpu() {
        long now = System.nanoTime();
        long used = 0;
        Map<Long, Long> seen = new HashMap<>();
        for (ProcessHandle p : kernelProcesses()) {
            long cpu = p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            seen.put(p.pid(), cpu);
            used += cpu - lastCpuNanos.getOrDefault(p.pid(), 0L);
        }
        long wall = now - lastWallNanos;
        boolean first = lastWallNanos == 0;
        lastWallNanos = now;
        lastCpuNanos.clear();
        lastCpuNanos.putAll(seen);
        return first || wall <= 0 ? 0.0 : Math.round(1000.0 * used / wall) / 10.0;
    }

    /** PSS in bytes (psutil's memory_full_info().pss), else RSS; 0 when the process is gone. */
    private long memoryBytes(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        long pss = kilobytes(dir.resolve("smaps_rollup"), "Pss:");
        return 1024 * (pss >= 0 ? pss : Math.max(0, kilobytes(dir.resolve("status"), "VmRSS:")));
    }

    /** {total, busy} jiffies of all CPUs from /proc/stat's first line, as psutil counts them, or null. */
    private long[] hostTicks() {
        List<String> lines = lines(proc.resolve("stat"));
        if (lines.isEmpty() || !lines.getFirst().startsWith("cpu ")) {
            return null;
        }
        String[] f = lines.getFirst().trim().split("\\s+");
        long[] v = new long[11];
        for (int i = 1; i < f.length && i < v.length; i++) {
            v[i] = Long.parseLong(f[i]);
        }
        // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user and nice
        long total = v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7] + v[8];
        long idle = v[4] + v[5];
        return new long[] {total, total - idle};
    }

    private int cpuCount() {
        int count = 0;
        for (String line : lines(proc.resolve("stat"))) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                count++;
            }
        }
        return count > 0 ? count : Runtime.getRuntime().availableProcessors();
    }

    /** psutil.virtual_memory() on Linux: total, available, percent, used, free, active, inactive, buffers, cached, shared, slab. */
    private JsonObject virtualMemory() {
        Map<String, Long> info = new HashMap<>();
        for (String line : lines(proc.resolve("meminfo"))) {
            String[] parts = line.split(":\\s*|\\s+");
            if (parts.length >= 2) {
                try {
                    info.put(parts[0], Long.parseLong(parts[1]) * 1024);
                } catch (NumberFormatException ignored) {
                    // not a figure
                }
            }
        }
        Long total = info.get("MemTotal");
        if (total == null) {
            return null;
        }
        long free = info.getOrDefault("MemFree", 0L);
        long buffers = info.getOrDefault("Buffers", 0L);
        long cached = info.getOrDefault("Cached", 0L) + info.getOrDefault("SReclaimable", 0L);
        long available = info.getOrDefault("MemAvailable", free + buffers + cached);
        long used = total - free - cached - buffers;
        if (used < 0) {
            used = total - free;
        }
        JsonObject o = new JsonObject();
        o.addProperty("total", total);
        o.addProperty("available", available);
        o.addProperty("percent", total == 0 ? 0.0 : Math.round(1000.0 * (total - available) / total) / 10.0);
        o.addProperty("used", used);
        o.addProperty("free", free);
        o.addProperty("active", info.getOrDefault("Active", 0L));
        o.addProperty("inactive", info.getOrDefault("Inactive", 0L));
        o.addProperty("buffers", buffers);
        o.addProperty("cached", cached);
        o.addProperty("shared", info.getOrDefault("Shmem", 0L));
        o.addProperty("slab", info.getOrDefault("Slab", 0L));
        return o;
    }

    private String hostname() {
        List<String> lines = lines(proc.resolve("sys/kernel/hostname"));
        if (!lines.isEmpty() && !lines.getFirst().isBlank()) {
            return lines.getFirst().strip();
        }
        String env = System.getenv("HOSTNAME");
        return env != null ? env : "localhost";
    }

    /** The kB figure after {@code label} in a /proc file, or -1. */
    private static long kilobytes(Path file, String label) {
        for (String line : lines(file)) {
            if (line.startsWith(label)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
