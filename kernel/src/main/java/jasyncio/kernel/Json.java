package jasyncio.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Base64;
import java.util.Map;

/** Small JSON helpers: mime bundles and request fields with defaults. */
final class Json {
    private static final Gson GSON = new Gson();

    private Json() {
    }

    static JsonElement tree(Object value) {
        return GSON.toJsonTree(value);
    }

    /** A mime bundle as JSON: strings stay strings, byte[] (e.g. image/png) becomes base64, the rest becomes JSON. */
    static JsonObject mimeBundle(Map<String, Object> bundle) {
        JsonObject data = new JsonObject();
        bundle.forEach((mime, value) -> data.add(mime, switch (value) {
            case String s -> new JsonPrimitive(s);
            case byte[] bytes -> new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
            case JsonElement e -> e;
            case null -> new JsonPrimitive("");
            default -> GSON.toJsonTree(value);
        }));
        return data;
    }

    static String string(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : fallback;
    }

    static int integer(JsonObject o, String key, int fallback) {
        JsonElement e = o.get(key);
        try {
            return e != null && e.isJsonPrimitive() ? e.getAsInt() : fallback;
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }
}
