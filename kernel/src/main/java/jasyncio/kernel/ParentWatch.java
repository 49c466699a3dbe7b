package jasyncio.kernel;

/**
 * Shuts the kernel down when the process that started it is gone, as ipykernel's parent poller
 * does: jupyter_client sets JPY_PARENT_PID for a kernel it manages, and a manager that was
 * killed (a notebook server, a test run) cannot send shutdown_request any more; the kernel
 * would otherwise run on alone, keeping its ports. The kernel is then reparented (to init or a
 * subreaper): a change of parent is the sign, checked every {@link #POLL_MILLIS}.
 */
final class ParentWatch {
    static final long POLL_MILLIS = 1000;

    private ParentWatch() {
    }

    /** Starts watching when JPY_PARENT_PID is set; {@code onOrphaned} runs once, on the watch thread. */
    static void start(Runnable onOrphaned) {
        String managed = System.getenv("JPY_PARENT_PID");
        if (managed == null || managed.isBlank() || managed.strip().equals("0")) {
            return; // started by hand, or as an independent kernel: nobody to outlive
        }
        long parent = parentPid();
        Thread.ofPlatform().daemon().name("jasyncio-parent-watch").start(() -> {
            try {
                while (parentPid() == parent) {
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            KernelLog.line("the process that started the kernel (pid " + parent + ") is gone: shutting down");
            onOrphaned.run();
        });
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
