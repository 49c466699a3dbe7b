package jasyncio.loop;

/**
 * What {@code startServer} calls for each connection it accepts (asyncio's
 * client_connected_cb): usually {@code (reader, writer) -> async(() -> { ... })}, whose
 * coroutine runs as a Task; a callback that returns null has done all it had to.
 */
@FunctionalInterface
public interface ClientConnectedCallback {
    Coroutine<?> connected(StreamReader reader, StreamWriter writer);
}
