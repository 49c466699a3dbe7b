package jasyncio.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 message signatures, as jupyter_client's {@code Session.sign}: the digest of the
 * header, parent_header, metadata and content frames, in that order, as lower-case hex.
 *
 * <p>With an empty key signing is off: {@link #sign} gives "" and {@link #verify} accepts
 * anything (jupyter_client does the same when {@code Session.key} is empty). Thread-safe: each
 * call works on its own clone of a prototype {@link Mac}.
 */
public final class Signer {
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of(); // lower case, as Python's hexdigest()

    private final byte[] key;
    private final Mac prototype; // null when signing is off

    public Signer(byte[] key) {
        this.key = key.clone();
        if (key.length == 0) {
            prototype = null;
            return;
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            prototype = mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        }
    }

    /** The connection file's key is a string; jupyter_client uses its UTF-8 bytes. */
    public static Signer of(String key) {
        return new Signer(key.getBytes(StandardCharsets.UTF_8));
    }

    public boolean enabled() {
        return prototype != null;
    }

    /** Hex HMAC of the four frames, or "" when signing is off. */
    public String sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content) {
        if (prototype == null) {
            return "";
        }
        return HEX.formatHex(digest(header, parentHeader, metadata, content));
    }

    /**
     * Whether {@code signature} (the raw signature frame) is the hex HMAC of the four frames.
     * The comparison takes the same time wherever the first difference is, so an attacker cannot
     * find a valid signature byte by byte.
     */
    public boolean verify(byte[] signature, byte[] header, byte[] parentHeader, byte[] metadata,
                          byte[] content) {
        if (prototype == null) {
            return true;
        }
        byte[] expected = HEX.formatHex(digest(header, parentHeader, metadata, content))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    private byte[] digest(byte[]... parts) {
        Mac mac = newMac();
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // SunJCE's HmacSHA256 is cloneable; a provider whose Mac is not still works, slower.
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
                return mac;
            } catch (GeneralSecurityException e2) {
                throw new IllegalStateException(e2);
            }
        }
    }
}
