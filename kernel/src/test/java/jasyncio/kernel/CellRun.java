package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.util.List;
import java.util.stream.Collectors;

/** One executed cell as a client saw it: its execute_reply's content and its iopub messages, busy to idle. */
record CellRun(JsonObject reply, List<Message> iopub) {
    /** Sends the cell and waits for its reply and its idle status. */
    static CellRun of(KernelClient client, String code) {
        Message request = client.execute(code);
        JsonObject reply = client.replyTo(client.shell, request).content();
        return new CellRun(reply, client.iopubOf(request));
    }

    /** Runs the cell and fails the test unless it ends with status ok. */
    static CellRun ok(KernelClient client, String code) {
        CellRun run = of(client, code);
        assertEquals("ok", run.status(), code + " → " + run);
        return run;
    }

    String status() {
        return reply.get("status").getAsString();
    }

    String ename() {
        return reply.get("ename").getAsString();
    }

    String evalue() {
        return reply.get("evalue").getAsString();
    }

    String traceback() {
        return reply.getAsJsonArray("traceback").asList().stream().map(e -> e.getAsString()).collect(Collectors.joining("\n"));
    }

    /** The traceback as a front end that strips ANSI colours shows it. */
    String plainTraceback() {
        return traceback().replaceAll("\u001b\\[[0-9;]*m", "");
    }

    /** The text of the stream messages named {@code name} ("stdout", "stderr"), in order. */
    String stream(String name) {
        return iopub.stream().filter(m -> m.msgType().equals("stream") && m.content().get("name").getAsString().equals(name))
                .map(m -> m.content().get("text").getAsString()).collect(Collectors.joining());
    }

    /** The text of all stream messages (stdout and stderr), as they arrived. */
    String stream() {
        return iopub.stream().filter(m -> m.msgType().equals("stream"))
                .map(m -> m.content().get("text").getAsString()).collect(Collectors.joining());
    }

    /** The execute_result's text/plain, or null. */
    String result() {
        return iopub.stream().filter(m -> m.msgType().equals("execute_result"))
                .map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString()).findFirst().orElse(null);
    }

    /** The data of the first display_data message. */
    JsonObject display() {
        return iopub.stream().filter(m -> m.msgType().equals("display_data"))
                .map(m -> m.content().getAsJsonObject("data")).findFirst().orElseThrow();
    }

    /** The data of the last display_data message (a traced cell's player comes after its live display). */
    JsonObject lastDisplay() {
        return iopub.stream().filter(m -> m.msgType().equals("display_data"))
                .map(m -> m.content().getAsJsonObject("data")).reduce((first, second) -> second).orElseThrow();
    }

    /** The text/plain of the reply's first pager payload. */
    String page() {
        return reply.getAsJsonArray("payload").get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString();
    }

    List<String> types() {
        return iopub.stream().map(Message::msgType).toList();
    }

    @Override
    public String toString() {
        return "reply " + reply + "\niopub " + types() + "\noutput " + stream();
    }
}
