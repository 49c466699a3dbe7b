package jasyncio.kernel.wire;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send and receive that never block the owning thread. */
final class SocketIo {
    private SocketIo() {
    }

    /**
     * The next whole multipart message, or null if none is queued. ZeroMQ delivers the parts of
     * a message together, so once the first part is here the rest are too.
     */
    static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            byte[] next = socket.recv(0);
            if (next == null) {
                break; // context terminated mid-message: return what we have, decode rejects it
            }
            frames.add(next);
        }
        return frames;
    }

    /**
     * Writes all frames. ROUTER and PUB never block on send (at the high-water mark, or for an
     * unknown peer, they drop), and DONTWAIT makes sure of it.
     */
    static boolean send(ZMQ.Socket socket, List<byte[]> frames) {
        int last = frames.size() - 1;
        for (int i = 0; i < last; i++) {
            if (!socket.send(frames.get(i), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                return false;
            }
        }
        return socket.send(frames.get(last), ZMQ.DONTWAIT);
    }
}
