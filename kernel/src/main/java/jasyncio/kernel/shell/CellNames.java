package jasyncio.kernel.shell;

import jasyncio.loop.CodeNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The loop's reports in the notebook's words ({@link CodeNames}, installed by the interpreter): a
 * coroutine {@code async(...)} makes in a cell is named after the cell and line that made it
 * ({@code Cell In[3], line 2}, or {@code worker at Cell In[2], line 4} when a method declared in a
 * cell made it; a body made into coroutines in several places is named after the first), so task reprs say {@code coro=<coroutine Cell In[3], line 2 suspended>} rather
 * than the class of a lambda JShell compiled; a frame of a cell is named the same way in debug
 * mode's reprs and creation stacks; and {@link #userFrames} gives %tasks the user's frames of a
 * suspended task. JShell's maps are read on the interpreter's thread only: a coroutine made on
 * another thread keeps the loop's default name.
 */
final class CellNames implements CodeNames {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final CellPlaces places;
    private final Traceback traceback;
    private final Thread owner;

    CellNames(CellPlaces places, Traceback traceback, Thread owner) {
        this.places = places;
        this.traceback = traceback.plain();
        this.owner = owner;
    }

    /**
     * Named once per body class (a lambda's class is its place in the source): where the first
     * coroutine of it was made, found by a walk up the stack. Later ones cost a class-name check
     * and a ClassValue lookup (measured: a walk for each coroutine made them 30 times dearer).
     */
    @Override
    public String coroutineName(Object body) {
        Class<?> type = body.getClass();
        if (!type.getName().startsWith(JShellInternals.REPL_PACKAGE_PREFIX) || Thread.currentThread() != owner) {
            return null; // not the user's cell code, or off the thread where JShell's maps may be read
        }
        return namesByBody.get(type);
    }

    /** Per body class: the name of the first coroutine made of it (null when it was not made in a cell). */
    private final ClassValue<String> namesByBody = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return nameFromCaller();
        }
    };

    /** "Cell In[3], line 2", or "worker at Cell In[2], line 4": the cell frame that called async(...). */
    private String nameFromCaller() {
        Optional<StackTraceElement> caller = WALKER.walk(frames -> frames
                .dropWhile(f -> !CellPlaces.isSnippetFrameName(f.getClassName()))
                .limit(1)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .findFirst());
        if (caller.isEmpty()) {
            return null;
        }
        CellPlaces.Place place = places.of(caller.get());
        if (place == null || place.cell() == null) {
            return null;
        }
        boolean named = !place.method().isEmpty() && !place.method().startsWith("lambda");
        return (named ? place.method() + " at " : "") + place.label();
    }

    @Override
    public String frame(StackTraceElement frame) {
        if (Thread.currentThread() != owner || !CellPlaces.isSnippetFrame(frame)) {
            return null;
        }
        CellPlaces.Place place = places.of(frame);
        return place.label() + (place.method().isEmpty() ? "" : ", in " + place.method());
    }

    /**
     * The user's frames of a stack, outermost first, one line each ("Cell In[3], line 2, in
     * worker: await(sleep(1));"): the loop's, the kernel's and the JDK's frames left out.
     */
    List<String> userFrames(StackTraceElement[] stack) {
        List<StackTraceElement> frames = new ArrayList<>(Arrays.asList(stack));
        java.util.Collections.reverse(frames);
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            if (!(c.startsWith("jasyncio.") || c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) {
                out.add(traceback.oneLine(f));
            }
        }
        return out;
    }
}
