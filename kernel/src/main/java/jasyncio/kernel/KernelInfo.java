package jasyncio.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;

/**
 * kernel_info_reply's content: the language, the implementation, and which coroutines run cells.
 * Protocol 5.5: {@code supported_features} lists the optional features (JEP 92) the kernel has:
 * none, as it has neither a debugger nor subshells; {@code debugger: false} stays for clients
 * older than 5.5.
 */
final class KernelInfo {
    static final String IMPLEMENTATION = "jasyncio";
    static final String VERSION = "0.1.0";
    /** The messaging protocol implemented (MessageFactory stamps it on every header). */
    static final String PROTOCOL_VERSION = jasyncio.kernel.wire.MessageFactory.PROTOCOL_VERSION;

    private final JsonObject content;

    KernelInfo() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("file_extension", ".jshell");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        language.addProperty("nbconvert_exporter", "script");

        JsonArray links = new JsonArray();
        links.add(link("jasyncio: asyncio's event loop in Java", "https://github.com/jasyncio/jasyncio"));
        links.add(link("Java " + Runtime.version().feature() + " API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"));
        links.add(link("CPython asyncio source", "https://github.com/python/cpython/tree/main/Lib/asyncio"));

        content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("protocol_version", PROTOCOL_VERSION);
        content.addProperty("implementation", IMPLEMENTATION);
        content.addProperty("implementation_version", VERSION);
        content.add("language_info", language);
        content.addProperty("banner", "jasyncio " + VERSION + ": Java " + Runtime.version()
                + ", every cell a Task on one asyncio-style event loop (coroutines: " + Coroutine.mechanism()
                + "; toThread and runInExecutor on " + EventLoop.defaultExecutorKind() + ")");
        content.add("help_links", links);
        content.add("supported_features", new JsonArray());
        content.addProperty("debugger", false);
        content.addProperty("coroutine_mechanism", Coroutine.mechanism());
        content.addProperty("default_executor", EventLoop.defaultExecutorKind());
    }

    private static JsonObject link(String text, String url) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        o.addProperty("url", url);
        return o;
    }

    JsonObject content() {
        return content.deepCopy();
    }
}
