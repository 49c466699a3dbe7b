package jasyncio.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the kernel process after shutdown_request: stop the running cell, let the loop thread
 * cancel what is left (so finally blocks run), then close the sockets (their linger sends the
 * shutdown_reply) and exit. A cell that will not stop in time does not keep the process alive.
 */
final class Shutdown {
    static final long LOOP_GRACE_MILLIS = 2000;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch loopFinished = new CountDownLatch(1);
    private final Runnable closeTransport;

    Shutdown(Runnable closeTransport) {
        this.closeTransport = closeTransport;
    }

    /** Called on the control thread once the shutdown_reply is queued. */
    void begin(Kernel kernel) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().name("jasyncio-shutdown").start(() -> {
            kernel.interruptRunningCell();
            kernel.stopServing();
            if (!kernel.startedServing()) {
                // Still making JShell (a second or so): no cell ran, so there is nothing to clean up.
                KernelLog.line("shutdown before the interpreter was ready: exiting without waiting for it");
            } else {
                awaitLoopFinished();
            }
            closeTransport.run();
            Runtime.getRuntime().halt(0); // hooks of cell code must not keep a dying kernel alive
        });
    }

    private void awaitLoopFinished() {
        try {
            if (!loopFinished.await(LOOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                KernelLog.line("the loop thread did not finish within " + LOOP_GRACE_MILLIS + " ms; exiting anyway");
            }
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isStarted() {
        return started.get();
    }

    /** The loop thread is done: its tasks are cancelled and the interpreter closed. */
    void loopFinished() {
        loopFinished.countDown();
    }
}
