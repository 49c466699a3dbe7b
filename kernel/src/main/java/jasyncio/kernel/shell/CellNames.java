package jasyncio.kernel.shell;

import jasyncio.loop.AsyncCallable;
import jasyncio.loop.CodeNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loop's reports in the notebook's words ({@link CodeNames}, installed by the interpreter): a
 * coroutine {@code async(...)} makes in a cell is named after the cell and line that made it
 * ({@code Cell In[3], line 2}, or {@code worker at Cell In[2], line 4} when a method declared in a
 * cell made it), so task reprs say {@code coro=<coroutine Cell In[3], line 2 suspended>} rather
 * than the class of a lambda JShell compiled; a frame of a cell is named the same way in debug
 * mode's reprs and creation stacks; and {@link #userFrames} gives %tasks the user's frames of a
 * suspended task. JShell's maps are read on the interpreter's thread only: a coroutine made on
 * another thread keeps the loop's default name.
 */
final class CellNames implements CodeNames {
    /** Names remembered by frame (class, line, method); cleared when it grows past this. */
    private static final int CACHE_LIMIT = 4096;
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final CellPlaces places;
    private final Traceback traceback;
    private final Thread owner;
    private final Map<String, String> coroutineNames = new HashMap<>();

    CellNames(CellPlaces places, Traceback traceback, Thread owner) {
        this.places = places;
        this.traceback = traceback.plain();
        this.owner = owner;
    }

    @Override
    public String coroutineName(AsyncCallable<?> body) {
        if (Thread.currentThread() != owner) {
            return null;
        }
        Optional<StackTraceElement> caller = WALKER.walk(frames -> frames
                .dropWhile(f -> f.getClassName().startsWith("jasyncio.loop.") || f.getClassName().equals(CellNames.class.getName()))
                .limit(1)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .findFirst());
        if (caller.isEmpty() || !CellPlaces.isSnippetFrame(caller.get())) {
            return null;
        }
        StackTraceElement frame = caller.get();
        String key = frame.getClassName() + ':' + frame.getLineNumber() + ':' + frame.getMethodName();
        String name = coroutineNames.get(key);
        if (name == null) {
            CellPlaces.Place place = places.of(frame);
            if (place == null || place.cell() == null) {
                return null;
            }
            boolean named = !place.method().isEmpty() && !place.method().startsWith("lambda");
            name = (named ? place.method() + " at " : "") + place.label();
            if (coroutineNames.size() >= CACHE_LIMIT) {
                coroutineNames.clear();
            }
            coroutineNames.put(key, name);
        }
        return name;
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
