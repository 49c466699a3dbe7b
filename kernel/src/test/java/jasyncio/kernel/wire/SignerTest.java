package jasyncio.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Signatures against vectors computed independently with Python's hmac module, e.g.
 * {@code python3 -c 'import hmac,hashlib; h=hmac.new(KEY,digestmod=hashlib.sha256); [h.update(p)
 * for p in PARTS]; print(h.hexdigest())'}.
 */
class SignerTest {
    static final String HEADER = "{\"msg_id\":\"a1\",\"msg_type\":\"kernel_info_request\",\"session\":\"s1\","
            + "\"username\":\"u\",\"version\":\"5.4\",\"date\":\"2024-01-02T03:04:05.123456Z\"}";
    static final String KEY = "8b0f7e0e-4c5e-4e1b-9a53-0d3f6a1c2b77";
    static final String HEADER_SIGNATURE = "39ccc3d9899d5214ae0bb00393a88a1450e89e79ca2b2a4c28aa99ddb96bd61e";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesPythonHmacOverTheFourFrames() {
        assertEquals(HEADER_SIGNATURE, Signer.of(KEY).sign(b(HEADER), b("{}"), b("{}"), b("{}")));
    }

    @Test
    void matchesPythonHmacWithNonAsciiKeyAndContent() {
        String sig = Signer.of("clé").sign(b("{\"a\":\"é\"}"), b("{}"), b("{}"), b("{\"text\":\"\u2603\"}"));
        assertEquals("8a721ae35db162ecb88d0092a8341c4667f347b28197ef6ab2cf2621ed981dad", sig);
    }

    @Test
    void isPlainHmacOfTheConcatenation() {
        // RFC-style vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"),
        // split across the four parts: the frames are hashed back to back, nothing between them.
        String sig = Signer.of("key").sign(b("The quick "), b("brown fox "), b("jumps over "), b("the lazy dog"));
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", sig);
    }

    @Test
    void verifyAcceptsOnlyTheExactLowerCaseHex() {
        Signer signer = Signer.of(KEY);
        byte[][] parts = {b(HEADER), b("{}"), b("{}"), b("{}")};
        assertTrue(signer.verify(b(HEADER_SIGNATURE), parts[0], parts[1], parts[2], parts[3]));
        assertFalse(signer.verify(b(HEADER_SIGNATURE.toUpperCase()), parts[0], parts[1], parts[2], parts[3]));
        assertFalse(signer.verify(b(HEADER_SIGNATURE.substring(1)), parts[0], parts[1], parts[2], parts[3]));
        assertFalse(signer.verify(b(""), parts[0], parts[1], parts[2], parts[3]));
        assertFalse(signer.verify(b(HEADER_SIGNATURE), parts[0], parts[1], parts[2], b("{\"x\":1}")));
        assertFalse(Signer.of("other").verify(b(HEADER_SIGNATURE), parts[0], parts[1], parts[2], parts[3]));
    }

    @Test
    void emptyKeyMeansNoSigning() {
        Signer signer = Signer.of("");
        assertFalse(signer.enabled());
        assertEquals("", signer.sign(b(HEADER), b("{}"), b("{}"), b("{}")));
        assertTrue(signer.verify(b("anything"), b(HEADER), b("{}"), b("{}"), b("{}")));
    }

    @Test
    void replayGuardRejectsRepeatsAndForgetsOldestFirst() {
        ReplayGuard guard = new ReplayGuard(3);
        assertTrue(guard.firstSeen("a"));
        assertFalse(guard.firstSeen("a"));
        assertTrue(guard.firstSeen("b"));
        assertTrue(guard.firstSeen("c"));
        assertTrue(guard.firstSeen("d")); // evicts "a", the oldest
        assertEquals(3, guard.size());
        assertFalse(guard.firstSeen("b"));
        assertFalse(guard.firstSeen("d"));
        assertTrue(guard.firstSeen("a"));
    }
}
