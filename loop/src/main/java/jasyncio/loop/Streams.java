package jasyncio.loop;

/** streams.py's module functions: open_connection and start_server. */
public final class Streams {
    private Streams() {
    }

    /** A coroutine that connects to host:port and returns the connection's reader and writer. */
    public static Coroutine<StreamPair> openConnection(String host, int port, int limit) {
        return Coroutine.create("openConnection", () -> {
            EventLoop loop = EventLoop.getRunningLoop();
            StreamReader reader = new StreamReader(limit, loop);
            StreamReaderProtocol protocol = new StreamReaderProtocol(reader, loop);
            TransportAndProtocol<StreamReaderProtocol> connection = Asyncio.await(
                    loop.createConnection(() -> protocol, host, port));
            return new StreamPair(reader, new StreamWriter(connection.transport(), protocol, reader));
        });
    }

    /**
     * A coroutine that starts a server on host:port (port 0: the system picks one; see
     * {@link Server#port()}) calling {@code clientConnected} with each connection's reader
     * and writer.
     */
    public static Coroutine<Server> startServer(ClientConnectedCallback clientConnected, String host, int port,
            int limit, int backlog) {
        return Coroutine.create("startServer", () -> {
            EventLoop loop = EventLoop.getRunningLoop();
            return Asyncio.await(loop.createServer(
                    () -> new StreamReaderProtocol(new StreamReader(limit, loop), clientConnected, loop), host, port, backlog));
        });
    }
}
