package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellValue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/** %time and %%time (%classpath is with %maven, in MavenMagics). */
final class ShellMagics {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ShellMagics() {
    }

    static void register(Magics magics) {
        String timeHelp = "Runs the code and prints its wall time and the CPU time of the loop thread\n"
                + "(where cells and their tasks run), like IPython's %time; under virtual time also the\n"
                + "time that passed on the loop's clock.";
        magics.add(new Magic("time", Magic.Kind.LINE, "STATEMENT", timeHelp,
                (host, args, body) -> timed(host, () -> magics.dispatch(args, host))));
        magics.add(new Magic("time", Magic.Kind.CELL, "", timeHelp,
                (host, args, body) -> timed(host, () -> magics.dispatch(body, host))));
    }

    static CellValue timed(MagicHost host, Supplier<CellValue> run) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        double loopTime = host.loop().time();
        try {
            return run.get();
        } finally {
            double cpuMs = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
            double wallMs = (System.nanoTime() - wall) / 1e6;
            host.write(String.format(Locale.ROOT, "CPU time (loop thread): %.2f ms%nWall time: %.2f ms%n", cpuMs, wallMs));
            if (host.loop().isVirtualTime()) {
                host.write(String.format(Locale.ROOT, "Loop time (virtual): %.2f ms%n", (host.loop().time() - loopTime) * 1e3));
            }
        }
    }
}
