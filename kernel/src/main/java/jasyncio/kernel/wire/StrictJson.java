package jasyncio.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 and JSON for the wire. Writing is compact, with no HTML escaping ("<" stays "<", as
 * Python's json.dumps writes it). Parsing is strict (gson's default {@code JsonParser} is lenient
 * and would accept {@code abc} or {@code {a:1}}), rejects trailing data, and never lets anything
 * but a {@link WireFormatException} out, whatever the bytes are.
 */
final class StrictJson {
    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

    private StrictJson() {
    }

    /** Compact UTF-8 JSON; throws IllegalArgumentException for NaN or infinite numbers. */
    static byte[] toBytes(JsonObject object) {
        // Our own strict writer: Gson.toJson(JsonElement) would quietly write NaN, which is not JSON.
        StringWriter out = new StringWriter();
        try {
            JsonWriter writer = new JsonWriter(out);
            writer.setStrictness(Strictness.STRICT);
            writer.setHtmlSafe(false);
            ELEMENT.write(writer, object);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses one frame that must hold a JSON object; {@code part} names it in errors. */
    static JsonObject parseObject(byte[] frame, String part) throws WireFormatException {
        String text = decodeUtf8(frame, part);
        JsonElement element;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            element = ELEMENT.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new WireFormatException(WireFormatException.Reason.INVALID_JSON,
                        part + " has data after its JSON value");
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new WireFormatException(WireFormatException.Reason.INVALID_JSON,
                    part + " is not valid JSON (" + oneLine(e.getMessage()) + ")");
        }
        if (!element.isJsonObject()) {
            throw new WireFormatException(WireFormatException.Reason.NOT_AN_OBJECT,
                    part + " is a JSON " + kind(element) + ", not an object");
        }
        return element.getAsJsonObject();
    }

    static String decodeUtf8(byte[] frame, String part) throws WireFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WireFormatException(WireFormatException.Reason.INVALID_UTF8, part + " is not valid UTF-8");
        }
    }

    private static String kind(JsonElement e) {
        if (e.isJsonArray()) {
            return "array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return e.getAsJsonPrimitive().isString() ? "string" : "primitive";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "malformed";
        }
        String line = s.replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
