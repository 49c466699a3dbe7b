package jasyncio.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One Jupyter message: the routing identities that precede {@code <IDS|MSG>}, the four JSON
 * dicts, and the binary buffers after them.
 *
 * <p>Immutable-ish: the lists are unmodifiable copies, but the {@link JsonObject}s and byte
 * arrays are shared, not copied. Do not change them once the message is built or received: a
 * received message may be read on several threads, and a sent one is serialized when
 * {@code send}/{@code publish} is called.
 */
public final class Message {
    private final List<byte[]> identities;
    private final JsonObject header;
    private final JsonObject parentHeader;
    private final JsonObject metadata;
    private final JsonObject content;
    private final List<byte[]> buffers;

    /** A null dict means {@code {}}; null lists mean none. */
    public Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                   JsonObject metadata, JsonObject content, List<byte[]> buffers) {
        this.identities = identities == null ? List.of() : List.copyOf(identities);
        this.header = Objects.requireNonNull(header, "header");
        this.parentHeader = parentHeader == null ? new JsonObject() : parentHeader;
        this.metadata = metadata == null ? new JsonObject() : metadata;
        this.content = content == null ? new JsonObject() : content;
        this.buffers = buffers == null ? List.of() : List.copyOf(buffers);
    }

    /** ZeroMQ routing frames: the ROUTER peer id for shell/control/stdin, the topic on iopub. */
    public List<byte[]> identities() {
        return identities;
    }

    public JsonObject header() {
        return header;
    }

    public JsonObject parentHeader() {
        return parentHeader;
    }

    public JsonObject metadata() {
        return metadata;
    }

    public JsonObject content() {
        return content;
    }

    public List<byte[]> buffers() {
        return buffers;
    }

    public String msgType() {
        return headerString(header, "msg_type");
    }

    public String msgId() {
        return headerString(header, "msg_id");
    }

    /** The sender's session id (the client's for requests, the kernel's for replies). */
    public String session() {
        return headerString(header, "session");
    }

    /** msg_id of the request this message answers, or "" when it has no parent. */
    public String parentMsgId() {
        return headerString(parentHeader, "msg_id");
    }

    /** The same message routed to other identities. */
    public Message withIdentities(List<byte[]> newIdentities) {
        return new Message(newIdentities, header, parentHeader, metadata, content, buffers);
    }

    private static String headerString(JsonObject dict, String key) {
        JsonElement e = dict.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    @Override
    public String toString() {
        StringBuilder ids = new StringBuilder();
        for (byte[] id : identities) {
            ids.append(ids.isEmpty() ? "" : ",").append(printable(id));
        }
        return "Message[" + msgType() + " " + msgId() + (parentMsgId().isEmpty() ? "" : " re " + parentMsgId())
                + (ids.isEmpty() ? "" : " to " + ids) + (buffers.isEmpty() ? "" : " +" + buffers.size() + " buffers")
                + "]";
    }

    /** Short readable form of an identity frame for logs: text if it is printable ASCII, else hex. */
    static String printable(byte[] frame) {
        int n = Math.min(frame.length, 32);
        boolean text = true;
        for (int i = 0; i < n; i++) {
            if (frame[i] < 0x20 || frame[i] > 0x7e) {
                text = false;
                break;
            }
        }
        String shown = text ? new String(frame, 0, n, StandardCharsets.US_ASCII)
                : java.util.HexFormat.of().formatHex(frame, 0, n);
        return frame.length > n ? shown + "..." : shown;
    }
}
