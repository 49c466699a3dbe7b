package jasyncio.kernel.magic;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.player.TraceRecorder;
import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trace observer, its lines and its summary, on a real loop without a kernel. */
class LoopTraceTest {
    private final EventLoop loop = new EventLoop();
    private final List<String> lines = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    /** The recorder of the last {@link #traced} run, with the line printer after it (as %%trace has them). */
    private TraceRecorder recorder;

    private LoopTrace traced(String options, Coroutine<?> coro) {
        LoopTrace trace = new LoopTrace(loop, TraceOptions.parse(options), lines::add);
        recorder = new TraceRecorder(loop, null).then(trace);
        loop.setObserver(recorder);
        try {
            recorder.runUntilComplete(coro);
            trace.runUntilComplete(coro);
            loop.runUntilComplete(coro);
        } finally {
            loop.setObserver(null);
            recorder.end();
            trace.end();
        }
        return trace;
    }

    private static int indexOf(List<String> lines, int from, String... parts) {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                return i;
            }
        }
        fail("no line after " + from + " with " + List.of(parts) + " in\n" + String.join("", lines));
        return -1;
    }

    @Test
    void aLineSaysTimeIterationEventAndTheReadyQueue() {
        assertEquals("+0.412ms it=3 callSoon Handle<Task-5.step> ready=[Handle<Task-5.step>] (1)\n",
                LoopTrace.line(412_000, 3, TraceKind.CALL_SOON, "Handle<Task-5.step>", 1, "[Handle<Task-5.step>]", false));
        assertEquals("+1.000ms it=0 pop Handle<x> ready=[…] (9)  ⟵ _ready.popleft()\n",
                LoopTrace.line(1_000_000, 0, TraceKind.POP, "Handle<x>", 9, null, true));
    }

    @Test
    void theChainOfAOneLineCoroutineInOrder() {
        traced("", async("one", () -> 1));
        int start = indexOf(lines, 0, "runUntilComplete");
        int created = indexOf(lines, start, "taskCreated Task-");
        String task = lines.get(created).split("taskCreated ")[1].split(" ")[0];
        int callSoon = indexOf(lines, created, "callSoon Handle<" + task + ".step>");
        int pop = indexOf(lines, callSoon, "pop Handle<" + task + ".step>");
        int send = indexOf(lines, pop, "step " + task + " send(null)");
        int done = indexOf(lines, send, "taskDone", task, "result=1");
        int ran = indexOf(lines, pop, "ran Handle<" + task + ".step> took");
        assertTrue(ran > send, "the handle's run is reported once it returned");
        assertTrue(done > send);
        assertTrue(lines.get(callSoon).endsWith("ready=[Handle<" + task + ".step>] (1)\n"), lines.get(callSoon));
        assertTrue(lines.get(pop).contains(" it=1 "), lines.get(pop));
        assertTrue(lines.stream().allMatch(l -> l.matches("\\+\\d+\\.\\d{3}ms it=\\d+ .*\\(\\d+\\)\n")), lines.toString());
    }

    @Test
    void cpythonNamesEachEvent() {
        traced("--cpython", async(() -> {
            await(sleep(0.001));
            return null;
        }));
        String all = String.join("", lines);
        for (String name : List.of("BaseEventLoop.run_until_complete → ensure_future → create_task", "_ready.append",
                "_ready.popleft()", "Task.__step → coro.send(None)", "heapq.heappush(_scheduled)",
                "selector.select(timeout)", "Future.set_result → __schedule_callbacks", "add_done_callback(self.__wakeup)")) {
            assertTrue(all.contains(name), name + " missing in\n" + all);
        }
    }

    /** A Java future's completion crosses on a named thread; a Flow subscription's requests and items are notes. */
    @Test
    void aCompletionFromAnotherThreadAndAFlowSubscriptionShowAsTheyHappen() {
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "completer-thread"));
        try {
            traced("--filter callSoonThreadsafe,note", async(() -> {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CompletableFuture<String> cf = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await(); // completed once awaited, so it crosses threads
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return "x";
                }, other);
                jasyncio.loop.Future<String> wrapped = jasyncio.loop.Asyncio.wrapFuture(cf);
                go.countDown();
                await(wrapped);
                java.util.concurrent.Flow.Publisher<Integer> pub = jasyncio.loop.Asyncio.publisher(out -> {
                    await(out.emit(1));
                    await(out.emit(2));
                });
                return await(jasyncio.loop.Asyncio.forEach(pub, 4, item -> { }));
            }));
        } finally {
            other.shutdown();
        }
        int crossed = indexOf(lines, 0, "callSoonThreadsafe Handle<_chain_future._set_state> from thread completer-thread");
        int request = indexOf(lines, 0, "note asyncIter(CoroutinePublisher) request 4");
        int first = indexOf(lines, request, "note asyncIter(CoroutinePublisher) onNext 1");
        indexOf(lines, first, "note asyncIter(CoroutinePublisher) onNext 2");
        indexOf(lines, first, "note asyncIter(CoroutinePublisher) onComplete");
        indexOf(lines, 0, "note publisher(Task-", "request 4");
        assertTrue(crossed < request);
        assertEquals(1, lines.stream().filter(l -> l.contains(" callSoonThreadsafe ")).count(),
                "our own publisher signals on the loop thread: its items need no thread-safe call");
        assertTrue(lines.stream().noneMatch(l -> l.contains(" cancel ")), "no cancel after onComplete (§2.4)");
    }

    @Test
    void aBareYieldIsNamedAsTheStepRescheduledNotAsAWait() {
        traced("--cpython", async(() -> {
            await(sleep(0));
            return null;
        }));
        String yielded = lines.get(indexOf(lines, 0, "yielded"));
        assertTrue(yielded.contains(" yield ") && yielded.endsWith("⟵ Task.__step: bare yield → loop.call_soon(self.__step)\n"), yielded);
        assertTrue(lines.stream().noneMatch(l -> l.contains(" suspend ")), "nothing was awaited: " + lines);
    }

    @Test
    void theLimitCountsTheRestAndTheSummarySaysSo() {
        LoopTrace trace = traced("--limit 3", async(() -> {
            for (int i = 0; i < 50; i++) {
                await(sleep(0));
            }
            return null;
        }));
        assertEquals(3, lines.size());
        assertEquals(3, trace.shown);
        assertEquals(trace.events() - 3, trace.hidden);
        assertTrue(trace.counts[TraceKind.STEP.ordinal()] >= 51);
        String plain = TraceSummary.plain(trace, recorder, List.of());
        assertTrue(plain.contains(trace.hidden + " more not shown (--limit 3)"), plain);
        assertTrue(plain.startsWith("trace: " + recorder.events() + " events"), plain);
    }

    @Test
    void filterByKindAndByTask() {
        traced("--filter callSoon,taskDone", async(() -> 7));
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().allMatch(l -> l.contains(" callSoon ") || l.contains(" taskDone ")), lines.toString());
        lines.clear();
        traced("--task worker", async(() -> {
            Task<Integer> worker = loop.createTask(async(() -> 1), "worker");
            return await(worker);
        }));
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().allMatch(l -> l.contains("worker")), lines.toString());
        assertThrows(CellError.class, () -> TraceOptions.parse("--filter nosuchkind"));
        assertThrows(CellError.class, () -> TraceOptions.parse("--limit many"));
    }
}
