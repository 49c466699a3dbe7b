package jasyncio.kernel.wire;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Builds the messages the kernel sends. Every message gets a fresh msg_id, the kernel's session
 * id, username "kernel", version 5.5 and the current time; its parent header is given explicitly
 * by the caller (the request it answers), never taken from shared "current request" state, so
 * output from a task that outlives its cell still names the cell that created it.
 */
public final class MessageFactory {
    /**
     * Messaging 5.5: kernel_info on control, supported_features, iopub on XPUB with an
     * iopub_welcome for each subscription, debug_request answered (with an error: no debugger).
     */
    public static final String PROTOCOL_VERSION = "5.5";
    public static final String USERNAME = "kernel";

    // ISO 8601 with microseconds and an explicit zone, as jupyter_client writes dates ("...Z").
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private final String session;
    private final Clock clock;

    public MessageFactory(String session) {
        this(session, Clock.systemUTC());
    }

    MessageFactory(String session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    /** The kernel's session id, written into every header this factory makes. */
    public String session() {
        return session;
    }

    /** A new header: fresh msg_id, this session, username "kernel", now, version 5.5. */
    public JsonObject newHeader(String msgType) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("msg_type", msgType);
        h.addProperty("username", USERNAME);
        h.addProperty("session", session);
        h.addProperty("date", DATE.format(Instant.now(clock).truncatedTo(ChronoUnit.MICROS)));
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /**
     * A reply (or an input_request) to {@code request} on the channel it came from: routed to the
     * request's identities, with the request's header as parent header.
     */
    public Message reply(Message request, String msgType, JsonObject content) {
        return reply(request, msgType, content, null, null);
    }

    public Message reply(Message request, String msgType, JsonObject content, JsonObject metadata,
                         List<byte[]> buffers) {
        return new Message(request.identities(), newHeader(msgType), request.header().deepCopy(),
                metadata, content, buffers);
    }

    /** An iopub message about {@code parent} (a request), e.g. status, stream, execute_result. */
    public Message broadcast(Message parent, String msgType, JsonObject content) {
        return broadcast(parent == null ? null : parent.header(), msgType, content, null, null);
    }

    /**
     * An iopub message whose parent header is {@code parentHeader} (null or {} for none, e.g. the
     * "starting" status). Its identity frame is the ZeroMQ topic {@link #topic(String)}.
     */
    public Message broadcast(JsonObject parentHeader, String msgType, JsonObject content,
                             JsonObject metadata, List<byte[]> buffers) {
        JsonObject parent = parentHeader == null ? new JsonObject() : parentHeader.deepCopy();
        return new Message(List.of(topic(msgType)), newHeader(msgType), parent, metadata, content, buffers);
    }

    /** The PUB topic frame, "kernel.SESSION.MSG_TYPE" like ipykernel's; clients subscribe to "". */
    public byte[] topic(String msgType) {
        return ("kernel." + session + "." + msgType).getBytes(StandardCharsets.UTF_8);
    }
}
