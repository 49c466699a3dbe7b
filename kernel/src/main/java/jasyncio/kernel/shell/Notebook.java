package jasyncio.kernel.shell;

import jasyncio.loop.EventLoop;

/**
 * What a cell sees besides the async API and display functions (statically imported in
 * every cell): {@code loop()}, the kernel's event loop, the one every cell's Task runs on.
 */
public final class Notebook {
    private static volatile EventLoop kernelLoop;

    private Notebook() {
    }

    /** The running loop; off the loop thread (a thread of your own), the kernel's loop. */
    public static EventLoop loop() {
        EventLoop running = EventLoop.runningLoopOrNull();
        if (running != null) {
            return running;
        }
        EventLoop kernel = kernelLoop;
        if (kernel == null) {
            throw new IllegalStateException("no event loop: loop() works in a notebook cell or a task");
        }
        return kernel;
    }

    static void setKernelLoop(EventLoop loop) {
        kernelLoop = loop;
    }
}
