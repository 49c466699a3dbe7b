package jasyncio.loop;

import java.util.function.Consumer;

/**
 * asyncio.StreamReaderProtocol (streams.py): the Protocol between a transport and a
 * {@link StreamReader}. It feeds the reader what arrives; on the server side it also makes
 * the {@link StreamWriter} and runs the client-connected coroutine as a Task, closing the
 * connection when that task fails or is cancelled.
 */
public final class StreamReaderProtocol extends FlowControlProtocol {
    private StreamReader reader;
    private final ClientConnectedCallback clientConnected;
    private Transport transport;
    private Task<?> task;
    /** Done when the connection is lost: what StreamWriter.waitClosed awaits. */
    private final Future<Void> closed;

    /** The client side: only feeds the reader. */
    public StreamReaderProtocol(StreamReader reader, EventLoop loop) {
        this(reader, null, loop);
    }

    public StreamReaderProtocol(StreamReader reader, ClientConnectedCallback clientConnected, EventLoop loop) {
        super(loop);
        this.reader = reader;
        this.clientConnected = clientConnected;
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        if (reader != null) {
            reader.setTransport(transport);
        }
        if (clientConnected == null) {
            return;
        }
        StreamWriter writer = new StreamWriter(transport, this, reader);
        Coroutine<?> handler = clientConnected.connected(reader, writer);
        if (handler != null) {
            task = loop.createTask(handler);
            task.addDoneCallback(new CloseOnFailure(transport, loop));
        }
    }

    /** The handler's task ended: cancelled or failed, the connection closes (the failure is reported). */
    private record CloseOnFailure(Transport transport, EventLoop loop) implements Consumer<Future<?>> {
        @Override
        public void accept(Future<?> done) {
            if (done.isCancelled()) {
                transport.close();
                return;
            }
            Throwable exc = done.exception();
            if (exc != null) {
                loop.callExceptionHandler(new ExceptionContext(
                        "Unhandled exception in client_connected_cb\ntransport: " + transport, exc, null, null));
                transport.close();
            }
        }

        @Override
        public String toString() {
            return "StreamReaderProtocol.clientConnectedDone";
        }
    }

    @Override
    public void connectionLost(Throwable exc) {
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(exc);
            }
        }
        if (!closed.isDone()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(exc);
                closed.exception(); // waitClosed raises it; nobody has to, so it is not "never retrieved"
            }
        }
        super.connectionLost(exc);
        reader = null;
        task = null;
        transport = null;
    }

    @Override
    public void dataReceived(byte[] data) {
        if (reader != null) {
            reader.feedData(data);
        }
    }

    /** Feeds EOF and keeps the connection open, so the writer can still write (a half-close). */
    @Override
    public boolean eofReceived() {
        if (reader != null) {
            reader.feedEof();
        }
        return true;
    }

    /** The future StreamWriter.waitClosed awaits. */
    Future<Void> closeWaiter() {
        return closed;
    }

    /** The handler's Task on the server side, or null. */
    public Task<?> handlerTask() {
        return task;
    }

    @Override
    public String toString() {
        return "<StreamReaderProtocol transport=" + transport + ">";
    }
}
