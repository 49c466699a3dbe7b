package jasyncio.kernel.wire;

import java.util.List;
import java.util.function.Consumer;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The heartbeat: a REP socket on its own thread that echoes every ping, frame for frame, so the
 * front end sees the kernel alive while a cell keeps the other threads busy. Blocks in a poller
 * over the socket and a wake-up pipe used only to stop it.
 */
final class HeartbeatLoop implements Runnable {
    private final ZContext context;
    private final ZMQ.Socket rep;
    private final Consumer<String> log;
    private final Runnable onExit;
    private final WakeupPipe wakeup = new WakeupPipe();
    private volatile boolean stopping;

    HeartbeatLoop(ZContext context, ZMQ.Socket rep, Consumer<String> log, Runnable onExit) {
        this.context = context;
        this.rep = rep;
        this.log = log;
        this.onExit = onExit;
    }

    Thread start() {
        Thread t = new Thread(this, "jasyncio-heartbeat");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void stop() {
        stopping = true;
        wakeup.signal();
    }

    /**
     * Echoes one ping. While a cell's variables hold the whole heap, receiving or sending can
     * fail with OutOfMemoryError: a ping not received is read again on the next poll, and the
     * echo is tried again until there is room, since REP cannot receive before it has answered.
     */
    private void echo() {
        List<byte[]> ping;
        try {
            ping = SocketIo.receive(rep);
        } catch (OutOfMemoryError full) {
            return;
        }
        while (ping != null && !stopping) {
            try {
                SocketIo.send(rep, ping);
                return;
            } catch (OutOfMemoryError full) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
        }
    }

    @Override
    public void run() {
        ZMQ.Poller poller = context.createPoller(2);
        try {
            poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
            int repIndex = poller.register(rep, ZMQ.Poller.POLLIN);
            while (!stopping) {
                Thread.interrupted(); // an interrupted selector would spin; nothing here uses interrupts
                poller.poll(-1);
                if (stopping) {
                    break;
                }
                if (poller.pollin(repIndex)) {
                    echo();
                }
            }
        } catch (RuntimeException e) {
            log.accept("jasyncio: heartbeat thread failed: " + e);
        } finally {
            try {
                poller.close();
                rep.close();
                wakeup.close();
            } finally {
                onExit.run();
            }
        }
    }
}
