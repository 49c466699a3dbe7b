package jasyncio.loop;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * asyncio's loop.create_connection and loop.create_server (base_events.py), for TCP:
 * resolve the host (in the default executor unless it is a literal address), then connect
 * to each address in turn, or bind one listening socket per address.
 */
final class Connections {
    private Connections() {
    }

    static <P extends Protocol> Coroutine<TransportAndProtocol<P>> createConnection(
            EventLoop loop, Supplier<P> protocolFactory, String host, int port) {
        return Coroutine.create("createConnection", () -> {
            List<InetAddress> addresses = Asyncio.await(resolve(loop, host));
            List<Exception> failures = new ArrayList<>();
            SocketChannel channel = null;
            for (InetAddress address : addresses) {
                SocketChannel candidate = SocketChannel.open(
                        address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                try {
                    candidate.configureBlocking(false);
                    Asyncio.await(loop.sockConnect(candidate, new InetSocketAddress(address, port)));
                    channel = candidate;
                    break;
                } catch (IOException e) {
                    candidate.close();
                    failures.add(e);
                } catch (Throwable t) {
                    candidate.close();
                    throw t;
                }
            }
            if (channel == null) {
                throw connectionFailure(failures, host, port);
            }
            P protocol = protocolFactory.get();
            Future<Void> waiter = loop.createFuture();
            SelectorSocketTransport transport = new SelectorSocketTransport(loop, channel, protocol, waiter, null);
            try {
                Asyncio.await(waiter);
            } catch (Throwable t) {
                transport.close();
                throw t;
            }
            return new TransportAndProtocol<>(transport, protocol);
        });
    }

    /** One failure is raised as it is; several alike as the first; different ones together. */
    private static Exception connectionFailure(List<Exception> failures, String host, int port) {
        if (failures.isEmpty()) {
            return new IOException("getaddrinfo() returned empty list for " + host + ":" + port);
        }
        Exception first = failures.get(0);
        if (failures.stream().allMatch(e -> String.valueOf(e.getMessage()).equals(String.valueOf(first.getMessage())))) {
            return first;
        }
        StringBuilder message = new StringBuilder("Multiple exceptions: ");
        for (int i = 0; i < failures.size(); i++) {
            message.append(i > 0 ? ", " : "").append(failures.get(i).getMessage());
        }
        IOException all = new IOException(message.toString());
        failures.forEach(all::addSuppressed);
        return all;
    }

    static Coroutine<Server> createServer(EventLoop loop, Supplier<? extends Protocol> protocolFactory, String host, int port, int backlog) {
        return Coroutine.create("createServer", () -> {
            List<InetSocketAddress> bindings = new ArrayList<>();
            if (host == null || host.isEmpty()) {
                bindings.add(new InetSocketAddress(port)); // every interface, IPv4 and IPv6 on one dual-stack socket
            } else {
                for (InetAddress address : Asyncio.await(resolve(loop, host))) {
                    bindings.add(new InetSocketAddress(address, port));
                }
            }
            List<ServerSocketChannel> sockets = new ArrayList<>();
            try {
                for (InetSocketAddress binding : bindings) {
                    ServerSocketChannel socket = ServerSocketChannel.open();
                    sockets.add(socket);
                    socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    socket.configureBlocking(false);
                    socket.bind(binding, backlog);
                }
            } catch (IOException e) {
                for (ServerSocketChannel socket : sockets) {
                    socket.close();
                }
                throw e;
            }
            Server server = new Server(loop, sockets, protocolFactory, backlog);
            server.startServing();
            Asyncio.await(Tasks.sleep(0, null)); // one iteration, as asyncio's create_server does
            return server;
        });
    }

    /** The host's addresses: at once for a literal address, else looked up in the default executor. */
    static Future<List<InetAddress>> resolve(EventLoop loop, String host) {
        String name = host == null || host.isEmpty() ? "localhost" : host;
        InetAddress literal = literalAddress(name);
        if (literal != null) {
            Future<List<InetAddress>> done = loop.createFuture();
            done.setResult(List.of(literal));
            return done;
        }
        return loop.runInExecutor(null, () -> List.of(InetAddress.getAllByName(name)));
    }

    private static InetAddress literalAddress(String host) {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }
}
