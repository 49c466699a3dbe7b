package jasyncio.kernel.wire;

import static jasyncio.kernel.wire.WireClient.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import jasyncio.kernel.wire.WireFormatException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec(Signer.of(SignerTest.KEY));

    private static List<byte[]> frames(String... parts) {
        List<byte[]> out = new ArrayList<>();
        for (String p : parts) {
            out.add(utf8(p));
        }
        return out;
    }

    private Reason reasonOf(List<byte[]> frames) {
        return assertThrows(WireFormatException.class, () -> codec.decode(frames)).reason();
    }

    /** Signed frames whose JSON parts are given as raw bytes (to test bad JSON behind a good signature). */
    private static List<byte[]> signed(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        String sig = Signer.of(SignerTest.KEY).sign(header, parent, metadata, content);
        return new ArrayList<>(List.of(utf8("id"), MessageCodec.DELIMITER, utf8(sig), header, parent, metadata, content));
    }

    @Test
    void encodesTheFramesInProtocolOrderWithPythonsSignature() {
        JsonObject header = JsonParser.parseString(SignerTest.HEADER).getAsJsonObject();
        Message m = new Message(List.of(utf8("peer")), header, null, null, null, List.of(new byte[] {1, 2}));
        List<byte[]> f = codec.encode(m);
        assertEquals(8, f.size());
        assertArrayEquals(utf8("peer"), f.get(0));
        assertArrayEquals(utf8("<IDS|MSG>"), f.get(1));
        assertEquals(SignerTest.HEADER_SIGNATURE, new String(f.get(2)));
        assertEquals(SignerTest.HEADER, new String(f.get(3)));
        assertEquals("{}", new String(f.get(4)));
        assertArrayEquals(new byte[] {1, 2}, f.get(7));
    }

    @Test
    void roundTripKeepsIdentitiesDictsAndBuffers() throws Exception {
        MessageFactory factory = new MessageFactory("k");
        JsonObject content = new JsonObject();
        content.addProperty("code", "print(\"<é>\")");
        Message request = new Message(List.of(utf8("a"), new byte[] {0, (byte) 0xff}), factory.newHeader("execute_request"),
                null, null, content, List.of(new byte[] {9}, new byte[0]));
        Message back = codec.decode(codec.encode(request));
        assertEquals(2, back.identities().size());
        assertArrayEquals(new byte[] {0, (byte) 0xff}, back.identities().get(1));
        assertEquals(request.header(), back.header());
        assertEquals(content, back.content());
        assertEquals(2, back.buffers().size());
        assertArrayEquals(new byte[] {9}, back.buffers().get(0));
        assertEquals("execute_request", back.msgType());
        assertEquals("k", back.session());
    }

    @Test
    void rejectsBadFraming() {
        assertEquals(Reason.TOO_FEW_FRAMES, reasonOf(List.of()));
        assertEquals(Reason.MISSING_DELIMITER, reasonOf(frames("id", "sig", "{}", "{}", "{}", "{}")));
        assertEquals(Reason.TOO_FEW_FRAMES, reasonOf(frames("id", "<IDS|MSG>", "sig", "{}", "{}", "{}")));
    }

    @Test
    void rejectsMissingBadAndReplayedSignatures() {
        List<byte[]> good = signed(utf8(SignerTest.HEADER), utf8("{}"), utf8("{}"), utf8("{}"));
        List<byte[]> unsigned = new ArrayList<>(good);
        unsigned.set(2, new byte[0]);
        assertEquals(Reason.MISSING_SIGNATURE, reasonOf(unsigned));
        List<byte[]> tampered = new ArrayList<>(good);
        tampered.set(6, utf8("{\"code\":\"rm -rf\"}"));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(tampered));
        assertEquals(SignerTest.HEADER_SIGNATURE, new String(good.get(2)));
        assertEquals("a1", assertDoesNotThrow(good).msgId());
        assertEquals(Reason.REPLAYED_SIGNATURE, reasonOf(good));
    }

    private Message assertDoesNotThrow(List<byte[]> frames) {
        try {
            return codec.decode(frames);
        } catch (WireFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rejectsBadUtf8AndJsonEvenWhenSigned() {
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
        assertEquals(Reason.INVALID_UTF8, reasonOf(signed(badUtf8, utf8("{}"), utf8("{}"), utf8("{}"))));
        assertEquals(Reason.INVALID_JSON, reasonOf(signed(utf8("{\"msg_id\":"), utf8("{}"), utf8("{}"), utf8("{}"))));
        String h = SignerTest.HEADER;
        // What gson's lenient default would have accepted:
        assertEquals(Reason.INVALID_JSON, reasonOf(signed(utf8(h), utf8("{a:1}"), utf8("{}"), utf8("{}"))));
        assertEquals(Reason.INVALID_JSON, reasonOf(signed(utf8(h), utf8("{}"), utf8("{} {}"), utf8("{}"))));
        assertEquals(Reason.INVALID_JSON, reasonOf(signed(utf8(h), utf8("{}"), utf8("{}"), utf8("{\"x\":NaN}"))));
        assertEquals(Reason.INVALID_JSON, reasonOf(signed(utf8(h), utf8("{}"), utf8("{}"), utf8(""))));
        assertEquals(Reason.INVALID_JSON, reasonOf(signed(utf8(h), utf8("{}"), utf8("{}"), utf8("[".repeat(100_000)))));
        assertEquals(Reason.NOT_AN_OBJECT, reasonOf(signed(utf8(h), utf8("null"), utf8("{}"), utf8("{}"))));
        assertEquals(Reason.NOT_AN_OBJECT, reasonOf(signed(utf8(h), utf8("{}"), utf8("{}"), utf8("[1]"))));
        assertEquals(Reason.NOT_AN_OBJECT, reasonOf(signed(utf8("\"header\""), utf8("{}"), utf8("{}"), utf8("{}"))));
    }

    @Test
    void requiresTheHeaderFields() {
        for (String field : List.of("msg_id", "msg_type", "session", "username", "version")) {
            JsonObject header = JsonParser.parseString(SignerTest.HEADER).getAsJsonObject();
            header.remove(field);
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> codec.decode(signed(utf8(header.toString()), utf8("{}"), utf8("{}"), utf8("{}"))));
            assertEquals(Reason.MISSING_HEADER_FIELD, e.reason());
            assertTrue(e.getMessage().contains(field), e.getMessage());
            header.addProperty(field, 5); // present but not a string
            assertEquals(Reason.MISSING_HEADER_FIELD,
                    reasonOf(signed(utf8(header.toString()), utf8("{}"), utf8("{}"), utf8("{}"))));
        }
    }

    @Test
    void randomGarbageOnlyEverThrowsWireFormatException() {
        Random random = new Random(42);
        MessageCodec unsigned = new MessageCodec(Signer.of(""));
        String[] pieces = {"<IDS|MSG>", "{}", "{", "}", "\"msg_id\"", ":", "1", "[", "]", "null", "\"x\"", ",", "\\u12",
                "\"msg_type\":\"a\"", "\"session\":\"s\"", "\"username\":\"u\"", "\"version\":\"5.4\""};
        for (int i = 0; i < 3000; i++) {
            List<byte[]> f = new ArrayList<>();
            int n = random.nextInt(10);
            for (int j = 0; j < n; j++) {
                if (random.nextBoolean()) {
                    byte[] raw = new byte[random.nextInt(12)];
                    random.nextBytes(raw);
                    f.add(raw);
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (int k = random.nextInt(8); k > 0; k--) {
                        sb.append(pieces[random.nextInt(pieces.length)]);
                    }
                    f.add(utf8(sb.toString()));
                }
            }
            for (MessageCodec c : List.of(codec, unsigned)) {
                try {
                    c.decode(f);
                } catch (WireFormatException expected) {
                    // the only allowed failure
                }
            }
        }
    }

    @Test
    void unsignedCodecIgnoresTheSignatureFrame() throws Exception {
        MessageCodec unsigned = new MessageCodec(Signer.of(""));
        Message m = unsigned.decode(frames("<IDS|MSG>", "whatever", SignerTest.HEADER, "{}", "{}", "{}"));
        assertEquals("a1", m.msgId());
        List<byte[]> encoded = unsigned.encode(m);
        assertEquals(0, encoded.get(1).length);
        unsigned.decode(frames("<IDS|MSG>", "whatever", SignerTest.HEADER, "{}", "{}", "{}")); // no replay check
    }

    @Test
    void encodeRefusesNaN() {
        JsonObject content = new JsonObject();
        content.addProperty("x", Double.NaN);
        Message m = new MessageFactory("k").broadcast((Message) null, "stream", content);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(m));
    }

    @Test
    void factoryStampsFreshHeadersAndExplicitParents() throws Exception {
        MessageFactory factory = new MessageFactory("kernel-session");
        Message request = codec.decode(signed(utf8(SignerTest.HEADER), utf8("{}"), utf8("{}"), utf8("{}")));
        Message reply = factory.reply(request, "kernel_info_reply", new JsonObject());
        Message again = factory.reply(request, "kernel_info_reply", new JsonObject());
        assertNotEquals(reply.msgId(), again.msgId());
        assertEquals(request.header(), reply.parentHeader());
        assertEquals("a1", reply.parentMsgId());
        assertArrayEquals(utf8("id"), reply.identities().get(0));
        JsonObject h = reply.header();
        assertEquals("kernel_info_reply", h.get("msg_type").getAsString());
        assertEquals("kernel-session", h.get("session").getAsString());
        assertEquals("kernel", h.get("username").getAsString());
        assertEquals("5.5", h.get("version").getAsString());
        assertTrue(h.get("date").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"),
                h.get("date").getAsString());
        assertTrue(h.get("msg_id").getAsString().matches("[0-9a-f-]{36}"));

        Message status = factory.broadcast(request, "status", new JsonObject());
        assertEquals("kernel.kernel-session.status", new String(status.identities().get(0)));
        assertEquals("a1", status.parentMsgId());
        assertEquals(new JsonObject(), factory.broadcast((Message) null, "status", null).parentHeader());
    }
}
