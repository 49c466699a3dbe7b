package jasyncio.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jasyncio.kernel.wire.KernelServer;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageFactory;
import java.util.List;
import java.util.Map;

/**
 * Builds and publishes the kernel's iopub messages, each with the parent header it is given:
 * the request it belongs to is always passed in, never looked up.
 */
final class Publisher {
    private final KernelServer server;
    private final MessageFactory messages;

    Publisher(KernelServer server) {
        this.server = server;
        this.messages = server.messages();
    }

    void publish(JsonObject parentHeader, String msgType, JsonObject content) {
        server.publish(messages.broadcast(parentHeader, msgType, content, null, null));
    }

    void status(JsonObject parentHeader, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish(parentHeader, "status", content);
    }

    void executeInput(JsonObject parentHeader, String code, int executionCount) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("execution_count", executionCount);
        publish(parentHeader, "execute_input", content);
    }

    void stream(JsonObject parentHeader, String name, String text) {
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        publish(parentHeader, "stream", content);
    }

    void executeResult(JsonObject parentHeader, int executionCount, Map<String, Object> bundle) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_count", executionCount);
        content.add("data", Json.mimeBundle(bundle));
        content.add("metadata", new JsonObject());
        publish(parentHeader, "execute_result", content);
    }

    void error(JsonObject parentHeader, JsonObject errorContent) {
        publish(parentHeader, "error", errorContent);
    }

    /** display_data, or update_display_data when {@code update} (then displayId is required). */
    void display(JsonObject parentHeader, Map<String, Object> bundle, Map<String, Object> metadata, String displayId, boolean update) {
        JsonObject content = new JsonObject();
        content.add("data", Json.mimeBundle(bundle));
        content.add("metadata", metadata == null ? new JsonObject() : Json.tree(metadata).getAsJsonObject());
        JsonObject transient_ = new JsonObject();
        if (displayId != null) {
            transient_.addProperty("display_id", displayId);
        }
        content.add("transient", transient_);
        publish(parentHeader, update ? "update_display_data" : "display_data", content);
    }

    void clearOutput(JsonObject parentHeader, boolean wait) {
        JsonObject content = new JsonObject();
        content.addProperty("wait", wait);
        publish(parentHeader, "clear_output", content);
    }

    /** The content of an error reply or error message: ename, evalue, traceback. */
    static JsonObject errorContent(String ename, String evalue, List<String> traceback) {
        JsonObject content = new JsonObject();
        content.addProperty("ename", ename);
        content.addProperty("evalue", evalue);
        JsonArray lines = new JsonArray();
        traceback.forEach(lines::add);
        content.add("traceback", lines);
        return content;
    }

    /**
     * Lets what was published so far leave before the next reply (at most {@link #IOPUB_FLUSH_MILLIS}):
     * a client reading the execute_reply then finds the cell's result on iopub, as with ipykernel.
     */
    void awaitIopubSent() {
        server.awaitIopubSent(IOPUB_FLUSH_MILLIS);
    }

    private static final long IOPUB_FLUSH_MILLIS = 1000;

    void reply(jasyncio.kernel.wire.Channel channel, Message request, String msgType, JsonObject content) {
        server.send(channel, messages.reply(request, msgType, content));
    }
}
