package jasyncio.loop;

import java.security.CodeSource;
import java.util.Objects;

/** Readable names for callbacks and creation stacks, for Handle.toString and debug reports. */
final class CallbackNames {
    /** How many frames a creation stack keeps (asyncio's DEBUG_STACK_DEPTH). */
    private static final int STACK_DEPTH = 10;
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Where the loop's own classes come from: tests and user code in the same package are not the loop's. */
    private static final CodeSource LOOP_CODE = CallbackNames.class.getProtectionDomain().getCodeSource();

    private CallbackNames() {
    }

    /**
     * A callback whose class overrides toString (Task's step, Future's callbacks) names itself;
     * a lambda is named by the class that wrote it ({@code Demo.lambda}).
     */
    static String describe(Object callback) {
        Class<?> type = callback.getClass();
        if (!type.isSynthetic() && !type.isHidden() && overridesToString(type)) {
            return callback.toString();
        }
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String owner = name.substring(0, lambda);
            return owner.substring(owner.lastIndexOf('.') + 1) + ".lambda";
        }
        return type.getSimpleName().isEmpty() ? name : type.getSimpleName();
    }

    private static boolean overridesToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The caller's stack without the loop's own frames on top: where a handle or task was made. */
    static StackTraceElement[] creationStack() {
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> isLoopClass(frame.getDeclaringClass()))
                .limit(STACK_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    private static boolean isLoopClass(Class<?> type) {
        return type.getPackageName().equals("jasyncio.loop")
                && Objects.equals(type.getProtectionDomain().getCodeSource(), LOOP_CODE);
    }

    /**
     * True for the frames of the coroutine machinery (the continuation, Coroutine, await
     * itself), which say nothing about where user code waits.
     */
    static boolean isCoroutineMachinery(StackTraceElement frame) {
        String type = frame.getClassName();
        return type.startsWith("jdk.internal.vm.") || type.startsWith("java.lang.VirtualThread")
                || type.equals("jasyncio.loop.Coroutine") || type.equals("jasyncio.loop.ContinuationCoroutine")
                || type.equals("jasyncio.loop.ThreadCoroutine")
                || type.equals("jasyncio.loop.Asyncio$RunnableBody")
                || (type.equals("jasyncio.loop.Asyncio") && frame.getMethodName().equals("await"));
    }

    /** One "  at frame" line a frame, joined with newlines (no newline at the end). */
    static String format(StackTraceElement[] stack) {
        CodeNames names = CodeNames.installed();
        StringBuilder out = new StringBuilder();
        for (StackTraceElement e : stack) {
            String place = names == null ? null : names.frame(e);
            out.append(out.isEmpty() ? "" : "\n").append("  at ").append(place != null ? place : e);
        }
        return out.toString();
    }

    /**
     * The debug-mode report of a slow callback (asyncio's _format_handle): a task's step is
     * shown as the task, with where the task was made; any other handle as itself, with
     * where it was scheduled.
     */
    static String slowCallback(Handle handle, double seconds) {
        Task<?> task = Task.ownerOf(handle.callbackObject());
        StringBuilder out = new StringBuilder("Executing ").append(task != null ? task : handle)
                .append(String.format(" took %.3f seconds", seconds));
        StackTraceElement[] origin = task != null ? task.sourceTraceback : handle.sourceTraceback;
        if (origin != null) {
            out.append('\n').append(task != null ? "task" : "handle").append(" created at (most recent call first):\n")
                    .append(format(origin));
        }
        return out.toString();
    }
}
