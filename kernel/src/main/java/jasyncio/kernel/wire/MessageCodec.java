package jasyncio.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Jupyter wire format: {@code [identities..., "<IDS|MSG>", signature, header, parent_header,
 * metadata, content, buffers...]}.
 *
 * <p>{@link #decode} checks everything before the kernel sees a message: framing, the signature
 * (before any JSON is parsed, so unauthenticated bytes are never parsed), replays, UTF-8, JSON,
 * and the header fields the protocol requires. Thread-safe.
 */
public final class MessageCodec {
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** Header fields the protocol requires; each must be a JSON string. */
    private static final List<String> REQUIRED_HEADER_FIELDS =
            List.of("msg_id", "msg_type", "session", "username", "version");

    private final Signer signer;
    private final ReplayGuard replayGuard;

    public MessageCodec(Signer signer) {
        this(signer, new ReplayGuard());
    }

    public MessageCodec(Signer signer, ReplayGuard replayGuard) {
        this.signer = signer;
        this.replayGuard = replayGuard;
    }

    public Signer signer() {
        return signer;
    }

    /**
     * The frames of {@code message}, signed. Throws IllegalArgumentException if a dict holds a
     * value JSON cannot represent (NaN, infinity).
     */
    public List<byte[]> encode(Message message) {
        byte[] header = StrictJson.toBytes(message.header());
        byte[] parent = StrictJson.toBytes(message.parentHeader());
        byte[] metadata = StrictJson.toBytes(message.metadata());
        byte[] content = StrictJson.toBytes(message.content());
        String signature = signer.sign(header, parent, metadata, content);
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signature.getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    /** Parses and authenticates one received multipart message. */
    public Message decode(List<byte[]> frames) throws WireFormatException {
        if (frames == null || frames.isEmpty()) {
            throw new WireFormatException(WireFormatException.Reason.TOO_FEW_FRAMES, "no frames");
        }
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new WireFormatException(WireFormatException.Reason.MISSING_DELIMITER,
                    "no <IDS|MSG> frame among " + frames.size() + " frames");
        }
        int after = frames.size() - delimiter - 1;
        if (after < 5) {
            throw new WireFormatException(WireFormatException.Reason.TOO_FEW_FRAMES,
                    after + " frames after <IDS|MSG>, need signature, header, parent_header, metadata, content");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (signer.enabled()) {
            if (signature.length == 0) {
                throw new WireFormatException(WireFormatException.Reason.MISSING_SIGNATURE,
                        "unsigned message, but the connection has a key");
            }
            if (!signer.verify(signature, header, parent, metadata, content)) {
                throw new WireFormatException(WireFormatException.Reason.BAD_SIGNATURE,
                        "signature does not match the connection key");
            }
            // Only authentic signatures are remembered, so forged junk cannot flush the history.
            if (!replayGuard.firstSeen(new String(signature, StandardCharsets.US_ASCII))) {
                throw new WireFormatException(WireFormatException.Reason.REPLAYED_SIGNATURE,
                        "this signature was already received (replayed message)");
            }
        }
        JsonObject headerObject = StrictJson.parseObject(header, "header");
        for (String field : REQUIRED_HEADER_FIELDS) {
            JsonElement value = headerObject.get(field);
            if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw new WireFormatException(WireFormatException.Reason.MISSING_HEADER_FIELD,
                        "header has no string " + field);
            }
        }
        JsonObject parentObject = StrictJson.parseObject(parent, "parent_header");
        JsonObject metadataObject = StrictJson.parseObject(metadata, "metadata");
        JsonObject contentObject = StrictJson.parseObject(content, "content");
        return new Message(frames.subList(0, delimiter), headerObject, parentObject, metadataObject,
                contentObject, frames.subList(delimiter + 6, frames.size()));
    }
}
