package jasyncio.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jasyncio.kernel.magic.Magics;
import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.wire.Channel;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageHandler;
import jasyncio.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The dispatcher (xeus's core): a map from msg_type to handler. Shell requests are queued
 * and handled in order on the loop thread, where cells run; those that need no interpreter
 * ({@link ImmediateReplies}: kernel_info, comm_info, history, is_complete by syntax) are
 * answered at once on the transport thread, so a client learns the kernel is alive, and gets
 * its replies in step, while JShell is still starting or a cell is busy; control requests
 * (interrupt, shutdown, kernel_info, usage, debug) are handled on the transport thread, so they
 * work while a cell runs. Every request is wrapped in status busy/idle.
 */
final class Kernel implements MessageHandler {
    /** Put on the shell queue to make the loop thread leave {@link #serve}. */
    private static final Message STOP = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(), new JsonObject(), List.of());
    /** What {@link #nextRequest} returns when the kernel has been idle for {@link #REST_MILLIS}: not a request. */
    private static final Message REST = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(), new JsonObject(), List.of());
    /**
     * After this long with no request, the kernel lets go of its compilers' contexts (javac's
     * symbol tables of the JDK's classes, some tens of MB; the next cell makes them again, in
     * 50 to 150 ms) and collects: a lab's kernels are idle most of the time, while their learners
     * read and type, and each keeps some 13 MB less. {@code -Djasyncio.restMillis=0} never rests.
     */
    static final long REST_MILLIS = Long.getLong("jasyncio.restMillis", 60_000L);

    private final EventLoop loop;
    private final Publisher publisher;
    private final Stdin stdin;
    private final Shutdown shutdown;
    private final LinkedBlockingQueue<Message> shellQueue = new LinkedBlockingQueue<>();
    private final Map<String, Consumer<Message>> shellHandlers;
    private final History history = new History();
    private final ImmediateReplies immediate;
    private final HeapTrimmer heapTrimmer = new HeapTrimmer();
    private final CellContext context;
    private final OutOfMemory outOfMemory = new OutOfMemory(this::releaseInterpreterMemory);
    /** Written once on the loop thread when built; read by the transport thread (interrupt, is_complete). */
    private volatile Interpreter interpreter;
    /** Written once on the loop thread; read by the transport thread for interrupt_request. */
    private volatile ExecuteHandler executor;
    /**
     * Shell requests queued and not yet answered: added to on the transport thread, taken from
     * on the loop thread once a request's reply is sent. History is answered at once only at 0.
     */
    private final AtomicInteger unanswered = new AtomicInteger();

    Kernel(EventLoop loop, Publisher publisher, KernelInfo kernelInfo, Stdin stdin, CellContext context, Shutdown shutdown) {
        this.loop = loop;
        this.publisher = publisher;
        this.stdin = stdin;
        this.context = context;
        this.shutdown = shutdown;
        this.immediate = new ImmediateReplies(publisher, kernelInfo, history, () -> interpreter != null,
                () -> unanswered.get() == 0);
        this.shellHandlers = Map.of(
                "execute_request", this::execute,
                "complete_request", this::complete,
                "inspect_request", this::inspect,
                "is_complete_request", this::isComplete,
                "history_request", r -> publisher.reply(Channel.SHELL, r, "history_reply", immediate.history(r.content())));
    }

    // ---- the transport thread ----

    @Override
    public void onShell(Message request) {
        if (!immediate.answer(Channel.SHELL, request)) {
            unanswered.incrementAndGet();
            shellQueue.add(request);
        }
    }

    @Override
    public void onControl(Message request) {
        switch (request.msgType()) {
            case "interrupt_request" -> withStatus(request, () -> {
                ExecuteHandler running = executor;
                Interpreter starting = interpreter;
                if (running != null) {
                    running.interrupt();
                } else if (starting != null) {
                    starting.interrupt();
                }
                publisher.reply(Channel.CONTROL, request, "interrupt_reply", ok());
            });
            case "shutdown_request" -> withStatus(request, () -> {
                boolean restart = Json.bool(request.content(), "restart", false);
                JsonObject content = ok();
                content.addProperty("restart", restart);
                publisher.reply(Channel.CONTROL, request, "shutdown_reply", content);
                shutdown.begin(this);
            });
            default -> {
                if (!immediate.answer(Channel.CONTROL, request)) {
                    KernelLog.ignored("unknown control message type " + request.msgType() + ": ignored");
                }
            }
        }
    }

    @Override
    public void onStdin(Message reply) {
        stdin.onReply(reply);
    }

    private void withStatus(Message request, Runnable handler) {
        publisher.status(request.header(), "busy");
        try {
            handler.run();
        } finally {
            publisher.status(request.header(), "idle");
        }
    }

    // ---- the loop thread ----

    /**
     * The loop thread's life with the interpreter made: warm it up until the first request
     * comes (a request never waits for the warm-up to end), then handle shell requests in
     * order until shutdown.
     */
    void serve(Interpreter interpreter) {
        this.interpreter = interpreter;
        loop.setExceptionHandler(new LoopErrorReport(interpreter));
        executor = new ExecuteHandler(loop, interpreter, publisher, context, history, this::takeQueued, outOfMemory);
        interpreter.warmUp(shellQueue::isEmpty);
        int untrimmed = 0; // requests handled since the heap trimmer last looked
        // Compilers let go of since the last request, or not to be: not before the first cell,
        // which finds them warm (warmUp).
        boolean rested = true;
        while (true) {
            Message request;
            try {
                request = nextRequest(untrimmed, rested);
            } catch (InterruptedException e) {
                continue; // an interrupt_request that arrived between cells: nothing to stop
            }
            if (request == null) {
                untrimmed = 0;
                heapTrimmer.betweenRequests();
                continue;
            }
            if (request == REST) {
                rested = true;
                rest();
                continue;
            }
            rested = REST_MILLIS <= 0;
            if (request == STOP) {
                return;
            }
            untrimmed++;
            try {
                handleShell(request);
            } catch (Throwable failure) {
                survive(request, failure);
            } finally {
                unanswered.decrementAndGet();
            }
        }
    }

    /**
     * The next shell request, or null when it is time to trim the heap: once none has come for
     * a moment, or between two of a long run of requests back to back. Not right after a reply:
     * a full collection there would hold back its idle status and a quick next request.
     */
    private Message nextRequest(int untrimmed, boolean rested) throws InterruptedException {
        if (untrimmed == 0) {
            if (!rested) {
                Message request = shellQueue.poll(REST_MILLIS - HeapTrimmer.IDLE_MILLIS, TimeUnit.MILLISECONDS);
                return request == null ? REST : request;
            }
            return shellQueue.take(); // trimmed and rested since the last request: nothing to do until one comes
        }
        if (untrimmed >= HeapTrimmer.MAX_REQUESTS_UNTRIMMED && shellQueue.isEmpty()) {
            return null;
        }
        return shellQueue.poll(HeapTrimmer.IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A request whose handling failed even in its error path, typically an OutOfMemoryError
     * while a cell's variables keep the heap full: the loop thread must live on (the process
     * ends without it), so report what can be reported and serve the next request.
     */
    private void survive(Message request, Throwable failure) {
        try {
            outOfMemory.seen(failure);
            KernelLog.error("the " + request.msgType() + " request could not be answered", failure);
            publisher.status(request.header(), "idle");
        } catch (Throwable again) {
            // nothing more to do without memory; the next request may find some
        }
    }

    private void handleShell(Message request) {
        Consumer<Message> handler = shellHandlers.get(request.msgType());
        withStatus(request, () -> {
            if (handler == null) {
                KernelLog.ignored("unknown shell message type " + request.msgType() + ": ignored");
                return;
            }
            try {
                handler.accept(request);
            } catch (RuntimeException | Error e) {
                outOfMemory.seen(e);
                KernelLog.error("the " + request.msgType() + " handler failed", e);
                JsonObject error = ExecuteHandler.errorContent(e);
                error.addProperty("status", "error");
                publisher.reply(Channel.SHELL, request, request.msgType().replace("_request", "_reply"), error);
            }
        });
    }

    private void execute(Message request) {
        for (Message queued : executor.execute(request).toAbort()) {
            try {
                if (queued.msgType().equals("execute_request")) {
                    withStatus(queued, () -> {
                        JsonObject content = new JsonObject();
                        content.addProperty("status", "aborted");
                        content.addProperty("execution_count", 0);
                        publisher.reply(Channel.SHELL, queued, "execute_reply", content);
                    });
                } else {
                    handleShell(queued);
                }
            } finally {
                unanswered.decrementAndGet();
            }
        }
    }

    /** The shell requests queued now (a shutdown's STOP stays queued). */
    private List<Message> takeQueued() {
        List<Message> queued = new ArrayList<>();
        shellQueue.drainTo(queued);
        if (queued.remove(STOP)) {
            shellQueue.add(STOP);
        }
        return queued;
    }

    private void complete(Message request) {
        String code = Json.string(request.content(), "code", "");
        int cursor = Json.integer(request.content(), "cursor_pos", code.codePointCount(0, code.length()));
        publisher.reply(Channel.SHELL, request, "complete_reply", ImmediateReplies.completeReply(interpreter.complete(code, cursor)));
    }

    private void inspect(Message request) {
        String code = Json.string(request.content(), "code", "");
        int cursor = Json.integer(request.content(), "cursor_pos", code.codePointCount(0, code.length()));
        Map<String, Object> bundle = interpreter.inspect(code, cursor, Json.integer(request.content(), "detail_level", 0));
        JsonObject content = ok();
        content.addProperty("found", !bundle.isEmpty());
        content.add("data", Json.mimeBundle(bundle));
        content.add("metadata", new JsonObject());
        publisher.reply(Channel.SHELL, request, "inspect_reply", content);
    }

    private void isComplete(Message request) {
        Interpreter.Completeness result = Magics.isComplete(Json.string(request.content(), "code", ""), interpreter::isComplete);
        publisher.reply(Channel.SHELL, request, "is_complete_reply", ImmediateReplies.isCompleteReply(result));
    }

    // ---- shutdown ----

    /** Asks the loop thread to leave serve() once the request it handles now is done. */
    void stopServing() {
        shellQueue.add(STOP);
    }

    /** Interrupts the cell running now, if any (used by shutdown). */
    void interruptRunningCell() {
        ExecuteHandler running = executor;
        if (running != null) {
            running.interrupt();
        }
    }

    /** On the loop thread after serve(): cancel the tasks still pending so their finally blocks run. */
    void cancelLeftoverTasks() {
        for (var task : loop.allTasks()) {
            task.cancel("the kernel is shutting down");
        }
        if (!loop.allTasks().isEmpty()) {
            try {
                loop.runUntilComplete(jasyncio.loop.Asyncio.gather(loop.allTasks(), true));
            } catch (Throwable t) {
                KernelLog.error("cancelling the tasks left at shutdown", t);
            }
        }
    }

    Interpreter interpreter() {
        return interpreter;
    }

    /**
     * The kernel has been idle for {@link #REST_MILLIS}: its compilers' contexts go, and a full
     * collection gives what they held back to the system (-XX:-ShrinkHeapInSteps: at once), as
     * the log says.
     */
    private void rest() {
        Runtime heap = Runtime.getRuntime();
        long before = heap.totalMemory();
        releaseInterpreterMemory();
        System.gc();
        KernelLog.line(String.format(java.util.Locale.ROOT,
                "idle for %d s: the compilers' contexts let go of (made again by the next cell); heap %d -> %d MB committed, %d MB in use",
                REST_MILLIS / 1000, before >> 20, heap.totalMemory() >> 20, (heap.totalMemory() - heap.freeMemory()) >> 20));
    }

    /** The room OutOfMemory lets go of: the interpreter's compiler caches (on the loop thread, between requests or cells). */
    private void releaseInterpreterMemory() {
        Interpreter current = interpreter;
        if (current != null) {
            current.releaseMemory();
        }
    }

    /** Whether the loop thread has its interpreter, so cells may have run (and left tasks to cancel). */
    boolean startedServing() {
        return interpreter != null;
    }

    private static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }
}
