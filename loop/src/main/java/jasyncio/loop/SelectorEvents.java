package jasyncio.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The I/O half of asyncio's BaseSelectorEventLoop (selector_events.py): readers and writers
 * of channels on the loop's Selector, and the transports that own channels.
 *
 * <p>A channel whose last callback is removed keeps its SelectionKey, with no interest
 * (asyncio unregisters it instead). Cancelling the key would make registering the channel
 * again fail until the next select, and the JDK's epoll selector takes a key with no
 * interest out of the kernel's set anyway. The key goes when the channel is closed.
 */
final class SelectorEvents {
    /** How much a transport reads at once (asyncio's _SelectorSocketTransport.max_size). */
    static final int MAX_READ_SIZE = 256 * 1024;

    private final EventLoop loop;
    /** The channels transports own (asyncio's loop._transports): the public addReader refuses them. */
    private final Map<SelectableChannel, Transport> transports = new IdentityHashMap<>();
    /** One direct buffer the loop thread reads into, shared by every transport: reads never overlap. */
    private ByteBuffer readBuffer;

    SelectorEvents(EventLoop loop) {
        this.loop = loop;
    }

    // ---- readers and writers (asyncio's _add_reader, _remove_reader, _add_writer, _remove_writer) ----

    Handle addReader(SelectableChannel channel, Runnable callback) {
        return add(channel, callback, false);
    }

    Handle addWriter(SelectableChannel channel, Runnable callback) {
        return add(channel, callback, true);
    }

    /** Removes the channel's reader; returns whether one was registered. */
    boolean removeReader(SelectableChannel channel) {
        return remove(channel, false);
    }

    /** Removes the channel's writer; returns whether one was registered. */
    boolean removeWriter(SelectableChannel channel) {
        return remove(channel, true);
    }

    /** A new Handle for the callback takes the place of the channel's reader or writer, which is cancelled. */
    private Handle add(SelectableChannel channel, Runnable callback, boolean writer) {
        KeyCallbacks callbacks = callbacksOf(channel);
        Handle handle = new Handle(loop, callback, null, null);
        Handle previous = callbacks.replace(writer, handle);
        if (previous != null) {
            previous.cancel();
        }
        return handle;
    }

    private boolean remove(SelectableChannel channel, boolean writer) {
        KeyCallbacks callbacks = existingCallbacksOf(channel);
        if (loop.isClosed() || callbacks == null) {
            return false;
        }
        Handle previous = callbacks.replace(writer, null);
        if (previous == null) {
            return false;
        }
        previous.cancel();
        return true;
    }

    private KeyCallbacks callbacksOf(SelectableChannel channel) {
        if (loop.isClosed()) {
            throw new IllegalStateException("Event loop is closed");
        }
        KeyCallbacks callbacks = existingCallbacksOf(channel);
        if (callbacks != null) {
            return callbacks;
        }
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the channel must be non-blocking: " + channel);
        }
        try {
            SelectionKey key = channel.register(loop.selector(), 0);
            callbacks = new KeyCallbacks(key, channel);
            key.attach(callbacks);
            return callbacks;
        } catch (IllegalBlockingModeException e) {
            throw new IllegalArgumentException("the channel must be non-blocking: " + channel, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register " + channel + " with the loop's selector", e);
        }
    }

    private KeyCallbacks existingCallbacksOf(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(loop.selector());
        return key != null && key.attachment() instanceof KeyCallbacks callbacks ? callbacks : null;
    }

    /**
     * Closes the channel now. The JDK defers closing a registered channel until the
     * selector drops its key on the next select, which may be long in coming when the loop
     * stops (a notebook between cells) and a listening socket would accept meanwhile. A
     * select that only flushes cancelled keys closes it at once; the readiness it sees is
     * left alone, to be reported again by the loop's own select.
     */
    void close(SelectableChannel channel) throws IOException {
        boolean registered = channel.keyFor(loop.selector()) != null;
        channel.close();
        if (registered && !loop.isClosed()) {
            loop.selector().selectNow(ignored -> { });
        }
    }

    // ---- transports ----

    void attachTransport(SelectableChannel channel, Transport transport) {
        transports.put(channel, transport);
    }

    void detachTransport(SelectableChannel channel) {
        transports.remove(channel);
    }

    /** asyncio's _ensure_fd_no_transport: a channel a live transport owns is not for callbacks of others. */
    void ensureNoTransport(SelectableChannel channel) {
        Transport transport = transports.get(channel);
        if (transport != null && !transport.isClosing()) {
            throw new IllegalStateException("Channel " + channel + " is used by transport " + transport);
        }
    }

    /** The loop's read buffer, cleared, made on first use (a direct buffer: the JDK reads into it without a copy). */
    ByteBuffer readBuffer() {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(MAX_READ_SIZE);
        }
        return readBuffer.clear();
    }
}
