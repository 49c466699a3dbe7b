package jasyncio.kernel.wire;

import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.ZMQ;

/**
 * The sends of one socket-owning thread (iopub, transport) that wait for room when the heap is
 * full, rather than lose the message at once: a cell filled the heap, and what it allocated is
 * freed when it ends, a thread of its may let go of what it holds, or the kernel lets go of its
 * compilers' caches. The message is often what a client waits for (the status that ends a cell,
 * an execute_reply): worth the wait. Not thread-safe: one instance per sending thread.
 */
final class PatientSender {
    /** How long a message waits for room before it is given up. */
    static final long FULL_HEAP_PATIENCE_NANOS = 5_000_000_000L;
    private static final long RETRY_NANOS = 20_000_000L;
    private static final int REFUSED = -1;

    private final String what;
    private final Consumer<String> log;
    /** Messages given up for a full heap since the log last said so. */
    private long lost;

    /** {@code what}: the messages' name in the log line ("iopub", "shell/control/stdin"). */
    PatientSender(String what, Consumer<String> log) {
        this.what = what;
        this.log = log;
    }

    /**
     * Writes all frames (never blocking: DONTWAIT; ROUTER and PUB drop at the high-water mark or
     * for an unknown peer). A frame that cannot be made for want of heap is tried again, from that
     * frame (those before it are in the socket), every 20 ms for {@link #FULL_HEAP_PATIENCE_NANOS};
     * then the message is lost, and the log says so once there is room to say it.
     */
    void send(ZMQ.Socket socket, List<byte[]> frames) {
        int next = 0;
        long deadline = 0;
        while ((next = sendFrom(socket, frames, next)) != REFUSED && next < frames.size()) {
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + FULL_HEAP_PATIENCE_NANOS;
            } else if (now - deadline > 0) {
                lost++;
                return;
            }
            LockSupport.parkNanos(RETRY_NANOS);
        }
        if (lost > 0) {
            try {
                log.accept("jasyncio: " + lost + " " + what + " message(s) lost: the heap stayed full for "
                        + FULL_HEAP_PATIENCE_NANOS / 1_000_000_000L + " s while they waited to be sent");
                lost = 0;
            } catch (OutOfMemoryError stillFull) {
                // said after the next message sent
            }
        }
    }

    /** Sends frames from {@code from} on: the index of the first one not made for want of heap, the size when all went, REFUSED when the socket refused one. */
    private static int sendFrom(ZMQ.Socket socket, List<byte[]> frames, int from) {
        int last = frames.size() - 1;
        for (int i = from; i <= last; i++) {
            boolean sent;
            try {
                sent = socket.send(frames.get(i), i < last ? ZMQ.SNDMORE | ZMQ.DONTWAIT : ZMQ.DONTWAIT);
            } catch (OutOfMemoryError full) {
                return i;
            }
            if (!sent) {
                return REFUSED; // as SocketIo.send: the rest of this message is not sent
            }
        }
        return frames.size();
    }
}
