package jasyncio.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jasyncio.kernel.magic.MagicHost;
import jasyncio.kernel.magic.Magics;
import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.kernel.wire.Channel;
import jasyncio.kernel.wire.Message;
import jasyncio.loop.CancelledError;
import jasyncio.loop.Context;
import jasyncio.loop.EventLoop;
import jasyncio.loop.Future;
import jasyncio.loop.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * execute_request: the cell becomes one coroutine, given to {@code createTask} and then
 * {@code runUntilComplete} on the kernel's one persistent loop, on the loop thread. Publishes
 * execute_input first, the cell's output while it runs, then execute_result or error, and
 * answers with execute_reply, whatever the cell did (threw, was interrupted, called exit).
 */
final class ExecuteHandler {
    private final EventLoop loop;
    private final Interpreter interpreter;
    private final Publisher publisher;
    private final CellContext context;
    private final History history;
    private final OutOfMemory outOfMemory;
    private int executionCount;
    /**
     * The notebook's top-level ContextVar values: each cell's task starts with the values the
     * previous cell's task ended with, as top-level code of a script sees what earlier lines set.
     * Tasks a cell creates copy its context, as in asyncio.
     */
    private Context session = Context.empty();
    private final Magics magics = Magics.standard();
    /** The running cell's task (or %run_until_complete's future), for interrupt_request on the control thread. */
    private volatile Future<?> runningCell;

    /**
     * The requests to answer "aborted" after this cell: with stop_on_error, those already
     * queued when the cell failed. They are taken before the execute_reply is sent, so a
     * request a client sends after seeing the error reply runs normally.
     */
    record Outcome(List<Message> toAbort) {
    }

    /** Takes the shell requests waiting in the queue (the dispatcher's). */
    private final java.util.function.Supplier<List<Message>> queuedRequests;

    ExecuteHandler(EventLoop loop, Interpreter interpreter, Publisher publisher, CellContext context, History history,
                   java.util.function.Supplier<List<Message>> queuedRequests, OutOfMemory outOfMemory) {
        this.queuedRequests = queuedRequests;
        this.outOfMemory = outOfMemory;
        this.loop = loop;
        this.interpreter = interpreter;
        this.publisher = publisher;
        this.context = context;
        this.history = history;
    }

    Outcome execute(Message request) {
        JsonObject content = request.content();
        String code = Json.string(content, "code", "");
        boolean silent = Json.bool(content, "silent", false);
        boolean storeHistory = !silent && Json.bool(content, "store_history", true);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        JsonObject parent = request.header();
        if (!silent) {
            publisher.executeInput(parent, code, count);
        }
        outOfMemory.restore();
        context.begin(request, Json.bool(content, "allow_stdin", false));
        JsonObject reply = new JsonObject();
        JsonArray payload = new JsonArray();
        String textOutput = null;
        List<Message> toAbort = List.of();
        try {
            CellValue value = runCell(code, count, payload);
            context.flushOutput(); // what the cell printed comes before its result (IPython's displayhook flushes too)
            if (value != null && !silent && !endsWithSemicolon(code)) {
                publisher.executeResult(parent, count, value.mimeBundle());
                Object plain = value.mimeBundle().get("text/plain");
                textOutput = plain == null ? null : plain.toString();
            }
            reply.addProperty("status", "ok");
            reply.add("user_expressions", userExpressions(content.get("user_expressions")));
        } catch (Throwable failure) {
            boolean heapRanOut = outOfMemory.seen(failure); // first: it frees room to report the error
            JsonObject error = cellErrorContent(failure);
            if (heapRanOut) {
                OutOfMemory.note().forEach(error.getAsJsonArray("traceback")::add);
            }
            context.flushOutput(); // the cell's last output, even without a newline, comes before its error
            if (!silent) {
                publisher.error(parent, error);
            }
            reply.addProperty("status", "error");
            error.entrySet().forEach(e -> reply.add(e.getKey(), e.getValue()));
            if (Json.bool(content, "stop_on_error", true)) {
                toAbort = queuedRequests.get();
            }
        } finally {
            loop.reportUnretrievedExceptions(); // shown under this cell, not lost
            context.end();
        }
        if (storeHistory) {
            history.add(count, code, textOutput);
        }
        reply.addProperty("execution_count", count);
        reply.add("payload", payload);
        if (!reply.has("user_expressions")) {
            reply.add("user_expressions", new JsonObject());
        }
        publisher.awaitIopubSent(); // the cell's output leaves before its reply
        publisher.reply(Channel.SHELL, request, "execute_reply", reply);
        return new Outcome(toAbort);
    }

    /** IPython's rule: a cell whose last line ends with ';' shows no result (e.g. {@code list.add(x);}). */
    static boolean endsWithSemicolon(String code) {
        return code.stripTrailing().endsWith(";");
    }

    /**
     * A plain cell goes straight to the interpreter, as a Task on the persistent loop; only a
     * cell starting with % (or any cell while %trace on) goes through the magics.
     */
    private CellValue runCell(String code, int count, JsonArray payload) {
        String stripped = code.strip();
        if (Pager.isHelpRequest(stripped)) {
            payload.add(Pager.page(interpreter, stripped));
            return null;
        }
        return magics.handles(code) ? magics.execute(code, new Host(payload, count)) : runPlainCell(code, count);
    }

    /**
     * {@code loop.createTask(cell, "Cell-N")} in the notebook's context (the ContextVar values the
     * cells before left), then {@code loop.runUntilComplete(task)}; the context the task ends with
     * is the next cell's.
     */
    private CellValue runPlainCell(String code, int count) {
        Task<CellValue> task = session.run(() -> loop.createTask(interpreter.cell(code, count), "Cell-" + count));
        try {
            return runUntilComplete(task);
        } finally {
            session = task.getContext();
        }
    }

    /** Runs the future to completion on the loop, interruptible; the interrupt state never outlives it. */
    private <T> T runUntilComplete(Future<T> future) {
        runningCell = future;
        try {
            return loop.runUntilComplete(future);
        } finally {
            runningCell = null;
            interpreter.clearInterrupt();
        }
    }

    /** What magics may do during one execute_request. */
    private final class Host implements MagicHost {
        private final JsonArray payload;
        private final int count;

        Host(JsonArray payload, int count) {
            this.payload = payload;
            this.count = count;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public Interpreter interpreter() {
            return interpreter;
        }

        @Override
        public CellValue runCell(String code) {
            return runPlainCell(code, count);
        }

        @Override
        public <T> T runUntilComplete(Future<T> future) {
            return ExecuteHandler.this.runUntilComplete(future);
        }

        @Override
        public void write(String text) {
            context.write("stdout", text);
        }

        @Override
        public void warn(String text) {
            context.write("stderr", text);
        }

        @Override
        public void display(Map<String, Object> bundle) {
            display(bundle, null);
        }

        @Override
        public void display(Map<String, Object> bundle, String displayId) {
            context.flushOutput();
            publisher.display(context.outputParent(), bundle, null, displayId, false);
        }

        @Override
        public void updateDisplay(Map<String, Object> bundle, String displayId) {
            context.flushOutput();
            publisher.display(context.outputParent(), bundle, null, displayId, true);
        }

        @Override
        public void page(Map<String, Object> bundle) {
            payload.add(Pager.payload(bundle));
        }
    }

    /** interrupt_request, on the control thread: stop the code running now and cancel the cell's task. */
    void interrupt() {
        Future<?> cell = runningCell;
        interpreter.interrupt();
        if (cell != null) {
            loop.callSoonThreadsafe(() -> cell.cancel("interrupted by the user"));
        }
    }

    private JsonObject userExpressions(JsonElement requested) {
        JsonObject results = new JsonObject();
        if (requested == null || !requested.isJsonObject()) {
            return results;
        }
        for (Map.Entry<String, JsonElement> e : requested.getAsJsonObject().entrySet()) {
            JsonObject result;
            try {
                Map<String, Object> bundle = interpreter.userExpression(e.getValue().getAsString());
                result = new JsonObject();
                result.addProperty("status", "ok");
                result.add("data", Json.mimeBundle(bundle));
                result.add("metadata", new JsonObject());
            } catch (Throwable failure) {
                result = errorContent(failure);
                result.addProperty("status", "error");
            }
            results.add(e.getKey(), result);
        }
        return results;
    }

    /**
     * ename, evalue, traceback for what ended a cell: the interpreter's error (the exception's
     * simple name, its message, the user's frames as cell lines, coloured as ipykernel colours
     * them), or the cell's Task cancelled.
     */
    private JsonObject cellErrorContent(Throwable failure) {
        if (failure instanceof CancelledError c) {
            return cancelledContent(c);
        }
        CellError error;
        try {
            error = interpreter.error(failure);
        } catch (RuntimeException | Error formatting) {
            return errorContent(failure);
        }
        return Publisher.errorContent(error.ename(), error.evalue(), error.traceback());
    }

    /** The cell's Task was cancelled: by an interrupt (the kernel's stop button), or by code that cancelled it. */
    private static JsonObject cancelledContent(CancelledError c) {
        String why = c.getMessage() == null || c.getMessage().isEmpty() ? "its Task was cancelled" : c.getMessage();
        String red = "\u001b[0;31m";
        String reset = "\u001b[0m";
        String name = "CancelledError";
        String title = "Traceback (most recent call last)";
        return Publisher.errorContent(name, "the cell was cancelled (" + why + ")", List.of(
                red + "-".repeat(75) + reset,
                red + name + reset + " ".repeat(75 - name.length() - title.length()) + title,
                "the cell's Task was cancelled at its await point (" + why + ")",
                red + name + reset + ": the cell was cancelled (" + why + ")"));
    }

    /** ename, evalue, traceback for a failure outside any cell's code (a handler that failed): the Java stack as it is. */
    static JsonObject errorContent(Throwable failure) {
        if (failure instanceof CellError e) {
            return Publisher.errorContent(e.ename(), e.evalue(), e.traceback());
        }
        if (failure instanceof CancelledError c) {
            return cancelledContent(c);
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        List<String> lines = new ArrayList<>(List.of(trace.toString().split("\n")));
        String name = failure.getClass().getSimpleName().isEmpty() ? failure.getClass().getName() : failure.getClass().getSimpleName();
        return Publisher.errorContent(name, String.valueOf(failure.getMessage()), lines);
    }
}
