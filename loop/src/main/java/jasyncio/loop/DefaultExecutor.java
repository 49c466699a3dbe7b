package jasyncio.loop;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's default executor (BaseEventLoop._default_executor): the thread pool that
 * {@code runInExecutor(null, ...)} and {@code toThread} use, made on first use, of daemon
 * threads named {@code asyncio_N}, as many as CPython's ThreadPoolExecutor allows
 * (min(32, cores + 4)). Shut down, without waiting, when the loop closes; with waiting by
 * {@link #shutdown}, which {@link Runner#close()} awaits before closing the loop.
 */
final class DefaultExecutor {
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final EventLoop loop;
    private ExecutorService executor;
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
        executor = replacement;
    }

    private static ExecutorService newPool() {
        int workers = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
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
