package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Task;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import jdk.jshell.JShell;

/**
 * Start-up and per-cell cost of the interpreter (not a test: speed targets stay out of unit
 * tests). Cell kinds are measured round-robin, after a JIT warm-up, so machine noise hits
 * them alike; CPU time is this thread's, wall time includes waiting for a core. Run after
 * test-compile:
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xss16m \
 *   -cp kernel/target/classes:kernel/target/test-classes:loop/target/classes \
 *   jasyncio.kernel.shell.ShellBenchmark [runs]
 * </pre>
 */
public final class ShellBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] CELLS = {"1 + 1", "int x = 1;", "System.out.println(\"x\")", "await(sleep(0))",
            "Math.max(3, 4)"};

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        // A cold JVM: what the first interpreter costs, then it warms the JIT for the rest.
        EventLoop firstLoop = new EventLoop();
        long c0 = System.nanoTime();
        JShellInterpreter first = new JShellInterpreter(firstLoop, new RecordingSink());
        long c1 = System.nanoTime();
        cell(firstLoop, first, "1 + 1");
        long c2 = System.nanoTime();
        out.printf("cold JVM: create (JShell + prelude) %.0f ms, first cell '1 + 1' without warmUp %.0f ms%n",
                ms(c1 - c0), ms(c2 - c1));
        System.setOut(quiet);
        roundRobin(firstLoop, first, 100);
        System.setOut(out);
        first.close();
        firstLoop.close();

        // A fresh interpreter in the warm JVM: the steady state, without JShell history.
        EventLoop loop = new EventLoop();
        long t0 = System.nanoTime();
        JShellInterpreter interpreter = new JShellInterpreter(loop, new RecordingSink());
        long t1 = System.nanoTime();
        interpreter.warmUp();
        long t2 = System.nanoTime();
        cell(loop, interpreter, "1 + 1");
        long t3 = System.nanoTime();
        out.printf("warm JVM: create %.0f ms, warmUp %.0f ms, first cell after warmUp %.1f ms%n",
                ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
        double[] trivial = measure(loop, interpreter, "1 + 1", runs);
        out.printf("cell '1 + 1' x %d: p50 wall %5.2f ms, p50 cpu %5.2f ms, p90 wall %5.2f ms%n",
                runs, trivial[0], trivial[1], trivial[2]);

        System.setOut(quiet);
        double[][] results = roundRobin(loop, interpreter, runs / 2);
        System.setOut(out);
        for (int i = 0; i < CELLS.length; i++) {
            out.printf("cell %-28s p50 wall %5.2f ms, p50 cpu %5.2f ms, p90 wall %5.2f ms (%d runs, round-robin)%n",
                    "'" + CELLS[i] + "'", results[i][0], results[i][1], results[i][2], runs / 2);
        }
        System.setOut(quiet);
        double[] statements = measure(loop, interpreter, "int s = 0;\ns += 1;\ns += 2;\nSystem.out.print(s);\ns *= 2;\ns", runs / 2);
        System.setOut(out);
        out.printf("cell of 6 snippets (4 statements in one block): p50 wall %5.2f ms, p50 cpu %5.2f ms%n",
                statements[0], statements[1]);
        double[] raw = rawJShell(runs);
        out.printf("raw JShell eval of the expression '1 + 1' ($N kept), same engine: p50 wall %5.2f ms, p50 cpu %5.2f ms%n",
                raw[0], raw[1]);

        System.setOut(quiet);
        for (int i = 0; i < 1000; i++) {
            cell(loop, interpreter, "Math.abs(" + i + ");");
        }
        double[] afterHistory = measure(loop, interpreter, "1 + 1", runs / 2);
        StringBuilder declarations = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            declarations.append("int declared").append(i).append(" = ").append(i).append(";\n");
        }
        cell(loop, interpreter, declarations.toString());
        double[] afterDeclarations = measure(loop, interpreter, "1 + 1", runs / 2);
        System.setOut(out);
        out.printf("after 1000 more one-statement cells: '1 + 1' p50 wall %5.2f ms, p50 cpu %5.2f ms%n",
                afterHistory[0], afterHistory[1]);
        out.printf("and 200 variables declared: '1 + 1' p50 wall %5.2f ms, p50 cpu %5.2f ms%n",
                afterDeclarations[0], afterDeclarations[1]);
        interpreter.close();
        loop.close();
    }

    /** One cell, repeated: p50 wall, p50 CPU (this thread), p90 wall, in ms. */
    private static double[] measure(EventLoop loop, JShellInterpreter interpreter, String code, int runs) {
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        for (int r = 0; r < runs; r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            cell(loop, interpreter, code);
            wall[r] = System.nanoTime() - w0;
            cpu[r] = THREADS.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {ms(wall[runs / 2]), ms(cpu[runs / 2]), ms(wall[runs * 9 / 10])};
    }

    private static CellValue cell(EventLoop loop, JShellInterpreter interpreter, String code) {
        Task<CellValue> task = loop.createTask(interpreter.cell(code));
        return loop.runUntilComplete(task);
    }

    /** Per cell kind: p50 wall, p50 CPU (this thread), p90 wall, in ms. */
    private static double[][] roundRobin(EventLoop loop, JShellInterpreter interpreter, int runs) {
        long[][] wall = new long[CELLS.length][runs];
        long[][] cpu = new long[CELLS.length][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < CELLS.length; i++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                cell(loop, interpreter, CELLS[i]);
                wall[i][r] = System.nanoTime() - w0;
                cpu[i][r] = THREADS.getCurrentThreadCpuTime() - c0;
            }
        }
        double[][] results = new double[CELLS.length][];
        for (int i = 0; i < CELLS.length; i++) {
            Arrays.sort(wall[i]);
            Arrays.sort(cpu[i]);
            results[i] = new double[] {ms(wall[i][runs / 2]), ms(cpu[i][runs / 2]), ms(wall[i][runs * 9 / 10])};
        }
        return results;
    }

    /** JShell's own cost for a bare expression, with the same execution engine, for comparison. */
    private static double[] rawJShell(int runs) {
        DirectExecution execution = new DirectExecution(new SnippetLoader(ShellBenchmark.class.getClassLoader(), new CellClassPath(java.util.Set.of(), java.util.List.of())));
        try (JShell jshell = JShell.builder().executionEngine(DirectExecution.provider(execution), Map.of()).build()) {
            for (int i = 0; i < 300; i++) {
                jshell.eval("1 + 1");
            }
            long[] wall = new long[runs];
            long[] cpu = new long[runs];
            for (int i = 0; i < runs; i++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                jshell.eval("1 + 1");
                wall[i] = System.nanoTime() - w0;
                cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            return new double[] {ms(wall[runs / 2]), ms(cpu[runs / 2])};
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
