package jasyncio.kernel.player;

import java.util.List;

/**
 * What the recorded events say of each handle, worked out after recording (so the recorder
 * spends nothing on it per handle): the task whose step or wakeup it is (a new task's first step
 * and a bare yield name their task; any other handle popped right before a task's step is that
 * task's wakeup), and whether it is a TimerHandle. Its label follows: a name the recorder gave,
 * else {@code Task-5.step} / {@code Task-5.wakeup}, else its kind and id.
 */
final class HandleIndex {
    private static final long TIMER = 1L << 32;
    private static final long WAKEUP = 1L << 33;
    /** Handle id → flags (high) and task (low int). */
    private final IntLongMap info = new IntLongMap(1024);
    private final TraceTables tables;

    private HandleIndex(TraceTables tables) {
        this.tables = tables;
    }

    /** From every event kept, in order (and the timers of the chunks' snapshots). */
    static HandleIndex of(TraceRecorder recorder) {
        return of(recorder, recorder.log.chunks());
    }

    static HandleIndex of(TraceRecorder recorder, List<EventLog.Chunk> chunks) {
        HandleIndex index = new HandleIndex(recorder.tables);
        int popped = 0;
        for (EventLog.Chunk chunk : chunks) {
            for (int id : chunk.key.timerIds()) {
                index.add(id, TIMER, 0);
            }
            for (int i = 0; i < chunk.size; i++) {
                EventKind kind = EventKind.VALUES[chunk.kind[i]];
                int a = chunk.a[i];
                switch (kind) {
                    case SCHEDULED -> {
                        EventKind.Cause cause = EventKind.Cause.VALUES[chunk.b[i]];
                        if (cause == EventKind.Cause.TASK_CREATED || cause == EventKind.Cause.TASK_YIELD) {
                            index.add(a, 0, chunk.c[i]);
                        } else if (cause == EventKind.Cause.FUTURE_CALLBACK) {
                            index.add(a, WAKEUP, 0);
                        }
                    }
                    case TIMER_SCHEDULED, TIMER_DUE, TIMER_CANCELLED -> index.add(a, TIMER, 0);
                    case STEP -> {
                        if (popped != 0) {
                            index.add(popped, 0, a);
                        }
                    }
                    default -> {
                    }
                }
                popped = kind == EventKind.POP ? a : 0;
            }
        }
        return index;
    }

    private void add(int id, long flags, int task) {
        long old = info.get(id, 0);
        info.put(id, old | flags | (task != 0 ? task & 0xffffffffL : 0));
    }

    int task(int id) {
        return (int) info.get(id, 0);
    }

    boolean isTimer(int id) {
        return (info.get(id, 0) & TIMER) != 0 || tables.isNamedTimer(id);
    }

    boolean isWakeup(int id) {
        return (info.get(id, 0) & WAKEUP) != 0;
    }

    /** The handle's name: its callback's, else its task's step or wakeup, else its kind and id. */
    String label(int id) {
        String name = tables.handleName(id);
        if (!name.isEmpty()) {
            return name;
        }
        int task = task(id);
        if (task != 0) {
            return tables.taskName(task) + (isWakeup(id) ? ".wakeup" : ".step");
        }
        return (isTimer(id) ? "timer #" : "handle #") + id;
    }

    /** "Handle<...>" or "TimerHandle<...>". */
    String display(int id) {
        return (isTimer(id) ? "TimerHandle<" : "Handle<") + label(id) + ">";
    }
}
