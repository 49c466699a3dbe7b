package jasyncio.kernel.shell;

import java.io.File;
import jdk.jshell.JShell;

/**
 * Gives JShell fresh javac contexts every {@link #EVALS_PER_CONTEXT} evaluations, so that a long
 * session's memory and round trip stay flat.
 *
 * <p>JShell compiles each snippet in a javac context it takes from a pool and reuses
 * (JavacTaskPool). A reused context keeps, in ArgumentAttr's cache of argument types, the entries
 * of speculative attributions that were never completed, as JShell's analysis of
 * {@code var t = createTask(async(() -> ...))} leaves them; each entry holds its whole
 * compilation unit, i.e. the symbols of one import per declaration of the session. Measured on
 * the soak's cells: 480 MB live after 1,500 cells without recycling, 210 MB with it. JShell makes
 * a new pool when its class path changes, so adding an entry the class path already has drops
 * the old contexts and nothing else: the next compilations take a new context (about 100 ms once).
 */
final class CompilerRecycler {
    static final int EVALS_PER_CONTEXT = 256;

    private final JShell jshell;
    /** An entry already on the compiler's class path (java.class.path), or null: then nothing is recycled. */
    private final String anchor;
    private final int evalsPerContext;
    private int evalsSinceRecycled;
    private int recycled;

    CompilerRecycler(JShell jshell, int evalsPerContext) {
        this.jshell = jshell;
        this.evalsPerContext = evalsPerContext;
        this.anchor = classPathEntry();
    }

    /** Counts one JShell evaluation. */
    void evaluated() {
        evalsSinceRecycled++;
    }

    /** Between cells: replaces the contexts once {@code evalsPerContext} evaluations used them. */
    void recycleIfDue() {
        if (evalsSinceRecycled >= evalsPerContext && anchor != null) {
            jshell.addToClasspath(anchor);
            evalsSinceRecycled = 0;
            recycled++;
        }
    }

    /** Null while contexts are recycled; else why not, in words for the kernel's log and %loop. */
    String whyOff() {
        return anchor != null ? null : "the compiler's class path (java.class.path) is empty, so JShell's javac contexts"
                + " are never replaced: their caches grow over a long session (see CompilerRecycler)";
    }

    /** How many times the contexts were replaced. */
    int recycled() {
        return recycled;
    }

    /** The first entry of the class path JShell's compiler starts from. */
    static String classPathEntry() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                return entry;
            }
        }
        return null;
    }
}
