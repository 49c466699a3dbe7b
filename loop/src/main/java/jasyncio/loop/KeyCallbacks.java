package jasyncio.loop;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * The reader and writer of one channel, attached to its SelectionKey: asyncio keeps the
 * same pair as {@code key.data = (reader, writer)}. One reader and one writer per channel;
 * the interest ops of the key always say which of the two are registered.
 *
 * <p>"Read" means OP_READ, or OP_ACCEPT for a listening channel; "write" means OP_WRITE,
 * plus OP_CONNECT for a SocketChannel, whose connect completes as OP_CONNECT (asyncio
 * waits for a connect with a writer, as a select() reports it writable).
 */
final class KeyCallbacks {
    final SelectionKey key;
    private final int readOps;
    private final int writeOps;
    private Handle reader;
    private Handle writer;

    KeyCallbacks(SelectionKey key, SelectableChannel channel) {
        this.key = key;
        int valid = channel.validOps();
        this.readOps = valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        this.writeOps = valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    }

    /** Sets the reader (or the writer) and the key's interest to match; returns the one it replaces. */
    Handle replace(boolean forWriting, Handle handle) {
        Handle previous = forWriting ? writer : reader;
        if (forWriting) {
            writer = handle;
        } else {
            reader = handle;
        }
        updateInterest();
        return previous;
    }

    /** Brings the key's interest ops in line with the registered callbacks (asyncio's selector.modify). */
    private void updateInterest() {
        int ops = (reader != null ? readOps : 0) | (writer != null ? writeOps : 0);
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /**
     * The channel is ready: append its reader and/or writer Handle to the loop's ready queue
     * (asyncio's _process_events). A handle cancelled by its owner unregisters itself here.
     */
    void ready(EventLoop loop) {
        if (!key.isValid()) {
            return; // closed while the selector was reporting it
        }
        int ops = key.readyOps();
        if ((ops & readOps) != 0 && reader != null && !schedule(loop, reader, key)) {
            replace(false, null);
        }
        if ((ops & writeOps) != 0 && writer != null && !schedule(loop, writer, key)) {
            replace(true, null);
        }
    }

    /** Appends the handle to the ready queue unless it was cancelled; says which. */
    private static boolean schedule(EventLoop loop, Handle handle, SelectionKey key) {
        if (handle.isCancelled()) {
            return false;
        }
        loop.addReadyHandle(handle, key.channel());
        return true;
    }
}
