package jasyncio.kernel.player;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.gather;
import static jasyncio.loop.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import jasyncio.loop.Asyncio;
import jasyncio.loop.CancelledError;
import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recorder and the replay: after every event the model the recorder moves along equals the
 * loop's real state (ready deque in order, timer heap, each task's state, what runs), and the
 * player's JSON (whole or decimated) replays, from its keyframes, to the same state at every
 * event it carries. Real loops, real tasks, no kernel.
 */
@Timeout(120)
class TraceRecorderTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    /** The recorder behind a proxy that checks the model against the loop after each event it records. */
    private final class Checked {
        final TraceRecorder recorder = new TraceRecorder(loop, null);
        final Map<Task<?>, Boolean> tasks = new IdentityHashMap<>();
        /** The model's state after each event (by its index in the run), when kept. */
        final List<String> states = new ArrayList<>();
        final boolean keepStates;
        long checked;

        Checked(boolean keepStates) {
            this.keepStates = keepStates;
            loop.allTasks().forEach(t -> tasks.put(t, true));
        }

        LoopObserver observer() {
            return (LoopObserver) Proxy.newProxyInstance(LoopObserver.class.getClassLoader(), new Class<?>[] {LoopObserver.class},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return method.invoke(this, args);
                        }
                        try {
                            method.invoke(recorder, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("taskCreated")) {
                            tasks.put((Task<?>) args[0], true);
                        }
                        // TimerHandle.cancel tells the loop before it marks itself cancelled: the heap as it is once cancel returns.
                        check(method.getName(), method.getName().equals("timerCancelled") ? (TimerHandle) args[0] : null);
                        return null;
                    });
        }

        void check(String hook, TimerHandle beingCancelled) {
            LoopModel model = recorder.model;
            String where = hook + " (event " + recorder.events() + ")";
            long[] ready = loop.readyQueue().stream().mapToLong(Handle::id).toArray();
            assertArrayEquals(ready, Arrays.stream(model.ready()).asLongStream().toArray(), "ready deque after " + where);
            List<TimerHandle> timers = new ArrayList<>(loop.scheduledTimers());
            timers.remove(beingCancelled);
            assertArrayEquals(timers.stream().mapToLong(TimerHandle::id).toArray(),
                    Arrays.stream(model.timersByDue()).asLongStream().toArray(), "timer heap after " + where);
            for (TimerHandle t : timers) {
                assertEquals(t.when(), model.when((int) t.id()), "due time of " + t);
            }
            loop.allTasks().forEach(t -> tasks.put(t, true));
            // A step ends (the task suspends, yields or is done) before the loop leaves the task: until then
            // the loop's current task is still the one the model no longer shows running.
            Task<?> current = loop.currentTask();
            for (Task<?> task : tasks.keySet()) {
                int id = (int) task.id();
                assertTrue(model.hasTask(id), task + " is in the model");
                byte state = model.taskState(id);
                String what = task + " after " + where + ": " + LoopModel.STATE_NAMES.get(state);
                if (task.isDone()) {
                    byte expected = task.isCancelled() ? LoopModel.CANCELLED
                            : task.toString().contains(" exception=") ? LoopModel.FAILED : LoopModel.DONE;
                    assertEquals(expected, state, what);
                } else if (task.waitingOn() != null) {
                    assertEquals(LoopModel.SUSPENDED, state, what);
                    if (task.waitingOn() instanceof Task<?> awaited) {
                        assertEquals(awaited.id(), model.awaiting(id), what);
                    } else {
                        assertTrue(model.awaiting(id) < 0, what + " awaits a plain future");
                    }
                } else if (task == current) {
                    assertTrue(state == LoopModel.RUNNING || state == LoopModel.YIELDED, what);
                } else if (state == LoopModel.RUNNING) {
                    assertTrue(Arrays.stream(model.runningStack()).anyMatch(t -> t == id), what + ": an eager task's first step runs inside it");
                } else {
                    assertTrue(state == LoopModel.PENDING || state == LoopModel.YIELDED, what);
                }
            }
            if (current == null) {
                assertEquals(0, model.runningTask(), "no task runs after " + where);
            } else if (model.runningTask() != current.id()) {
                byte state = model.taskState((int) current.id());
                assertTrue(state != LoopModel.RUNNING && state != LoopModel.PENDING,
                        current + " is current after " + where + " but its step has ended in the model: " + LoopModel.STATE_NAMES.get(state));
            }
            checked++;
            if (keepStates) {
                states.add(state(model));
            }
        }
    }

    /** The state as text: the deque, the heap, and the tasks not done (what keyframes keep of them all). */
    static String state(LoopModel model) {
        StringBuilder s = new StringBuilder("r=").append(Arrays.toString(model.ready())).append(" h=").append(Arrays.toString(model.timersByDue()));
        s.append(" t=");
        for (int id : model.taskIds()) {
            byte st = model.taskState(id);
            if (st < LoopModel.DONE) {
                s.append(id).append(':').append(st).append(':').append(model.awaiting(id)).append(' ');
            }
        }
        return s.append("run=").append(model.runningTask()).append(" it=").append(model.iteration()).toString();
    }

    private Checked run(Coroutine<?> coro, boolean keepStates) {
        Checked checked = new Checked(keepStates);
        loop.setObserver(checked.observer());
        try {
            loop.runUntilComplete(loop.createTask(coro, "main"));
        } finally {
            loop.setObserver(null);
            checked.recorder.end();
        }
        assertEquals(checked.recorder.events(), checked.checked, "every event was checked (none threw in the observer)");
        return checked;
    }

    /** Timers, a cancelled timer, a cancelled handle in the deque, bare yields, gather, a failure, a cancellation, a thread. */
    private Coroutine<Object> mixed() {
        return async(() -> {
            Task<String> sleeper = loop.createTask(async(() -> {
                await(sleep(0.002));
                await(sleep(0));
                return "slept";
            }), "sleeper");
            Task<Object> failing = loop.createTask(async(() -> {
                await(sleep(0));
                throw new IllegalStateException("boom");
            }), "failing");
            Task<Object> doomed = loop.createTask(async(() -> {
                await(sleep(10));
                return null;
            }), "doomed");
            Handle dropped = loop.callSoon(() -> fail("a cancelled handle ran"));
            dropped.cancel();
            TimerHandle never = loop.callLater(0.001, () -> fail("a cancelled timer ran"));
            never.cancel();
            loop.callLater(0.001, () -> { });
            await(sleep(0));
            doomed.cancel("enough");
            Future<String> fromThread = loop.createFuture();
            Thread thread = new Thread(() -> loop.callSoonThreadsafe(() -> fromThread.setResult("from a thread")));
            thread.start();
            List<String> both = await(gather(sleeper, fromThread));
            try {
                await(failing);
                fail("failing did not fail");
            } catch (IllegalStateException expected) {
                // the failure reached its awaiter
            }
            try {
                await(doomed);
                fail("doomed was not cancelled");
            } catch (CancelledError expected) {
                // cancelled at its await
            }
            loop.setTaskFactory(Asyncio::eagerTaskFactory);
            try {
                Task<Integer> eager = loop.createTask(async(() -> {
                    await(sleep(0));
                    return 1;
                }), "eager");
                Task<Integer> quick = loop.createTask(async(() -> 2), "quick");
                await(eager);
                await(quick);
            } finally {
                loop.setTaskFactory(null);
            }
            return both;
        });
    }

    @Test
    void theModelIsTheLoopsStateAfterEveryEvent() {
        Checked checked = run(mixed(), false);
        assertTrue(checked.checked > 100, "events: " + checked.checked);
        TraceRecorder r = checked.recorder;
        for (EventKind kind : List.of(EventKind.SCHEDULED, EventKind.TIMER_SCHEDULED, EventKind.TIMER_CANCELLED, EventKind.TIMER_DUE,
                EventKind.WAIT, EventKind.POP, EventKind.RAN, EventKind.TASK_CREATED, EventKind.STEP, EventKind.SUSPEND,
                EventKind.YIELD, EventKind.TASK_DONE, EventKind.FUTURE_DONE)) {
            assertTrue(r.log.countByKind[kind.ordinal()] > 0, "the workload makes " + kind);
        }
        for (EventKind.Cause cause : List.of(EventKind.Cause.CALL_SOON, EventKind.Cause.TASK_CREATED, EventKind.Cause.TASK_YIELD,
                EventKind.Cause.FUTURE_CALLBACK, EventKind.Cause.THREADSAFE)) {
            assertTrue(causes(r).contains(cause), "the workload appends a handle for " + cause + ": " + causes(r));
        }
    }

    private static Set<EventKind.Cause> causes(TraceRecorder r) {
        Set<EventKind.Cause> seen = java.util.EnumSet.noneOf(EventKind.Cause.class);
        for (EventLog.Chunk c : r.log.chunks()) {
            for (int i = 0; i < c.size; i++) {
                if (c.kind[i] == EventKind.SCHEDULED.ordinal()) {
                    seen.add(EventKind.Cause.VALUES[c.b[i]]);
                }
            }
        }
        return seen;
    }

    @Test
    void namesOutcomesAndCausesAreRecorded() {
        TraceRecorder r = run(mixed(), false).recorder;
        TraceTables t = r.tables;
        Map<String, String> outcomes = new java.util.HashMap<>();
        for (int id : r.model.taskIds()) {
            outcomes.put(t.taskName(id), LoopModel.STATE_NAMES.get(r.model.taskState(id)) + " " + t.taskOutcome(id));
        }
        assertEquals("done result=slept", outcomes.get("sleeper"));
        assertTrue(outcomes.get("failing").startsWith("failed exception=java.lang.IllegalStateException: boom"), outcomes.toString());
        assertTrue(outcomes.get("doomed").startsWith("cancelled"), outcomes.toString());
        List<String> lines = EventText.all(r, 10_000);
        String all = String.join("\n", lines);
        assertTrue(all.contains("callSoon Handle<sleeper.step> (new task)"), all);
        assertTrue(all.contains("(bare yield)") && all.contains("(done callback)") && all.contains("(callSoonThreadsafe)"), all);
        assertTrue(all.contains("callAt TimerHandle<futures._set_result_unless_cancelled>"), all);
        assertTrue(all.matches("(?s).*suspend sleeper awaits Future #\\d+.*"), all);
        assertTrue(all.contains("pop Handle<sleeper.wakeup>"), "a wakeup is named as its task's: " + all);
    }

    @Test
    void theJsonReplaysToTheRecordedStateAtEveryEvent() {
        Checked checked = run(mixed(), true);
        String json = PlayerData.json(checked.recorder, "mixed", PlayerData.MAX_EVENTS);
        List<String> replayed = replay(JsonParser.parseString(json).getAsJsonObject(), null);
        assertEquals(checked.states.size(), replayed.size(), "every event is sent");
        for (int i = 0; i < replayed.size(); i++) {
            assertEquals(checked.states.get(i), replayed.get(i), "state after event " + i);
        }
    }

    /** Three tasks taking turns: many events, a small deque. */
    private Coroutine<Object> turns(int rounds) {
        return async(() -> {
            List<Task<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                tasks.add(loop.createTask(async(() -> {
                    for (int i = 0; i < rounds; i++) {
                        await(sleep(0));
                    }
                    return null;
                }), "turn" + t));
            }
            for (Task<Object> task : tasks) {
                await(task);
            }
            return null;
        });
    }

    @Test
    void aDecimatedJsonReplaysToTheRecordedStateAtEveryEventItCarries() {
        Checked checked = run(turns(3_000), true);
        long total = checked.recorder.events();
        assertTrue(total > 4 * EventLog.CHUNK, "several chunks: " + total);
        int budget = 6_000;
        JsonObject data = JsonParser.parseString(PlayerData.json(checked.recorder, "turns", budget)).getAsJsonObject();
        List<long[]> globals = new ArrayList<>();
        List<String> replayed = replay(data, globals);
        assertTrue(replayed.size() <= budget && replayed.size() >= budget / 2, "sent " + replayed.size());
        for (int i = 0; i < replayed.size(); i++) {
            int global = (int) globals.get(i)[0];
            assertEquals(checked.states.get(global), replayed.get(i), "state after event " + global + " (sent as " + i + ")");
        }
        // The first and the last events are there; what is left out is counted where it was.
        JsonArray segs = data.getAsJsonArray("seg");
        assertEquals(0, segs.get(0).getAsJsonArray().get(1).getAsLong());
        assertEquals(total - 1, globals.getLast()[0]);
        long omitted = 0;
        for (JsonElement seg : segs) {
            JsonArray s = seg.getAsJsonArray();
            long byKind = s.get(3).getAsJsonObject().entrySet().stream().mapToLong(e -> e.getValue().getAsLong()).sum();
            assertEquals(s.get(2).getAsLong(), byKind, "the counts by kind add up at " + s.get(1));
            omitted += s.get(2).getAsLong();
        }
        assertEquals(total, replayed.size() + omitted + data.get("omittedAtEnd").getAsLong());
        assertTrue(segs.size() > 2, "windows between the first and the last events: " + segs.size());
    }

    /** Replays the player's JSON as player.js does; the state after each event sent (its global index in {@code globals}). */
    static List<String> replay(JsonObject data, List<long[]> globals) {
        JsonArray k = data.getAsJsonArray("k"), a = data.getAsJsonArray("a"), b = data.getAsJsonArray("b"), x = data.getAsJsonArray("x");
        JsonArray segs = data.getAsJsonArray("seg");
        List<String> states = new ArrayList<>();
        LoopModel model = new LoopModel();
        int seg = -1;
        long global = 0;
        for (int i = 0; i < k.size(); i++) {
            if (seg + 1 < segs.size() && segs.get(seg + 1).getAsJsonArray().get(0).getAsInt() == i) {
                seg++;
                JsonArray s = segs.get(seg).getAsJsonArray();
                model.restore(keyframe(s.get(4).getAsJsonObject()));
                global = s.get(1).getAsLong();
            }
            EventKind kind = EventKind.VALUES[k.get(i).getAsInt()];
            double xv = x.get(i).isJsonNull() ? 0 : x.get(i).getAsDouble();
            long bits = kind == EventKind.RAN ? (long) xv : Double.doubleToRawLongBits(xv);
            model.apply(kind, a.get(i).getAsInt(), b.get(i).getAsInt(), bits);
            states.add(state(model));
            if (globals != null) {
                globals.add(new long[] {global});
            }
            global++;
        }
        return states;
    }

    private static LoopModel.Keyframe keyframe(JsonObject key) {
        int[] ready = ints(key.getAsJsonArray("r"));
        JsonArray h = key.getAsJsonArray("h");
        int[] timers = new int[h.size()];
        double[] whens = new double[h.size()];
        for (int i = 0; i < h.size(); i++) {
            timers[i] = h.get(i).getAsJsonArray().get(0).getAsInt();
            whens[i] = h.get(i).getAsJsonArray().get(1).getAsDouble();
        }
        JsonArray ts = key.getAsJsonArray("ts");
        int[] ids = new int[ts.size()];
        long[] states = new long[ts.size()];
        for (int i = 0; i < ts.size(); i++) {
            JsonArray t = ts.get(i).getAsJsonArray();
            ids[i] = t.get(0).getAsInt();
            states[i] = ((long) t.get(2).getAsInt() << 32) | t.get(1).getAsInt();
        }
        return new LoopModel.Keyframe(ready, timers, whens, ids, states, ints(key.getAsJsonArray("run")), key.get("hd").getAsInt(),
                key.get("it").getAsLong(), key.get("clk").getAsDouble(), key.get("w").isJsonNull() ? Double.NaN : key.get("w").getAsDouble());
    }

    private static int[] ints(JsonArray array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }

    @Test
    void aMillionEventsStayBoundedInMemoryAndUnderTwoMegabytesOut() {
        TraceRecorder recorder = new TraceRecorder(loop, null);
        loop.setObserver(recorder);
        try {
            loop.runUntilComplete(loop.createTask(async(() -> {
                List<Task<Object>> tasks = new ArrayList<>();
                for (int t = 0; t < 100; t++) {
                    tasks.add(loop.createTask(async(() -> {
                        for (int i = 0; i < 2_100; i++) {
                            await(sleep(0));
                        }
                        return null;
                    })));
                }
                await(gather(tasks));
                return null;
            })));
        } finally {
            loop.setObserver(null);
        }
        assertTrue(recorder.events() >= 1_000_000, "events " + recorder.events());
        assertTrue(recorder.log.chunks().size() <= EventLog.MAX_CHUNKS + 1, "chunks kept: " + recorder.log.chunks().size());
        Map<String, Object> bundle = TracePlayer.bundle(recorder, "a million", "text");
        int bytes = ((String) bundle.get("text/html")).getBytes(StandardCharsets.UTF_8).length
                + ((String) bundle.get("image/png")).length() + ((String) bundle.get("text/plain")).length();
        assertTrue(bytes < 2_000_000, "the output is " + bytes + " bytes");
        String html = (String) bundle.get("text/html");
        String json = html.substring(html.indexOf("class=\"jp-data\">") + 16, html.indexOf("</script>"));
        JsonObject data = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(recorder.events(), data.get("events").getAsLong());
        assertTrue(data.get("sent").getAsLong() <= PlayerData.MAX_EVENTS);
        assertEquals(TraceRecorder.MAX_LANES, data.getAsJsonObject("timeline").getAsJsonArray("lanes").size());
        assertEquals(101 - TraceRecorder.MAX_LANES, data.getAsJsonObject("timeline").get("moreTasks").getAsInt());
        System.out.printf("a million events: %d recorded, %d sent, output %d bytes%n", recorder.events(), data.get("sent").getAsLong(), bytes);
    }

    /** A callback or a Future of the user's whose toString throws does not end the recording. */
    @Test
    void aToStringThatThrowsDoesNotStopTheRecording() {
        Runnable rude = new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no name");
            }
        };
        class RudeFuture<T> extends Future<T> {
            RudeFuture() {
                super(loop);
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no description");
            }
        }
        TraceRecorder recorder = new TraceRecorder(loop, null);
        loop.setObserver(recorder);
        try {
            loop.runUntilComplete(loop.createTask(async(() -> {
                loop.callSoon(rude);
                loop.callLater(0.001, rude);
                RudeFuture<String> future = new RudeFuture<>();
                loop.callSoon(() -> future.setResult("x"));
                await(future);
                await(sleep(0.002));
                return null;
            })));
            assertSame(recorder, loop.getObserver(), "the recorder is still the loop's observer");
        } finally {
            loop.setObserver(null);
        }
        String all = String.join("\n", EventText.all(recorder, 1000));
        assertTrue(all.contains("(a callback whose name threw IllegalStateException)"), all);
        assertTrue(all.contains("taskDone"), "recorded to the end: " + all);
    }

    @Test
    void theScriptsCodesAreTheKernels() {
        String js = StatePage.JS;
        for (EventKind kind : EventKind.VALUES) {
            assertTrue(js.matches("(?s).*\\b" + kind.name() + " = " + kind.ordinal() + "[,;].*"), "player.js codes " + kind + " as " + kind.ordinal());
        }
        for (EventKind.Cause cause : EventKind.Cause.VALUES) {
            if (cause == EventKind.Cause.TIMER) {
                continue; // not a code of SCHEDULED events
            }
            String name = switch (cause) {
                case TASK_CREATED -> "C_TASK_CREATED";
                case TASK_YIELD -> "C_TASK_YIELD";
                default -> cause.name();
            };
            assertTrue(js.matches("(?s).*\\b" + name + " = " + cause.ordinal() + "[,;].*"), "player.js codes cause " + cause);
        }
        List<String> states = LoopModel.STATE_NAMES;
        for (int i = 0; i < states.size(); i++) {
            String name = states.get(i).toUpperCase(java.util.Locale.ROOT);
            assertTrue(js.matches("(?s).*\\b" + name + " = " + i + "[,;].*"), "player.js codes state " + name + " as " + i);
        }
    }
}
