package jasyncio.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jasyncio.kernel.magic.Magics;
import jasyncio.kernel.shell.EarlyCompletions;
import jasyncio.kernel.shell.Interpreter.Completeness;
import jasyncio.kernel.shell.Interpreter.Completions;
import jasyncio.kernel.shell.LightCompleteness;
import jasyncio.kernel.wire.Channel;
import jasyncio.kernel.wire.Message;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The requests answered on the transport thread the moment they arrive, because they need no
 * interpreter: kernel_info, comm_info, history (while no shell request is ahead of it),
 * is_complete when syntax alone can tell (a magic, or any code while the interpreter is still
 * being built), complete while the interpreter is being built ({@link EarlyCompletions}), and
 * on control usage_request and debug_request. A client starting up learns at once that the kernel is alive, and one that waits
 * a second for each reply (jupyter console) never falls a reply behind, however long JShell takes
 * to start. ipykernel answers these in order on its shell thread; its interpreter is ready before
 * its sockets are.
 */
final class ImmediateReplies {
    private final Publisher publisher;
    private final KernelInfo kernelInfo;
    private final History history;
    private final Usage usage = new Usage();
    /** Whether the interpreter can judge code (is_complete goes to it once it can). */
    private final BooleanSupplier interpreterReady;
    /**
     * Whether no shell request waits or runs: only then is history answered here, so that it
     * holds every cell a client sent before asking (ipykernel answers shell requests in order).
     */
    private final BooleanSupplier shellIdle;

    ImmediateReplies(Publisher publisher, KernelInfo kernelInfo, History history, BooleanSupplier interpreterReady,
                     BooleanSupplier shellIdle) {
        this.publisher = publisher;
        this.kernelInfo = kernelInfo;
        this.history = history;
        this.interpreterReady = interpreterReady;
        this.shellIdle = shellIdle;
    }

    /**
     * Answers the request now if it is one of these, wrapped in status busy/idle, and returns
     * true; false leaves it to the loop thread (shell) or to the caller (control).
     */
    boolean answer(Channel channel, Message request) {
        JsonObject content = switch (request.msgType()) {
            case "kernel_info_request" -> kernelInfo.content();
            case "comm_info_request" -> commInfo();
            case "history_request" -> channel == Channel.CONTROL || shellIdle.getAsBoolean() ? history(request.content()) : null;
            case "is_complete_request" -> isComplete(channel, request.content());
            case "complete_request" -> channel == Channel.SHELL && !interpreterReady.getAsBoolean() ? earlyCompletions(request.content()) : null;
            case "usage_request" -> channel == Channel.CONTROL ? usage.content() : null;
            case "debug_request" -> channel == Channel.CONTROL ? noDebugger(request.content()) : null;
            default -> null;
        };
        if (content == null) {
            return false;
        }
        publisher.status(request.header(), "busy");
        try {
            publisher.reply(channel, request, request.msgType().replace("_request", "_reply"), content);
        } finally {
            publisher.status(request.header(), "idle");
        }
        return true;
    }

    private static JsonObject commInfo() {
        JsonObject content = ok();
        content.add("comms", new JsonObject());
        return content;
    }

    /**
     * By syntax: a magic's own rules; for code, {@link LightCompleteness}'s "incomplete" or
     * "invalid" at once (JShell would not run that code either: EarlyAnswersTest holds it to
     * that), and its "complete" too until the interpreter is ready (on control always, as control
     * must not wait for the loop thread). Once it is ready, null for code the light judge calls
     * complete: only JShell's own analysis, on the loop thread, tells complete from invalid
     * ({@code int x = 3 3;}). A front end that allows one second for each answer (jupyter
     * console) so gets the answers to the lines of a block, but the last, whatever the load.
     */
    private JsonObject isComplete(Channel channel, JsonObject request) {
        boolean light = channel == Channel.CONTROL || !interpreterReady.getAsBoolean();
        Completeness result = Magics.isComplete(Json.string(request, "code", ""), code -> {
            Completeness verdict = LightCompleteness.judge(code);
            return light || !verdict.status().equals("complete") ? verdict : null;
        });
        return result == null ? null : isCompleteReply(result);
    }

    /** Before the interpreter exists: the prelude's names, by reflection ({@link EarlyCompletions}). */
    private static JsonObject earlyCompletions(JsonObject request) {
        String code = Json.string(request, "code", "");
        return completeReply(EarlyCompletions.complete(code, Json.integer(request, "cursor_pos", code.codePointCount(0, code.length()))));
    }

    static JsonObject completeReply(Completions completions) {
        JsonObject content = ok();
        JsonArray matches = new JsonArray();
        completions.matches().forEach(matches::add);
        content.add("matches", matches);
        content.addProperty("cursor_start", completions.cursorStartCodePoints());
        content.addProperty("cursor_end", completions.cursorEndCodePoints());
        content.add("metadata", new JsonObject());
        return content;
    }

    static JsonObject isCompleteReply(Completeness result) {
        JsonObject content = new JsonObject();
        content.addProperty("status", result.status());
        if ("incomplete".equals(result.status())) {
            content.addProperty("indent", result.indent() == null ? "" : result.indent());
        }
        return content;
    }

    /** history_reply's content: tail, range or search, with outputs when asked. */
    JsonObject history(JsonObject c) {
        boolean output = Json.bool(c, "output", false);
        List<History.Entry> entries = switch (Json.string(c, "hist_access_type", "tail")) {
            case "range" -> history.range(Json.integer(c, "session", 0), Json.integer(c, "start", 0), Json.integer(c, "stop", 0));
            case "search" -> history.search(Json.string(c, "pattern", "*"), Json.integer(c, "n", 0), Json.bool(c, "unique", false));
            default -> history.tail(Json.integer(c, "n", 10));
        };
        JsonArray list = new JsonArray();
        for (History.Entry e : entries) {
            JsonArray row = new JsonArray();
            row.add(e.session());
            row.add(e.line());
            if (output) {
                JsonArray pair = new JsonArray();
                pair.add(e.input());
                pair.add(e.output());
                row.add(pair);
            } else {
                row.add(e.input());
            }
            list.add(row);
        }
        JsonObject content = ok();
        content.add("history", list);
        return content;
    }

    /**
     * debug_reply for a kernel without a debugger (kernel_info's supported_features does not
     * list "debugger"): a Debug Adapter Protocol response that failed, and a Jupyter error reply,
     * so that a client waiting for it is not left waiting.
     */
    private static JsonObject noDebugger(JsonObject request) {
        JsonObject content = new JsonObject();
        content.addProperty("type", "response");
        content.addProperty("request_seq", Json.integer(request, "seq", 0));
        content.addProperty("success", false);
        content.addProperty("command", Json.string(request, "command", ""));
        String message = "the jasyncio kernel has no debugger (kernel_info's supported_features does not list \"debugger\")";
        content.addProperty("message", message);
        content.addProperty("status", "error");
        content.addProperty("ename", "NotImplementedError");
        content.addProperty("evalue", message);
        content.add("traceback", new JsonArray());
        return content;
    }

    private static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }
}
