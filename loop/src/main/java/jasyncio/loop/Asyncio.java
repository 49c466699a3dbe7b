package jasyncio.loop;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The {@code asyncio} namespace: {@code import static jasyncio.loop.Asyncio.*;} and write
 * {@code run(async(() -> { await(sleep(1)); return 42; }))}.
 */
public final class Asyncio {
    private Asyncio() {
    }

    // ---- coroutines and await ----

    /** A coroutine object whose body returns a value; it does not run until stepped or awaited. */
    public static <T> Coroutine<T> async(AsyncCallable<T> body) {
        return Coroutine.create(null, body);
    }

    /** A coroutine object whose body returns nothing. */
    public static Coroutine<Void> async(AsyncRunnable body) {
        return Coroutine.create(null, asCallable(body));
    }

    /** A named coroutine object (the name shows in Task and Handle descriptions). */
    public static <T> Coroutine<T> async(String name, AsyncCallable<T> body) {
        return Coroutine.create(name, body);
    }

    public static Coroutine<Void> async(String name, AsyncRunnable body) {
        return Coroutine.create(name, asCallable(body));
    }

    private static AsyncCallable<Void> asCallable(AsyncRunnable body) {
        if (body == null) {
            throw new NullPointerException("a coroutine needs a body");
        }
        return new RunnableBody(body);
    }

    /** The lambda or object the user gave {@code async(...)}: a runnable body is wrapped (for CodeNames). */
    static Object userBody(AsyncCallable<?> body) {
        return body instanceof RunnableBody r ? r.body() : body;
    }

    /** A body that returns nothing, named after the lambda it runs (so a coroutine's description names the user's class). */
    private record RunnableBody(AsyncRunnable body) implements AsyncCallable<Void> {
        @Override
        public Void call() throws Throwable {
            body.run();
            return null;
        }

        @Override
        public String toString() {
            return CallbackNames.describe(body);
        }
    }

    /**
     * Python's {@code await x}: suspends the running coroutine until the Future, Task or
     * Coroutine is done, then returns its result or throws its exception. Only inside a
     * coroutine; elsewhere it throws an IllegalStateException that says so.
     */
    public static <T> T await(Awaitable<T> awaitable) {
        if (!Coroutine.inCoroutine()) {
            throw Coroutine.notInCoroutine();
        }
        if (awaitable instanceof Coroutine<T> coro) {
            return coro.awaitFrom();
        }
        Future<T> future = (Future<T>) awaitable;
        if (!future.isDone()) {
            Coroutine.suspend(future);
        }
        return future.result();
    }

    /**
     * {@code await} of a Java future: {@code await(client.sendAsync(request, ofString()))}.
     * Suspends the running coroutine until the CompletableFuture (or any CompletionStage) is
     * done, then returns its result or throws its exception, unwrapped from a
     * CompletionException (its own type, e.g. an IOException, which the compiler does not know
     * is thrown here: catch {@code Exception} and test the type). The result arrives on the loop
     * thread. Cancelling the awaiting task (its cancel, a waitFor or timeout running out, the
     * kernel's interrupt) cancels the future. See {@link #wrapFuture(CompletionStage)}.
     */
    public static <T> T await(CompletableFuture<T> future) {
        return awaitStage(future);
    }

    /** {@code await} of any CompletionStage (Vert.x's toCompletionStage(), a minimalCompletionStage()). */
    public static <T> T await(CompletionStage<T> stage) {
        return awaitStage(stage);
    }

    /**
     * {@code await} of a java.util.concurrent.Future: a CompletableFuture as above; any other
     * (a FutureTask from ExecutorService.submit has no callbacks) is waited for by a virtual
     * thread of its own, so no platform thread blocks; cancelling the awaiter cancels it with
     * {@code cancel(true)}, which interrupts its job.
     */
    public static <T> T await(java.util.concurrent.Future<T> future) {
        if (!Coroutine.inCoroutine()) {
            throw Coroutine.notInCoroutine();
        }
        return await(ChainedFuture.wrap(EventLoop.getRunningLoop(), future));
    }

    private static <T> T awaitStage(CompletionStage<T> stage) {
        if (!Coroutine.inCoroutine()) {
            throw Coroutine.notInCoroutine();
        }
        return await(ChainedFuture.wrap(EventLoop.getRunningLoop(), stage));
    }

    /**
     * asyncio.wrap_future: a loop Future (on the running loop) that follows the Java future:
     * completed on the loop thread through {@code callSoonThreadsafe} with its result or its
     * exception (unwrapped from CompletionException/ExecutionException; a cancelled one makes
     * it cancelled); cancelling the loop Future cancels the Java one. Give it to what takes loop
     * Futures: {@code gather}, {@code waitFutures}, {@code asCompleted}, {@code shield},
     * {@code waitFor}. Made on the loop thread.
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        return ChainedFuture.wrap(EventLoop.getRunningLoop(), stage);
    }

    /** asyncio.wrap_future of a CompletableFuture (the same as for a CompletionStage). */
    public static <T> Future<T> wrapFuture(CompletableFuture<T> future) {
        return ChainedFuture.wrap(EventLoop.getRunningLoop(), (CompletionStage<T>) future);
    }

    /** asyncio.wrap_future of a java.util.concurrent.Future: a plain one is waited for by a virtual thread. */
    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future) {
        return ChainedFuture.wrap(EventLoop.getRunningLoop(), future);
    }

    /**
     * {@link #wrapFuture} of each, in order: {@code await(gather(wrapFutures(responses)))},
     * {@code asCompleted(wrapFutures(fs))}, {@code waitFutures(wrapFutures(fs), FIRST_COMPLETED)}.
     */
    public static <T> List<Future<T>> wrapFutures(Collection<? extends CompletionStage<? extends T>> stages) {
        EventLoop loop = EventLoop.getRunningLoop();
        List<Future<T>> futures = new ArrayList<>(stages.size());
        for (CompletionStage<? extends T> stage : stages) {
            @SuppressWarnings("unchecked")
            CompletionStage<T> s = (CompletionStage<T>) stage;
            futures.add(ChainedFuture.wrap(loop, s));
        }
        return futures;
    }

    // ---- Flow publishers (reactive streams) ----

    /**
     * {@code async for}'s iterator over a {@link Flow.Publisher} (Python's {@code aiter()}),
     * with back-pressure: {@code try (var it = asyncIter(pub)) { while (await(it.hasNext()))
     * use(it.next()); }}. Requests {@value FlowIterator#DEFAULT_WINDOW} items at first, then more
     * as they are consumed; close() (or cancelling the task that waits in hasNext) cancels the
     * subscription. See {@link FlowIterator}.
     */
    public static <T> FlowIterator<T> asyncIter(Flow.Publisher<? extends T> publisher) {
        return FlowIterator.subscribe(EventLoop.getRunningLoop(), publisher, FlowIterator.DEFAULT_WINDOW);
    }

    /** {@link #asyncIter(Flow.Publisher)} with at most {@code window} items requested and not yet consumed (1: one at a time). */
    public static <T> FlowIterator<T> asyncIter(Flow.Publisher<? extends T> publisher, int window) {
        return FlowIterator.subscribe(EventLoop.getRunningLoop(), publisher, window);
    }

    /**
     * {@code async for item in publisher: await body(item)}: a coroutine that consumes the
     * publisher with back-pressure (the body may await: the next item is asked for as it is
     * consumed) and returns how many items it took. It cancels the subscription when the body
     * throws or the awaiting task is cancelled; the publisher's error is raised as it is.
     */
    public static <T> Coroutine<Long> forEach(Flow.Publisher<? extends T> publisher, AsyncConsumer<? super T> body) {
        return forEach(publisher, FlowIterator.DEFAULT_WINDOW, body);
    }

    public static <T> Coroutine<Long> forEach(Flow.Publisher<? extends T> publisher, int window, AsyncConsumer<? super T> body) {
        if (body == null) {
            throw new NullPointerException("forEach needs a body");
        }
        return Coroutine.create("forEach", () -> {
            try (FlowIterator<T> it = asyncIter(publisher, window)) {
                while (await(it.hasNext())) {
                    body.accept(it.next());
                }
                return it.consumedCount();
            }
        });
    }

    /**
     * An async generator for Java code: a cold {@link Flow.Publisher} whose items the body
     * produces on this loop with {@code await(out.emit(item))}, no faster than the subscriber
     * requests them; returning completes the subscriber, throwing fails it, the subscriber's
     * cancel raises CancelledError in the body. Give the item type on the left:
     * {@code Flow.Publisher<Integer> pub = publisher(out -> ...)}. See {@link Emitter}.
     */
    public static <T> Flow.Publisher<T> publisher(AsyncConsumer<Emitter<T>> body) {
        return new CoroutinePublisher<>(EventLoop.getRunningLoop(), body);
    }

    // ---- the loop ----

    /** asyncio.run: a new loop, the coroutine run to completion as a Task, leftovers cancelled, loop closed. */
    public static <T> T run(Coroutine<T> main) {
        return run(main, false);
    }

    public static <T> T run(Coroutine<T> main, boolean debug) {
        try (Runner runner = new Runner(debug)) {
            return runner.run(main);
        }
    }

    /** The same as {@link #run(Coroutine)}, for an argument that may not be a coroutine (an error, as in asyncio). */
    public static <T> T run(Object main) {
        try (Runner runner = new Runner()) {
            return runner.run(main);
        }
    }

    public static EventLoop newEventLoop() {
        return new EventLoop();
    }

    /** asyncio.get_running_loop: the loop running on this thread; throws when none is. */
    public static EventLoop getRunningLoop() {
        return EventLoop.getRunningLoop();
    }

    // ---- tasks ----

    /** asyncio.create_task: wraps the coroutine in a Task on the running loop and schedules it. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return EventLoop.getRunningLoop().createTask(coro);
    }

    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return EventLoop.getRunningLoop().createTask(coro, name);
    }

    public static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof Future<T> future) {
            return future;
        }
        return EventLoop.getRunningLoop().ensureFuture(awaitable);
    }

    /** asyncio.current_task: the task running now, or null outside any task. */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.runningLoopOrNull();
        return loop == null ? null : loop.currentTask();
    }

    /** asyncio.all_tasks: the running loop's tasks that are not done. */
    public static List<Task<?>> allTasks() {
        return EventLoop.getRunningLoop().allTasks();
    }

    // ---- sleeping and gathering ----

    /** asyncio.sleep(seconds): a coroutine to await. */
    public static Coroutine<Void> sleep(double seconds) {
        return Tasks.sleep(seconds, null);
    }

    /** asyncio.sleep(seconds, result): a coroutine whose result is {@code value}. */
    public static <T> Coroutine<T> sleep(double seconds, T value) {
        return Tasks.sleep(seconds, value);
    }

    /** asyncio.gather(*aws): results in order; the first exception is raised to the awaiter. */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return Tasks.gather(Arrays.asList(awaitables), false);
    }

    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return Tasks.gather(awaitables, false);
    }

    /**
     * asyncio.gather of Java futures: {@code await(gather(client.sendAsync(a, h), client.sendAsync(b, h)))};
     * each is {@link #wrapFuture wrapped} first (a first parameter apart, so that {@code gather()}
     * stays the Awaitable form). A list of them: {@code gather(wrapFutures(list))}.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(CompletionStage<? extends T> first, CompletionStage<? extends T>... rest) {
        List<CompletionStage<? extends T>> all = new ArrayList<>(rest.length + 1);
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return Tasks.gather(wrapFutures(all), false);
    }

    /** asyncio.gather(*aws, return_exceptions=...). */
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables, boolean returnExceptions) {
        return Tasks.gather(awaitables, returnExceptions);
    }

    // ---- timeouts, shielding, waiting (tasks.py, timeouts.py) ----

    /** asyncio.FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED: what {@link #wait} waits for. */
    public static final ReturnWhen FIRST_COMPLETED = ReturnWhen.FIRST_COMPLETED;
    public static final ReturnWhen FIRST_EXCEPTION = ReturnWhen.FIRST_EXCEPTION;
    public static final ReturnWhen ALL_COMPLETED = ReturnWhen.ALL_COMPLETED;

    /** asyncio.wait_for: the awaitable's result, or TimeoutError (the awaited task cancelled) after {@code timeout} seconds. */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeout) {
        return WaitFor.waitFor(awaitable, timeout);
    }

    /** asyncio.wait_for of a Java future: when time runs out the future is cancelled (cancel(true)) and TimeoutError raised. */
    public static <T> Coroutine<T> waitFor(CompletionStage<T> stage, double timeout) {
        return WaitFor.waitFor(wrapFuture(stage), timeout);
    }

    public static <T> Coroutine<T> waitFor(CompletionStage<T> stage, Double timeout) {
        return WaitFor.waitFor(wrapFuture(stage), timeout);
    }

    /** asyncio.wait_for with a timeout that may be null (no limit). */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, Double timeout) {
        return WaitFor.waitFor(awaitable, timeout);
    }

    /**
     * asyncio.timeout for try-with-resources, entered in the running task:
     * {@code try (Timeout t = timeout(0.5)) { await(...); }} raises TimeoutError out of the
     * block when the deadline passes. See {@link Timeout} for how it differs from the lambda form.
     */
    public static Timeout timeout(double delay) {
        return Timeout.after(delay).enter();
    }

    /** asyncio.timeout(None or delay), entered: a null delay never expires (until rescheduled). */
    public static Timeout timeout(Double delay) {
        return Timeout.after(delay).enter();
    }

    /** asyncio.timeout_at for try-with-resources: the deadline is on the loop's clock ({@code loop.time()}). */
    public static Timeout timeoutAt(Double when) {
        return new Timeout(when).enter();
    }

    /** {@code async with asyncio.timeout(delay): return await body()}, exactly: await the coroutine. */
    public static <T> Coroutine<T> timeout(double delay, AsyncCallable<T> body) {
        return Timeout.after(delay).run(body);
    }

    public static Coroutine<Void> timeout(double delay, AsyncRunnable body) {
        return Timeout.after(delay).run(asCallable(body));
    }

    /** {@code async with asyncio.timeout_at(when): return await body()}. */
    public static <T> Coroutine<T> timeoutAt(double when, AsyncCallable<T> body) {
        return new Timeout(when).run(body);
    }

    /** asyncio.shield: a future whose cancellation does not cancel the awaitable behind it. */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        return Shield.shield(awaitable);
    }

    /** asyncio.shield of a Java future: cancelling the awaiter leaves the Java future running. */
    public static <T> Future<T> shield(CompletionStage<T> stage) {
        return Shield.shield(wrapFuture(stage));
    }

    /**
     * asyncio.wait: waits until every future is done; returns the done and pending sets.
     * Under {@code import static} the name is shadowed by Object.wait: call it
     * {@code Asyncio.wait(...)}, or use {@link #waitFutures}.
     */
    public static <F extends Future<?>> Coroutine<Wait.Result<F>> wait(Collection<F> futures) {
        return Wait.wait(futures, null, ReturnWhen.ALL_COMPLETED);
    }

    /** asyncio.wait(fs, return_when=...). */
    public static <F extends Future<?>> Coroutine<Wait.Result<F>> wait(Collection<F> futures, ReturnWhen returnWhen) {
        return Wait.wait(futures, null, returnWhen);
    }

    /** asyncio.wait(fs, timeout=..., return_when=...): on timeout nothing is cancelled or raised. */
    public static <F extends Future<?>> Coroutine<Wait.Result<F>> wait(Collection<F> futures, double timeout, ReturnWhen returnWhen) {
        return Wait.wait(futures, timeout, returnWhen);
    }

    /** {@link #wait}, under a name that {@code import static} does not shadow. */
    public static <F extends Future<?>> Coroutine<Wait.Result<F>> waitFutures(Collection<F> futures, ReturnWhen returnWhen) {
        return Wait.wait(futures, null, returnWhen);
    }

    public static <F extends Future<?>> Coroutine<Wait.Result<F>> waitFutures(Collection<F> futures, double timeout, ReturnWhen returnWhen) {
        return Wait.wait(futures, timeout, returnWhen);
    }

    /** asyncio.as_completed: iterate for coroutines that resolve to the results in completion order. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        return new AsCompleted<>(awaitables, null);
    }

    /** asyncio.as_completed(aws, timeout=...): awaits outstanding when the time is up raise TimeoutError. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables, double timeout) {
        return new AsCompleted<>(awaitables, timeout);
    }

    // ---- task groups and threads ----

    /** {@code async with asyncio.TaskGroup() as tg: body(tg)}: await it; see {@link TaskGroup}. */
    public static Coroutine<Void> taskGroup(AsyncConsumer<TaskGroup> body) {
        return TaskGroup.run(body);
    }

    /**
     * asyncio.to_thread: runs the callable on the loop's default executor (a virtual thread per
     * job unless configured otherwise), in a copy of the caller's {@link Context} so that its
     * ContextVars are seen there; await it for the result.
     */
    public static <T> Coroutine<T> toThread(Callable<T> callable) {
        return Coroutine.create("to_thread", () -> {
            Context context = Context.copyCurrent();
            return await(EventLoop.getRunningLoop().runInExecutor(null, () -> context.run(callable)));
        });
    }

    // ---- streams (streams.py) ----

    /** asyncio.open_connection: a coroutine for the (reader, writer) of a TCP connection to host:port. */
    public static Coroutine<StreamPair> openConnection(String host, int port) {
        return Streams.openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /** asyncio.open_connection(host, port, limit=...): the reader's buffer limit, in bytes. */
    public static Coroutine<StreamPair> openConnection(String host, int port, int limit) {
        return Streams.openConnection(host, port, limit);
    }

    /**
     * asyncio.start_server: a coroutine for a Server on host:port (port 0 picks a free one:
     * {@link Server#port()}) that runs {@code clientConnected(reader, writer)} for each connection.
     */
    public static Coroutine<Server> startServer(ClientConnectedCallback clientConnected, String host, int port) {
        return Streams.startServer(clientConnected, host, port, StreamReader.DEFAULT_LIMIT, Server.DEFAULT_BACKLOG);
    }

    /** asyncio.start_server(..., limit=..., backlog=...): the readers' buffer limit and the listen backlog (100). */
    public static Coroutine<Server> startServer(ClientConnectedCallback clientConnected, String host, int port, int limit, int backlog) {
        return Streams.startServer(clientConnected, host, port, limit, backlog);
    }

    // ---- I/O callbacks and socket operations of the running loop (loop.add_reader, loop.sock_recv, ...) ----

    /** loop.add_reader: {@code callback} runs each time the non-blocking channel is readable; one reader a channel. */
    public static Handle addReader(SelectableChannel channel, Runnable callback) {
        return EventLoop.getRunningLoop().addReader(channel, callback);
    }

    /** loop.remove_reader: returns whether a reader was registered. */
    public static boolean removeReader(SelectableChannel channel) {
        return EventLoop.getRunningLoop().removeReader(channel);
    }

    public static Handle addWriter(SelectableChannel channel, Runnable callback) {
        return EventLoop.getRunningLoop().addWriter(channel, callback);
    }

    public static boolean removeWriter(SelectableChannel channel) {
        return EventLoop.getRunningLoop().removeWriter(channel);
    }

    /** loop.sock_recv: at most n bytes, an empty array at EOF. */
    public static Future<byte[]> sockRecv(SocketChannel channel, int n) {
        return EventLoop.getRunningLoop().sockRecv(channel, n);
    }

    /** loop.sock_recv_into: the count read into the buffer, -1 at EOF. */
    public static Future<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) {
        return EventLoop.getRunningLoop().sockRecvInto(channel, buffer);
    }

    public static Future<Void> sockSendall(SocketChannel channel, byte[] data) {
        return EventLoop.getRunningLoop().sockSendall(channel, data);
    }

    public static Future<Void> sockConnect(SocketChannel channel, SocketAddress address) {
        return EventLoop.getRunningLoop().sockConnect(channel, address);
    }

    public static Future<SocketChannel> sockAccept(ServerSocketChannel channel) {
        return EventLoop.getRunningLoop().sockAccept(channel);
    }

    // ---- eager tasks and call graphs ----

    /**
     * asyncio.eager_task_factory: {@code loop.setTaskFactory(Asyncio::eagerTaskFactory)} makes
     * createTask run a task's first step at once, inside createTask.
     */
    public static <T> Task<T> eagerTaskFactory(EventLoop loop, Coroutine<T> coro, String name) {
        return new Task<>(loop, coro, name, true);
    }

    /** asyncio.capture_call_graph(): the running task's graph, from the caller's frame; null outside a task. */
    public static FutureCallGraph captureCallGraph() {
        return CallGraph.captureCurrent();
    }

    /** asyncio.capture_call_graph(future): its suspended stack and the tasks awaiting it. */
    public static FutureCallGraph captureCallGraph(Future<?> future) {
        return CallGraph.capture(future);
    }

    /** asyncio.format_call_graph(): the running task's graph as text. */
    public static String formatCallGraph() {
        return CallGraph.format(CallGraph.captureCurrent());
    }

    public static String formatCallGraph(Future<?> future) {
        return CallGraph.format(CallGraph.capture(future));
    }

    /** asyncio.print_call_graph(): to System.out. */
    public static void printCallGraph() {
        CallGraph.print(null, System.out);
    }

    public static void printCallGraph(Future<?> future) {
        CallGraph.print(future, System.out);
    }

    // ---- threads ----

    /**
     * asyncio.run_coroutine_threadsafe: from any thread, runs the coroutine as a Task on the
     * loop (running in another thread); cancelling the returned future cancels the task.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return RunCoroutineThreadsafe.runCoroutineThreadsafe(coro, loop);
    }
}
