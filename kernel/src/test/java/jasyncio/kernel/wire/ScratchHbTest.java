package jasyncio.kernel.wire;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ScratchHbTest {
    @Test
    void manyPings() throws Exception {
        RecordingHandler h = new RecordingHandler();
        CountDownLatch release = new CountDownLatch(1);
        h.hook = (ch, m) -> { try { release.await(); } catch (InterruptedException e) { } };
        try (KernelServer server = KernelServer.start(ConnectionInfo.withFreePorts("tcp", "127.0.0.1", "k"), h);
             WireClient c = new WireClient(server.connectionInfo(), "c")) {
            c.send(Channel.SHELL, c.request("x"));
            h.next(WireClient.TIMEOUT);
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                c.heartbeat().send(WireClient.utf8("ping " + i));
                byte[] r = c.heartbeat().recv(0);
                System.out.println(i + " " + (r == null ? null : new String(r)) + " " + (System.nanoTime() - t0) / 1000 + "us");
                if (r == null) break;
            }
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().contains("jasyncio") || e.getKey().getName().contains("reaper") || e.getKey().getName().contains("iothread")) {
                    System.out.println(e.getKey().getName());
                    for (var f : e.getValue()) System.out.println("   " + f);
                }
            }
            release.countDown();
        }
    }
}
