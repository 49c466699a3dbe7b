package jasyncio.loop;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * asyncio's sock_recv, sock_recv_into, sock_sendall, sock_connect and sock_accept
 * (selector_events.py) on non-blocking channels. Each tries the operation at once and
 * registers a reader or writer only when it would block; the returned Future's done
 * callback removes that registration, so cancelling the Future unregisters it too.
 */
final class SocketOps {
    private static final byte[] EMPTY = new byte[0];

    private SocketOps() {
    }

    static Future<byte[]> recv(EventLoop loop, SocketChannel channel, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative buffer size: " + n);
        }
        return start(loop, channel, false, new Attempt<byte[]>(loop, "EventLoop.sockRecv") {
            @Override
            void attempt() throws IOException {
                if (n == 0) {
                    future.setResult(EMPTY);
                    return;
                }
                ByteBuffer buffer = n <= SelectorEvents.MAX_READ_SIZE
                        ? loop.selectorEvents().readBuffer().limit(n) : ByteBuffer.allocate(n);
                int count = channel.read(buffer);
                if (count != 0) {
                    byte[] data = count < 0 ? EMPTY : new byte[count];
                    buffer.get(0, data);
                    future.setResult(data);
                }
            }
        });
    }

    static Future<Integer> recvInto(EventLoop loop, SocketChannel channel, ByteBuffer buffer) {
        return start(loop, channel, false, new Attempt<Integer>(loop, "EventLoop.sockRecvInto") {
            @Override
            void attempt() throws IOException {
                int count = buffer.hasRemaining() ? channel.read(buffer) : 0;
                if (count != 0 || !buffer.hasRemaining()) {
                    future.setResult(count);
                }
            }
        });
    }

    static Future<Void> sendall(EventLoop loop, SocketChannel channel, byte[] data) {
        ByteBuffer rest = ByteBuffer.wrap(data);
        return start(loop, channel, true, new Attempt<Void>(loop, "EventLoop.sockSendall") {
            @Override
            void attempt() throws IOException {
                channel.write(rest);
                if (!rest.hasRemaining()) {
                    future.setResult(null);
                }
            }
        });
    }

    /** The first attempt is connect(); each one after, when the channel is ready, is finishConnect(). */
    static Future<Void> connect(EventLoop loop, SocketChannel channel, SocketAddress address) {
        return start(loop, channel, true, new Attempt<Void>(loop, "EventLoop.sockConnectCb") {
            private boolean connecting;

            @Override
            void attempt() throws IOException {
                boolean connected = connecting ? channel.finishConnect() : channel.connect(address);
                connecting = true;
                if (connected) {
                    future.setResult(null);
                }
            }

            @Override
            Throwable failure(Exception e) {
                if (e instanceof ConnectException) {
                    ConnectException failed = new ConnectException("Connect call failed " + address + ": " + e.getMessage());
                    failed.initCause(e);
                    return failed;
                }
                return e;
            }
        });
    }

    static Future<SocketChannel> accept(EventLoop loop, ServerSocketChannel channel) {
        return start(loop, channel, false, new Attempt<SocketChannel>(loop, "EventLoop.sockAccept") {
            @Override
            void attempt() throws IOException {
                SocketChannel connection = channel.accept();
                if (connection != null) {
                    connection.configureBlocking(false);
                    future.setResult(connection);
                }
            }
        });
    }

    /**
     * One try of an operation, run once at once and again each time the channel is ready,
     * until it settles its future (a result, or the exception it raised).
     */
    private abstract static class Attempt<T> implements Runnable {
        final Future<T> future;
        private final String name;

        Attempt(EventLoop loop, String name) {
            this.future = loop.createFuture();
            this.name = name;
        }

        /** Tries the operation; leaves the future pending when it would block. */
        abstract void attempt() throws IOException;

        /** What the future fails with when the operation raised {@code e}. */
        Throwable failure(Exception e) {
            return e;
        }

        @Override
        public final void run() {
            if (future.isDone()) {
                return; // cancelled, or settled by an earlier readiness
            }
            try {
                attempt();
            } catch (IOException | RuntimeException e) {
                future.setException(failure(e));
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Runs the first attempt; if it would block, retries from a reader or writer until the future is done. */
    private static <T> Future<T> start(EventLoop loop, SelectableChannel channel, boolean write, Attempt<T> attempt) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the channel must be non-blocking: " + channel);
        }
        attempt.run();
        if (!attempt.future.isDone()) {
            SelectorEvents events = loop.selectorEvents();
            events.ensureNoTransport(channel);
            Handle handle = write ? events.addWriter(channel, attempt) : events.addReader(channel, attempt);
            attempt.future.addDoneCallback(new Unregister(events, channel, handle, write));
        }
        return attempt.future;
    }

    /**
     * asyncio's _sock_read_done / _sock_write_done: the future is done (or cancelled), so its
     * reader or writer goes, unless something else has replaced it meanwhile.
     */
    private record Unregister(SelectorEvents events, SelectableChannel channel, Handle handle, boolean write)
            implements Consumer<Future<?>> {
        @Override
        public void accept(Future<?> done) {
            if (!handle.isCancelled()) {
                if (write) {
                    events.removeWriter(channel);
                } else {
                    events.removeReader(channel);
                }
            }
        }

        @Override
        public String toString() {
            return write ? "EventLoop.sockWriteDone" : "EventLoop.sockReadDone";
        }
    }
}
