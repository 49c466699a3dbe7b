package jasyncio.kernel.wire;

import java.util.function.Consumer;

/**
 * Tunables of a {@link KernelServer}; {@link #defaults()} suits a kernel, tests shrink them.
 *
 * @param maxMessageSize largest message part (frame) accepted on shell, control and stdin, in
 *     bytes, or -1 for no limit. A larger part makes ZeroMQ drop that peer's connection before
 *     the part is allocated (the peer reconnects by itself), so one huge request cannot exhaust
 *     the kernel's heap.
 * @param lingerMillis how long closing waits for queued outgoing messages (e.g. shutdown_reply).
 * @param logLinesPerSecond at most this many "dropped message" lines per second.
 * @param replayHistory how many recent signatures are remembered to reject replays.
 * @param log where log lines go (System.err by default).
 */
public record ServerOptions(long maxMessageSize, int lingerMillis, int logLinesPerSecond, int replayHistory,
                            Consumer<String> log) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L << 20;

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_MAX_MESSAGE_SIZE, 1000, 10, ReplayGuard.DEFAULT_CAPACITY, System.err::println);
    }

    public ServerOptions withMaxMessageSize(long bytes) {
        return new ServerOptions(bytes, lingerMillis, logLinesPerSecond, replayHistory, log);
    }

    public ServerOptions withLingerMillis(int millis) {
        return new ServerOptions(maxMessageSize, millis, logLinesPerSecond, replayHistory, log);
    }

    public ServerOptions withLogLinesPerSecond(int lines) {
        return new ServerOptions(maxMessageSize, lingerMillis, lines, replayHistory, log);
    }

    public ServerOptions withReplayHistory(int signatures) {
        return new ServerOptions(maxMessageSize, lingerMillis, logLinesPerSecond, signatures, log);
    }

    public ServerOptions withLog(Consumer<String> sink) {
        return new ServerOptions(maxMessageSize, lingerMillis, logLinesPerSecond, replayHistory, sink);
    }
}
