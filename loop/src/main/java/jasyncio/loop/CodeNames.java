package jasyncio.loop;

/**
 * How the loop's reports name the user's code, for an embedder that knows better than class
 * names and line numbers: a notebook kernel, whose users wrote cells, not classes such as
 * {@code REPL.$JShell$36}. By default (none installed) a coroutine made without a name is
 * described by the class of its body, and a frame is printed as it is.
 *
 * <p>Installed once per process with {@link #install}; the loop calls it where it names code:
 * a coroutine {@code async(body)} makes without a name (on the thread that makes it, so the
 * embedder may look at the caller's stack), where a suspended coroutine waits (debug mode's
 * task repr), and the frames of a creation stack. Each method may return null for "no better
 * name". No embedder installed costs one volatile read.
 */
public interface CodeNames {
    /**
     * A name for a coroutine made by {@code async(body)} without one, called where it is made
     * (on the thread that makes it), or null; {@code body} is the lambda or object given to
     * async. Called for every such coroutine: an embedder names once per body class, not per call.
     */
    String coroutineName(Object body);

    /** A frame of user code in words (e.g. "Cell In[3], line 2"), or null to print the frame as it is. */
    String frame(StackTraceElement frame);

    /** Installs the naming (null removes it). */
    static void install(CodeNames names) {
        InstalledCodeNames.names = names;
    }

    /** The naming installed now, or null. */
    static CodeNames installed() {
        return InstalledCodeNames.names;
    }
}

/** Where the installed naming is kept (an interface cannot have a mutable field of its own). */
final class InstalledCodeNames {
    static volatile CodeNames names;

    private InstalledCodeNames() {
    }
}
