package jasyncio.kernel.shell;

import java.lang.reflect.Method;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds back JShell's indexing of the class path while the kernel starts. JShell's
 * {@code SourceCodeAnalysisImpl} indexes every class of the JDK's modules and the class path
 * (for completion suggestions) on a thread of its own from the moment it is made; profiled with
 * JFR, that thread took some 40% of the kernel's CPU samples between launch and the first
 * cell's result, on a 2-core machine where JShell's start and the first cell had to share the
 * cores with it. JShell itself suspends that indexing during each eval and completion
 * ({@code suspendIndexing}/{@code resumeIndexing}, a count), but between paths only, and the
 * whole JDK is one path. The hold adds one to that count until {@link #release} (once the
 * warm-up is over or the first request answered): completions asked meanwhile lack only the
 * suggestions of classes not imported, as they do while the index is being built anyway.
 *
 * <p>Reached by deep reflection (the kernel jar's manifest opens jdk.jshell); when it cannot be,
 * nothing is held and JShell indexes at once, as it does without the kernel.
 */
final class IndexingHold {
    private final Object analysis;
    private final Method resume;
    private boolean held;

    private IndexingHold(Object analysis, Method resume, boolean held) {
        this.analysis = analysis;
        this.resume = resume;
        this.held = held;
    }

    /** Holds the indexing of this analysis (call it right after {@code jshell.sourceCodeAnalysis()}). */
    static IndexingHold hold(SourceCodeAnalysis analysis) {
        try {
            Method suspend = analysis.getClass().getMethod("suspendIndexing");
            Method resume = analysis.getClass().getMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            suspend.invoke(analysis);
            return new IndexingHold(analysis, resume, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new IndexingHold(analysis, null, false);
        }
    }

    /** Lets the indexing go on; later calls do nothing. On the thread that holds the interpreter. */
    void release() {
        if (!held) {
            return;
        }
        held = false;
        try {
            resume.invoke(analysis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // JShell indexes no more; completion still offers what the compiler sees
        }
    }

    boolean isHeld() {
        return held;
    }
}
