package jasyncio.kernel;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageCodec;
import jasyncio.kernel.wire.MessageFactory;
import jasyncio.kernel.wire.Signer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of hostile multipart messages for the {@link WireFuzzer}: everything a peer
 * can put on a ROUTER socket short of a valid request. Messages "signed" here carry a correct
 * HMAC of malformed frames, so they reach the parsing behind the signature check; the rest are
 * stopped by the signature. The frames are those a DEALER sends: no identities, the delimiter first.
 */
final class MalformedMessages {
    /** What is wrong with a generated message, and so what the kernel must do with it. */
    enum Kind {
        WRONG_FRAME_COUNT, BAD_DELIMITER, INVALID_UTF8, INVALID_JSON, MISSING_HEADER_FIELD,
        UNKNOWN_MSG_TYPE, WRONG_SIGNATURE, BIT_FLIP, RANDOM_FRAMES;

        /** Signed and well-formed: the kernel accepts it, ignores it, and answers nothing on its socket. */
        boolean accepted() {
            return this == UNKNOWN_MSG_TYPE;
        }
    }

    private static final List<String> REQUIRED_HEADER_FIELDS =
            List.of("msg_id", "msg_type", "session", "username", "version");

    private final Random random;
    private final Signer signer;
    private final MessageCodec codec;
    private final Signer wrongSigner;
    private final MessageFactory factory = new MessageFactory("fuzzer");
    private final String sideEffect;

    /** {@code sideEffect} is a cell the fuzzer can observe running (it must never run from here). */
    MalformedMessages(long seed, String key, String sideEffect) {
        this.random = new Random(seed);
        this.signer = Signer.of(key);
        this.codec = new MessageCodec(signer);
        this.wrongSigner = Signer.of(key + "x");
        this.sideEffect = sideEffect;
    }

    Random random() {
        return random;
    }

    Kind nextKind() {
        Kind[] kinds = Kind.values();
        return kinds[random.nextInt(kinds.length)];
    }

    /** A valid signed execute_request of the side-effect cell, unique (its msg_id) every time. */
    List<byte[]> validExecute() {
        return codec.encode(execute(sideEffect));
    }

    Message execute(String code) {
        return new Message(List.of(), header("execute_request"), new JsonObject(), new JsonObject(),
                KernelTesting.executeContent(code), List.of());
    }

    List<byte[]> next(Kind kind) {
        return switch (kind) {
            case WRONG_FRAME_COUNT -> wrongFrameCount();
            case BAD_DELIMITER -> badDelimiter();
            case INVALID_UTF8 -> signed(header("execute_request"), bytes("{\"msg_id\": \"\u00e9", 0xC3, 0x28, 0xFF), 0);
            case INVALID_JSON -> signed(header("execute_request"), invalidJson(), 1 + random.nextInt(3));
            case MISSING_HEADER_FIELD -> signedFrames(headerMissingAField(), "{}", "{}", content());
            case UNKNOWN_MSG_TYPE -> signedFrames(header("fuzz_" + Integer.toHexString(random.nextInt()) + "_request"),
                    "{}", "{}", content());
            case WRONG_SIGNATURE -> wrongSignature();
            case BIT_FLIP -> bitFlip();
            case RANDOM_FRAMES -> randomFrames();
        };
    }

    /** One frame of {@code bytes} that does not fit in the kernel's limit, or nearly so. */
    List<byte[]> huge(int bytes) {
        List<byte[]> frames = validExecute();
        byte[] big = new byte[bytes];
        random.nextBytes(big);
        frames.set(2 + random.nextInt(4), big); // a header, parent, metadata or content nobody signed
        return frames;
    }

    private List<byte[]> wrongFrameCount() {
        List<byte[]> frames = validExecute();
        if (random.nextBoolean()) {
            return new ArrayList<>(frames.subList(0, 1 + random.nextInt(frames.size() - 1))); // too few
        }
        // the signature of a message whose frames moved: one frame dropped from the middle
        frames.remove(2 + random.nextInt(4));
        return frames;
    }

    private List<byte[]> badDelimiter() {
        List<byte[]> frames = validExecute();
        String[] wrong = {"<IDS|MSG", "<ids|msg>", "<IDS|MSG> ", "", "IDS|MSG", "<IDS||MSG>"};
        switch (random.nextInt(3)) {
            case 0 -> frames.set(0, wrong[random.nextInt(wrong.length)].getBytes(StandardCharsets.US_ASCII));
            case 1 -> frames.remove(0);
            // two delimiters; not after content, where it would be an (unsigned, legitimate) buffer
            default -> frames.add(random.nextInt(frames.size()), MessageCodec.DELIMITER);
        }
        return frames;
    }

    private byte[] invalidJson() {
        String[] texts = {"", "{", "[]", "null", "42", "{\"a\":}", "{\"a\": 1} trailing", "{'a': 1}",
            "{\"a\": NaN}", "{\"a\": 1,}", "\"string\""};
        // (a lone surrogate escape, {"a": "\uD800"}, is valid JSON syntax: Python accepts it too)
        return texts[random.nextInt(texts.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** Valid frames, correctly signed, except frame {@code index} (0 header .. 3 content) is {@code bad}. */
    private List<byte[]> signed(JsonObject header, byte[] bad, int index) {
        byte[][] parts = {utf8(header.toString()), utf8("{}"), utf8("{}"), utf8(content())};
        parts[index] = bad;
        return frames(signer.sign(parts[0], parts[1], parts[2], parts[3]), parts);
    }

    private List<byte[]> signedFrames(JsonObject header, String parent, String metadata, String content) {
        byte[][] parts = {utf8(header.toString()), utf8(parent), utf8(metadata), utf8(content)};
        return frames(signer.sign(parts[0], parts[1], parts[2], parts[3]), parts);
    }

    private static List<byte[]> frames(String signature, byte[][] parts) {
        List<byte[]> frames = new ArrayList<>(List.of(MessageCodec.DELIMITER, utf8(signature)));
        frames.addAll(List.of(parts));
        return frames;
    }

    private JsonObject header(String msgType) {
        return factory.newHeader(msgType);
    }

    private JsonObject headerMissingAField() {
        JsonObject header = header("execute_request");
        String field = REQUIRED_HEADER_FIELDS.get(random.nextInt(REQUIRED_HEADER_FIELDS.size()));
        if (random.nextBoolean()) {
            header.remove(field);
        } else {
            header.addProperty(field, random.nextInt()); // present, but not a string
        }
        return header;
    }

    private String content() {
        return KernelTesting.executeContent(sideEffect).toString();
    }

    private List<byte[]> wrongSignature() {
        List<byte[]> frames = validExecute();
        byte[] header = frames.get(2);
        byte[] parent = frames.get(3);
        byte[] metadata = frames.get(4);
        byte[] content = frames.get(5);
        String right = new String(frames.get(1), StandardCharsets.US_ASCII);
        String signature = switch (random.nextInt(6)) {
            case 0 -> wrongSigner.sign(header, parent, metadata, content); // another key
            case 1 -> ""; // unsigned
            case 2 -> right.toUpperCase(); // the right digest, but not as the protocol spells it
            case 3 -> right.substring(0, right.length() - 2); // truncated
            case 4 -> right + "00"; // extended
            default -> signer.sign(content, metadata, parent, header); // the right key over the frames reversed
        };
        frames.set(1, utf8(signature));
        return frames;
    }

    /** A valid signed message with one bit flipped in the delimiter, signature or a signed frame. */
    private List<byte[]> bitFlip() {
        List<byte[]> frames = validExecute();
        int index = random.nextInt(6);
        byte[] frame = frames.get(index).clone();
        int bit = random.nextInt(frame.length * 8);
        frame[bit / 8] ^= (byte) (1 << (bit % 8));
        frames.set(index, frame);
        return frames;
    }

    private List<byte[]> randomFrames() {
        int count = 1 + random.nextInt(9);
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] frame = new byte[random.nextInt(200)];
            random.nextBytes(frame);
            frames.add(frame);
        }
        if (random.nextBoolean()) {
            frames.set(random.nextInt(count), MessageCodec.DELIMITER);
        }
        return frames;
    }

    private static byte[] bytes(String prefix, int... raw) {
        byte[] text = utf8(prefix);
        byte[] out = new byte[text.length + raw.length + 1];
        System.arraycopy(text, 0, out, 0, text.length);
        for (int i = 0; i < raw.length; i++) {
            out[text.length + i] = (byte) raw[i];
        }
        out[out.length - 1] = '}';
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
