package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** %time, %%time and %classpath. */
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
        magics.add(new Magic("classpath", Magic.Kind.LINE, "PATH",
                "Adds a jar or a folder of classes to the class path of later cells.",
                (host, args, body) -> {
                    Path path = Path.of(args.strip()).toAbsolutePath();
                    if (args.isBlank() || !Files.exists(path)) {
                        throw new CellError("UsageError", "no such jar or folder: " + args.strip(),
                                List.of("usage: %classpath PATH   (a jar or a folder that exists)"));
                    }
                    host.interpreter().addToClasspath(path.toString());
                    host.write("added to the class path: " + path + "\n");
                    return null;
                }));
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
