package jasyncio.kernel.magic;

import jasyncio.kernel.display.MimeRenderer;
import jasyncio.kernel.player.LoopState;
import jasyncio.kernel.player.TraceRecorder;
import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.Awaitable;
import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;
import java.util.List;
import java.util.Locale;

/** The magics that show or drive the persistent loop: %run_until_complete, %tasks, %loop. */
final class LoopMagics {
    private LoopMagics() {
    }

    static void register(Magics magics) {
        magics.add(new Magic("run_until_complete", Magic.Kind.LINE, "EXPR",
                "Evaluates EXPR (a Coroutine, Future or Task) outside any task, then runs\n"
                        + "loop.runUntilComplete(EXPR) on the kernel's loop and shows the result:\n"
                        + "BaseEventLoop.run_until_complete → ensure_future → create_task → Task → call_soon(task.__step).\n"
                        + "Under %%trace the trace shows that whole chain.",
                (host, args, body) -> runUntilComplete(host, args)));
        magics.add(new Magic("tasks", Magic.Kind.LINE, "",
                "Lists every task of the kernel's loop: name, state, what it awaits, and where it is\n"
                        + "suspended (its stack cut to your frames, as cell lines), like python -m asyncio ps.",
                (host, args, body) -> {
                    host.write(tasks(host.loop(), host.interpreter()::userFrames));
                    return null;
                }));
        magics.add(new Magic("loop", Magic.Kind.LINE, "| step [N]",
                "Shows the kernel's loop: the ready queue, the timers with their due times, debug mode,\n"
                        + "the coroutine mechanism, the default executor, the clock (real or virtual: %virtual_time?) and the\n"
                        + "iteration count.\n"
                        + "%loop step [N] runs N iterations (default 1, at most " + MAX_STEPS + ") of the kernel's loop by hand\n"
                        + "(BaseEventLoop._run_once, as loop.runOnce()): tasks left by earlier cells progress. After each, a picture\n"
                        + "of the state (ready deque, timers, task cards) and what the iteration did. With nothing ready and no\n"
                        + "timer it does not step (runOnce would wait for I/O or a thread). From your own loop in a cell:\n"
                        + "mine.runOnce(); display(loopState(mine)).",
                (host, args, body) -> loop(host, args)));
    }

    static final int MAX_STEPS = 50;

    private static CellValue loop(MagicHost host, String args) {
        String[] words = args.strip().split("\\s+");
        if (words[0].isEmpty()) {
            StringBuilder out = new StringBuilder(describe(host.loop()));
            host.interpreter().notes().forEach(note -> out.append("note: ").append(note).append('\n'));
            host.write(out.toString());
            return null;
        }
        if (!words[0].equals("step") || words.length > 2) {
            throw loopUsage("unexpected " + args.strip());
        }
        int n = 1;
        if (words.length == 2) {
            try {
                n = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                throw loopUsage("%loop step takes a number of iterations, not " + words[1]);
            }
            if (n < 1 || n > MAX_STEPS) {
                throw loopUsage("%loop step runs 1 to " + MAX_STEPS + " iterations, not " + n);
            }
        }
        EventLoop loop = host.loop();
        for (int i = 1; i <= n; i++) {
            if (loop.readyQueue().isEmpty() && loop.scheduledTimers().isEmpty()) {
                host.write((i == 1 ? "" : "after " + (i - 1) + " iteration" + (i == 2 ? "" : "s") + ": ")
                        + "nothing is ready and no timer is set, so an iteration would wait for I/O or a thread: not stepped.\n");
                break;
            }
            LoopState state = LoopState.afterStep(loop, host.interpreter()::locate,
                    "%loop step " + i + "/" + n + ": the loop after iteration " + (loop.iteration() + 1));
            host.display(state.mimeBundle());
        }
        return null;
    }

    private static CellError loopUsage(String why) {
        return new CellError("UsageError", why, List.of("UsageError: " + why, "usage: %loop   or   %loop step [N]   (N: 1 to " + MAX_STEPS + ")"));
    }

    private static CellValue runUntilComplete(MagicHost host, String expression) {
        if (expression.isBlank()) {
            throw new CellError("UsageError", "%run_until_complete needs an expression",
                    List.of("usage: %run_until_complete EXPR   (a Coroutine, Future or Task)"));
        }
        Object value = host.interpreter().evaluate(expression);
        if (!(value instanceof Awaitable<?> awaitable)) {
            String type = value == null ? "null" : value.getClass().getName();
            throw new CellError("TypeError", "%run_until_complete needs a Coroutine, Future or Task, not " + type,
                    List.of("TypeError: " + expression + " is " + type + ", not a Coroutine, Future or Task"));
        }
        EventLoop loop = host.loop();
        if (loop.getObserver() instanceof TraceRecorder recorder) {
            recorder.runUntilComplete(awaitable);
            if (recorder.next() instanceof LoopTrace trace) {
                trace.runUntilComplete(awaitable);
            }
        } else if (loop.getObserver() instanceof LoopTrace trace) {
            trace.runUntilComplete(awaitable);
        }
        Object result = host.runUntilComplete(loop.ensureFuture(awaitable));
        return result == null ? null : new CellValue(MimeRenderer.render(result));
    }

    /**
     * Every task: name, state, what it awaits, its coroutine, and where it is suspended (the
     * user's frames, outermost first, as {@code userFrames} words them: cell lines in a kernel).
     */
    static String tasks(EventLoop loop, java.util.function.Function<StackTraceElement[], List<String>> userFrames) {
        List<Task<?>> all = loop.allTasks();
        StringBuilder out = new StringBuilder(all.size() + " task" + (all.size() == 1 ? "" : "s") + " in the loop\n");
        for (Task<?> task : all) {
            out.append(String.format(Locale.ROOT, "%-14s %-9s", task.getName(), state(task)));
            Future<?> awaiting = task.waitingOn();
            out.append(awaiting == null ? " awaits nothing" : " awaits " + LoopTrace.describe(awaiting))
                    .append(", coro=").append(task.getCoro()).append('\n');
            for (String frame : userFrames.apply(task.getStack())) {
                out.append("      at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private static String state(Task<?> task) {
        if (task.isCancelled()) {
            return "cancelled";
        }
        if (task.isDone()) {
            return "done";
        }
        return task.cancelling() > 0 ? "cancelling" : "pending";
    }

    static String describe(EventLoop loop) {
        StringBuilder out = new StringBuilder();
        out.append("loop: ").append(loop.isClosed() ? "closed" : loop.isRunning() ? "running" : "idle")
                .append(", iteration ").append(loop.iteration())
                .append(", debug ").append(loop.isDebug() ? "on" : "off")
                .append(String.format(Locale.ROOT, " (slow callbacks over %.3f s)%n", loop.getSlowCallbackDuration()));
        out.append("coroutines: ").append(Coroutine.mechanism()).append('\n');
        out.append("executor (toThread, runInExecutor(null, ...)): ").append(loop.defaultExecutorDescription()).append('\n');
        out.append(ClockMagics.state(loop));
        List<Handle> ready = loop.readyHandles();
        out.append("ready (").append(ready.size()).append("): ").append(ready).append('\n');
        List<TimerHandle> timers = loop.scheduledTimers();
        out.append("timers (").append(timers.size()).append(")").append(timers.isEmpty() ? "" : ":").append('\n');
        double now = loop.time();
        for (TimerHandle timer : timers) {
            out.append(String.format(Locale.ROOT, "  %s due at %.3f (in %.3f s)%n", timer, timer.when(), timer.when() - now));
        }
        out.append("tasks: ").append(loop.allTasks().size()).append(" pending\n");
        return out.toString();
    }
}
