package jasyncio.kernel.shell;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds back JShell's index of the class path until the first completion request, the only
 * request that uses it. JShell's {@code SourceCodeAnalysisImpl} indexes every class of the
 * JDK's modules and the class path (for completing package names and classes not imported) on
 * a thread of its own from the moment it is made. Measured here: that index costs some 1.2 s
 * of CPU and holds some 15 MB of heap for the kernel's life; profiled with JFR, its thread took
 * some 40% of the kernel's CPU samples between launch and the first cell's result, on a 2-core
 * machine where JShell's start and the first cell had to share the cores with it. A kernel
 * nobody asks for a completion (a notebook run through, a lab's lesson) never pays for it; the
 * first completion request lets it go and waits for it, up to {@link #FIRST_WAIT_MILLIS}.
 *
 * <p>JShell itself suspends the indexing during each eval and completion
 * ({@code suspendIndexing}/{@code resumeIndexing}, a count); the hold adds one to that count.
 * The indexing runs on one thread for all the JShells of the JVM, so a held JShell holds the
 * others' too: {@link #release} when the interpreter closes.
 * Reached by deep reflection (the kernel jar's manifest opens jdk.jshell); when it cannot be,
 * nothing is held and JShell indexes at once, as it does without the kernel.
 */
final class IndexingHold {
    /** How long the first completion waits for the index (about a second on an idle machine). */
    static final long FIRST_WAIT_MILLIS = 3000;

    private final Object analysis;
    private final Method resume;
    private final Method waitFinished;
    private boolean held;

    private IndexingHold(Object analysis, Method resume, Method waitFinished, boolean held) {
        this.analysis = analysis;
        this.resume = resume;
        this.waitFinished = waitFinished;
        this.held = held;
    }

    /** Holds the indexing of this analysis (call it right after {@code jshell.sourceCodeAnalysis()}). */
    static IndexingHold hold(SourceCodeAnalysis analysis) {
        try {
            Class<?> type = analysis.getClass();
            Method suspend = type.getMethod("suspendIndexing");
            Method resume = type.getMethod("resumeIndexing");
            Method waitFinished = type.getMethod("waitBackgroundTaskFinished");
            for (Method m : new Method[] {suspend, resume, waitFinished}) {
                m.setAccessible(true);
            }
            suspend.invoke(analysis);
            return new IndexingHold(analysis, resume, waitFinished, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new IndexingHold(analysis, null, null, false);
        }
    }

    /**
     * Lets the indexing go on and waits for it to finish, up to {@code millis}; later calls do
     * nothing. On the thread that holds the interpreter (the loop thread).
     */
    void releaseAndWait(long millis) {
        if (!release()) {
            return;
        }
        CompletableFuture<Void> finished = CompletableFuture.runAsync(() -> {
            try {
                waitFinished.invoke(analysis);
            } catch (ReflectiveOperationException e) {
                // the index comes when it comes
            }
        }, runnable -> Thread.ofVirtual().name("jshell-index-wait").start(runnable));
        try {
            finished.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // completions lack packages and classes not imported until the index is there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the indexing go on, without waiting; whether it was held (and could be let go). */
    boolean release() {
        if (!held) {
            return false;
        }
        held = false;
        try {
            resume.invoke(analysis);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // JShell indexes no more; completion still offers what the compiler sees
        }
    }

    boolean isHeld() {
        return held;
    }
}
