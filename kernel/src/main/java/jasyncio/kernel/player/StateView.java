package jasyncio.kernel.player;

import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A picture of the loop's state, in words: the ready deque's boxes (FIFO), the timer heap by due
 * time beside the clock, what runs, the selector's wait, one card per task. Made from a live loop
 * ({@link #of(EventLoop, String)}, for {@code loopState(loop)} and {@code %loop step}) or from the
 * end of a recording; drawn as HTML ({@link StatePage}), PNG ({@link PlayerImage}) and text.
 */
record StateView(String title, String clock, String running, String waiting, List<Box> ready, List<TimerRow> timers,
                 List<Card> tasks, List<String> notes) {
    /** Boxes, timers and cards drawn at most; the rest are counted. */
    static final int SHOWN = 40;

    record Box(long id, String label, String cause, boolean timer) {
    }

    record TimerRow(long id, String label, String due, String in) {
    }

    record Card(long id, String name, String state, String detail) {
    }

    /** The state of a live loop now (on its thread, between iterations or inside one). */
    static StateView of(EventLoop loop, String title) {
        double now = loop.time();
        List<Box> ready = new ArrayList<>();
        Map<String, Boolean> queuedTasks = new HashMap<>();
        for (Handle handle : loop.readyQueue()) {
            String name = TraceRecorder.nameOf(handle);
            int dot = name.lastIndexOf('.');
            if (dot > 0 && (name.endsWith(".step") || name.endsWith(".wakeup"))) {
                queuedTasks.put(name.substring(0, dot), true);
            }
            ready.add(new Box(handle.id(), (handle instanceof TimerHandle ? "TimerHandle<" : "Handle<") + name + ">",
                    handle.isCancelled() ? "cancelled" : "", handle instanceof TimerHandle));
        }
        List<TimerRow> timers = new ArrayList<>();
        for (TimerHandle timer : loop.scheduledTimers()) {
            timers.add(new TimerRow(timer.id(), "TimerHandle<" + TraceRecorder.nameOf(timer) + ">",
                    String.format(Locale.ROOT, "%.4f s", timer.when()), seconds(timer.when() - now)));
        }
        List<Card> cards = new ArrayList<>();
        Task<?> current = loop.currentTask();
        for (Task<?> task : loop.allTasks()) {
            Future<?> awaiting = task.waitingOn();
            String state;
            String detail;
            if (task == current) {
                state = "running";
                detail = "in __step: coro.send(None)";
            } else if (queuedTasks.containsKey(task.getName())) {
                state = "ready";
                detail = awaiting == null ? "its step is in the ready queue" : "woken: " + abbreviate(TraceRecorder.text(awaiting));
            } else if (awaiting != null) {
                state = "suspended";
                detail = "awaits " + abbreviate(TraceRecorder.text(awaiting));
            } else {
                state = "pending";
                detail = "its step is not queued";
            }
            cards.add(new Card(task.id(), task.getName(), state, detail));
        }
        cards.sort((p, q) -> Long.compare(p.id(), q.id()));
        String clock = String.format(Locale.ROOT, "loop.time() = %.4f s · iteration %d", now, loop.iteration());
        return new StateView(title, clock, current == null ? "nothing (between iterations)" : current.getName() + ".__step()",
                loop.isRunning() ? "running" : "not waiting (the loop is " + (loop.isClosed() ? "closed" : "idle") + ")",
                ready, timers, cards, List.of());
    }

    /** The state a recording ended in, as its model and tables say. */
    static StateView ofRecording(TraceRecorder recorder, String title) {
        LoopModel model = recorder.model;
        TraceTables tables = recorder.tables;
        HandleIndex handles = HandleIndex.of(recorder);
        double t0 = recorder.loopTimeAtStart();
        List<Box> ready = new ArrayList<>();
        Map<Integer, Boolean> queued = new HashMap<>();
        for (int id : model.ready()) {
            ready.add(new Box(id, handles.display(id), "", handles.isTimer(id)));
            if (handles.task(id) != 0) {
                queued.put(handles.task(id), true);
            }
        }
        List<TimerRow> timers = new ArrayList<>();
        for (int id : model.timersByDue()) {
            double when = model.when(id);
            timers.add(new TimerRow(id, handles.display(id), "+" + seconds(when - t0), seconds(when - model.clock())));
        }
        List<Card> cards = new ArrayList<>();
        for (int id : model.taskIds()) {
            byte code = model.taskState(id);
            String state = switch (code) {
                case LoopModel.RUNNING -> "running";
                case LoopModel.DONE -> "done";
                case LoopModel.FAILED -> "failed";
                case LoopModel.CANCELLED -> "cancelled";
                default -> queued.containsKey(id) ? "ready" : code == LoopModel.SUSPENDED ? "suspended" : "pending";
            };
            int awaiting = model.awaiting(id);
            String detail = switch (state) {
                case "done", "failed" -> tables.taskOutcome(id).isEmpty() ? state : tables.taskOutcome(id);
                case "suspended" -> "awaits " + futureName(tables, awaiting);
                case "ready" -> awaiting != 0 ? "woken: " + futureName(tables, awaiting) : "its step is in the ready queue";
                default -> "";
            };
            cards.add(new Card(id, tables.taskName(id), state, detail));
        }
        String clock = String.format(Locale.ROOT, "loop.time() = %.4f s (start +%s) · iteration %d",
                model.clock(), seconds(model.clock() - t0), model.iteration());
        return new StateView(title, clock, "nothing: the traced code has ended",
                Double.isNaN(model.waiting()) ? "not waiting" : "select(timeout=" + seconds(model.waiting()) + ")", ready, timers, cards, List.of());
    }

    private static String futureName(TraceTables tables, int ref) {
        if (ref > 0) {
            return tables.taskName(ref);
        }
        String desc = tables.string((int) tables.futures.get(ref, 0));
        return desc.isEmpty() ? "Future #" + -ref : desc;
    }

    static String seconds(double s) {
        if (Math.abs(s) >= 1) {
            return String.format(Locale.ROOT, "%.3f s", s);
        }
        if (Math.abs(s) >= 1e-3) {
            return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f µs", s * 1e6);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The state as text, for consoles: one line per part, the deque as [a, b, c]. */
    String text() {
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(clock).append('\n');
        out.append("running: ").append(running).append("; selector: ").append(waiting).append('\n');
        out.append("ready (").append(ready.size()).append("): [");
        for (int i = 0; i < ready.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(ready.get(i).label());
        }
        out.append("]\n");
        out.append("timers (").append(timers.size()).append(")").append(timers.isEmpty() ? "" : ":").append('\n');
        for (TimerRow t : timers) {
            out.append("  ").append(t.label()).append(" due ").append(t.due()).append(" (in ").append(t.in()).append(")\n");
        }
        out.append("tasks (").append(tasks.size()).append(")").append(tasks.isEmpty() ? "" : ":").append('\n');
        for (Card c : tasks) {
            out.append(String.format(Locale.ROOT, "  %-14s %-9s %s%n", c.name(), c.state(), c.detail()));
        }
        for (String note : notes) {
            out.append(note).append('\n');
        }
        return out.toString().stripTrailing();
    }

    StateView withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new StateView(title, clock, running, waiting, ready, timers, tasks, all);
    }
}
