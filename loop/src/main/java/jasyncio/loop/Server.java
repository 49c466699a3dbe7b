package jasyncio.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * asyncio's Server (base_events.py, with 3.13's client tracking): listening sockets that
 * accept connections, each one a {@link SelectorSocketTransport} with a fresh protocol.
 * {@link #close()} stops listening; {@link #waitClosed()} waits until it is closed and every
 * connection it accepted is gone.
 */
public final class Server implements AutoCloseable {
    /** asyncio's default backlog, which is also how many connections one readiness accepts. */
    static final int DEFAULT_BACKLOG = 100;
    /** After running out of file descriptors, accept again after this long (asyncio's ACCEPT_RETRY_DELAY). */
    static final double ACCEPT_RETRY_DELAY = 1;

    private final EventLoop loop;
    /** null once closed. */
    private List<ServerSocketChannel> sockets;
    private final Supplier<? extends Protocol> protocolFactory;
    private final int backlog;
    private final Set<Transport> clients = new LinkedHashSet<>();
    /** Futures of waitClosed() callers; null once the server is closed and its clients are gone. */
    private List<Future<Void>> waiters = new ArrayList<>();
    private boolean serving;
    private Future<Void> servingForeverFuture;

    Server(EventLoop loop, List<ServerSocketChannel> sockets, Supplier<? extends Protocol> protocolFactory, int backlog) {
        this.loop = loop;
        this.sockets = sockets;
        this.protocolFactory = protocolFactory;
        this.backlog = backlog;
    }

    public EventLoop getLoop() {
        return loop;
    }

    /** The listening channels; empty once closed. */
    public List<ServerSocketChannel> sockets() {
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    /** The port the first socket listens on (the one picked for port 0), or -1 once closed. */
    public int port() {
        if (sockets == null || sockets.isEmpty()) {
            return -1;
        }
        try {
            return ((InetSocketAddress) sockets.get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    public boolean isServing() {
        return serving;
    }

    /** Starts accepting connections (create_server does it unless told otherwise). */
    public void startServing() {
        if (serving || sockets == null) {
            return;
        }
        serving = true;
        for (ServerSocketChannel socket : sockets) {
            loop.selectorEvents().addReader(socket, new AcceptConnection(socket));
        }
    }

    /** asyncio's _accept_connection: takes up to backlog waiting connections, one transport each. */
    private final class AcceptConnection implements Runnable {
        private final ServerSocketChannel socket;

        AcceptConnection(ServerSocketChannel socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            for (int i = 0; i < backlog; i++) {
                SocketChannel connection;
                try {
                    connection = socket.accept();
                    if (connection == null) {
                        return;
                    }
                    connection.configureBlocking(false);
                } catch (IOException e) {
                    if (!isOutOfResources(e)) {
                        throw Throwing.sneaky(e);
                    }
                    // Stop accepting for a while; the waiting connections stay in the backlog.
                    loop.callExceptionHandler(new ExceptionContext("socket.accept() out of system resource\nsocket: " + socket, e, null, null));
                    loop.selectorEvents().removeReader(socket);
                    loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                        if (serving && sockets != null && sockets.contains(socket)) {
                            loop.selectorEvents().addReader(socket, this);
                        }
                    });
                    return;
                }
                accepted(connection);
            }
        }

        @Override
        public String toString() {
            return "Server.acceptConnection";
        }
    }

    private static boolean isOutOfResources(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Too many open files") || message.contains("No buffer space")
                || message.contains("Cannot allocate memory");
    }

    private void accepted(SocketChannel connection) {
        Protocol protocol;
        try {
            protocol = protocolFactory.get();
        } catch (Exception e) {
            loop.callExceptionHandler(new ExceptionContext("Error on transport creation for incoming connection", e, null, null));
            try {
                connection.close();
            } catch (IOException ignored) {
                // it was never used
            }
            return;
        }
        new SelectorSocketTransport(loop, connection, protocol, null, this);
    }

    void attach(Transport transport) {
        clients.add(transport);
    }

    void detach(Transport transport) {
        clients.remove(transport);
        if (clients.isEmpty() && sockets == null) {
            wakeup();
        }
    }

    /** Stops listening and closes the listening sockets; the accepted connections go on. Idempotent. */
    @Override
    public void close() {
        List<ServerSocketChannel> listening = sockets;
        if (listening == null) {
            return;
        }
        sockets = null;
        for (ServerSocketChannel socket : listening) {
            loop.selectorEvents().removeReader(socket);
            try {
                loop.selectorEvents().close(socket);
            } catch (IOException e) {
                loop.log("error closing " + socket + ": " + e);
            }
        }
        serving = false;
        if (servingForeverFuture != null && !servingForeverFuture.isDone()) {
            servingForeverFuture.cancel();
            servingForeverFuture = null;
        }
        if (clients.isEmpty()) {
            wakeup();
        }
    }

    /** Closes every accepted connection (3.13's close_clients). */
    public void closeClients() {
        for (Transport transport : List.copyOf(clients)) {
            transport.close();
        }
    }

    /** Aborts every accepted connection (3.13's abort_clients). */
    public void abortClients() {
        for (Transport transport : List.copyOf(clients)) {
            transport.abort();
        }
    }

    private void wakeup() {
        List<Future<Void>> toWake = waiters;
        waiters = null;
        if (toWake != null) {
            for (Future<Void> waiter : toWake) {
                if (!waiter.isDone()) {
                    waiter.setResult(null);
                }
            }
        }
    }

    /** A coroutine that ends once the server is closed and all its connections are gone. */
    public Coroutine<Void> waitClosed() {
        return Coroutine.create("Server.waitClosed", () -> {
            if (waiters == null) {
                return null;
            }
            Future<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            Asyncio.await(waiter);
            return null;
        });
    }

    /**
     * A coroutine that serves until cancelled, then closes the server and waits for it
     * (asyncio's serve_forever). Only one may run at a time.
     */
    public Coroutine<Void> serveForever() {
        return Coroutine.create("Server.serveForever", () -> {
            if (servingForeverFuture != null) {
                throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
            }
            if (sockets == null) {
                throw new IllegalStateException("server " + this + " is closed");
            }
            startServing();
            servingForeverFuture = loop.createFuture();
            try {
                Asyncio.await(servingForeverFuture);
            } catch (CancelledError cancelled) {
                try {
                    close();
                    Asyncio.await(waitClosed());
                } catch (Throwable whileClosing) {
                    cancelled.addSuppressed(whileClosing); // the cancellation is what propagates
                }
                throw cancelled;
            } finally {
                servingForeverFuture = null;
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "<Server sockets=" + sockets() + (serving ? " serving" : "") + " clients=" + clients.size() + ">";
    }
}
