package jasyncio.loop;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's default executor (BaseEventLoop._default_executor): what
 * {@code runInExecutor(null, ...)} and {@code toThread} use, made on first use; its threads are
 * named {@code asyncio_N}, as CPython's. Shut down, without waiting, when the loop closes; with
 * waiting by {@link #shutdown}, which {@link Runner#close()} awaits before closing the loop.
 *
 * <p>Two kinds, chosen by the system property {@value #PROPERTY}:
 * <ul>
 * <li>{@code virtual} (the default): a new virtual thread per job, without limit. A job that
 *     blocks (JDBC, a file, {@code Thread.sleep}, a lock) parks its virtual thread and holds no
 *     platform thread, so many tasks can each block in {@code toThread} at once; CPU-bound jobs
 *     share the JDK's carrier threads (one per core). Since JDK 24 {@code synchronized} no longer
 *     pins a virtual thread; native code still does.
 * <li>{@code platform}: CPython's ThreadPoolExecutor, min(32, cores + 4) daemon platform
 *     threads, the rest queued: the choice for jobs that sit in native code.
 * </ul>
 * {@code loop.setDefaultExecutor(executor)} replaces it for one loop (asyncio's
 * set_default_executor).
 */
final class DefaultExecutor {
    /** The system property that chooses the kind: virtual (the default) or platform. */
    static final String PROPERTY = "jasyncio.executor";
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final EventLoop loop;
    private ExecutorService executor;
    /** An executor given with setDefaultExecutor, or null while the loop makes its own. */
    private ExecutorService replacement;
    private boolean shutdownCalled;

    DefaultExecutor(EventLoop loop) {
        this.loop = loop;
    }

    /** The default executor, made now if it is the first use. */
    ExecutorService get() {
        if (shutdownCalled) {
            throw new IllegalStateException("Executor shutdown has been called");
        }
        if (executor == null) {
            executor = newPool();
        }
        return executor;
    }

    void set(ExecutorService replacement) {
        this.replacement = replacement;
        executor = replacement;
    }

    /** True unless the property asks for platform threads. */
    static boolean virtualByDefault() {
        String kind = System.getProperty(PROPERTY, "virtual");
        return !kind.equalsIgnoreCase("platform");
    }

    private static int platformWorkers() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    /** What the default executor is, in words (for %loop and kernel_info). */
    String describe() {
        ExecutorService given = replacement;
        if (given != null) {
            return "set with setDefaultExecutor: " + given;
        }
        return virtualByDefault()
                ? "virtual threads (a new virtual thread per job, named asyncio_N; -D" + PROPERTY
                        + "=platform for CPython's pool of platform threads)"
                : "platform threads (a pool of " + platformWorkers() + " daemon threads named asyncio_N, as CPython's "
                        + "ThreadPoolExecutor; -D" + PROPERTY + "=virtual for a virtual thread per job)";
    }

    private static ExecutorService newPool() {
        if (virtualByDefault()) {
            ThreadFactory virtual = runnable -> Thread.ofVirtual().name("asyncio_" + THREAD_NUMBER.getAndIncrement()).unstarted(runnable);
            return Executors.newThreadPerTaskExecutor(virtual);
        }
        int workers = platformWorkers();
        ThreadFactory daemons = runnable -> {
            Thread t = new Thread(runnable, "asyncio_" + THREAD_NUMBER.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons);
        pool.allowCoreThreadTimeOut(true); // idle threads go away, as the pool's users come and go
        return pool;
    }

    /** At loop close: no new jobs, running ones finish on their own (shutdown(wait=False)). */
    void shutdownWithoutWaiting() {
        ExecutorService e = executor;
        executor = null;
        if (e != null) {
            e.shutdown();
        }
    }

    /**
     * loop.shutdown_default_executor: a coroutine that stops the default executor and waits
     * (at most {@code timeout} seconds, null: no limit) for its threads to finish their jobs.
     * The waiting is done by a helper thread, so the loop keeps running meanwhile.
     */
    Coroutine<Void> shutdown(Double timeout) {
        return Coroutine.create("shutdown_default_executor", () -> {
            shutdownCalled = true;
            ExecutorService e = executor;
            if (e == null) {
                return null;
            }
            Future<Void> finished = loop.createFuture();
            ExternalWork joining = loop.holdExternalWork(); // virtual time waits for the threads, as a real loop does
            Thread joiner = new Thread(() -> {
                try {
                    awaitTermination(e, finished);
                } finally {
                    joining.close();
                }
            }, "asyncio-shutdown-default-executor");
            joiner.setDaemon(true);
            joiner.start();
            try {
                Asyncio.await(WaitFor.waitFor(finished, timeout));
            } catch (TimeoutError late) {
                loop.log("The executor did not finish joining its threads within " + timeout + " seconds.");
                return null;
            }
            joiner.join();
            return null;
        });
    }

    /** On the helper thread: shut down, wait, and report to the loop (_do_shutdown). */
    private void awaitTermination(ExecutorService e, Future<Void> finished) {
        Throwable failure = null;
        try {
            e.shutdown();
            e.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (Throwable t) {
            failure = t;
        }
        Throwable outcome = failure;
        try {
            loop.callSoonThreadsafe(() -> {
                if (!finished.isDone()) {
                    if (outcome == null) {
                        finished.setResult(null);
                    } else {
                        finished.setException(outcome);
                    }
                }
            });
        } catch (IllegalStateException loopClosed) {
            // nobody is waiting any more
        }
    }
}
