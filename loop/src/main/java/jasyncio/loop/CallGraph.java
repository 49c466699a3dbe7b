package jasyncio.loop;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * asyncio's graph.py (3.14): who awaits whom. A task's own stack is where its coroutine is
 * suspended ({@link Task#getStack()}); who awaits a future is found through its done
 * callbacks: a task's wakeup is that task, and a gather, shield or wait_for in between is
 * seen through to the tasks that await it.
 */
public final class CallGraph {
    private CallGraph() {
    }

    /**
     * The call graph of {@code future} (asyncio.capture_call_graph(future)). For the task
     * running now, its stack is the caller's current stack.
     */
    public static FutureCallGraph capture(Future<?> future) {
        if (future == null) {
            throw new NullPointerException("capture needs a future; captureCurrent() is for the running task");
        }
        EventLoop loop = EventLoop.runningLoopOrNull();
        if (loop != null && future == loop.currentTask()) {
            return captureCurrent();
        }
        return build(future, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** The call graph of the running task from where this is called, or null outside any task. */
    public static FutureCallGraph captureCurrent() {
        EventLoop loop = EventLoop.runningLoopOrNull();
        if (loop == null) {
            throw new IllegalStateException("captureCurrent() is called outside of a running event loop and no future to introspect was provided");
        }
        Task<?> task = loop.currentTask();
        if (task == null) {
            return null;
        }
        Set<Future<?>> path = Collections.newSetFromMap(new IdentityHashMap<>());
        path.add(task);
        return new FutureCallGraph(task, ownFrames(new Throwable().getStackTrace()), awaitedBy(task, path));
    }

    private static FutureCallGraph build(Future<?> future, Set<Future<?>> path) {
        path.add(future);
        List<StackTraceElement> stack = future instanceof Task<?> task ? ownFrames(task.getStack()) : List.of();
        FutureCallGraph graph = new FutureCallGraph(future, stack, awaitedBy(future, path));
        path.remove(future);
        return graph;
    }

    private static List<FutureCallGraph> awaitedBy(Future<?> future, Set<Future<?>> path) {
        List<Task<?>> awaiters = new ArrayList<>();
        collectAwaiters(future, awaiters, Collections.newSetFromMap(new IdentityHashMap<>()));
        List<FutureCallGraph> graphs = new ArrayList<>(awaiters.size());
        for (Task<?> awaiter : awaiters) {
            if (!path.contains(awaiter)) { // tasks that await each other would otherwise recurse forever
                graphs.add(build(awaiter, path));
            }
        }
        return graphs;
    }

    /** The tasks waiting for {@code future}, directly or through futures in between. */
    private static void collectAwaiters(Future<?> future, List<Task<?>> tasks, Set<Future<?>> seen) {
        for (Object callback : future.doneCallbacks()) {
            if (callback instanceof AwaitingCallback link) {
                Future<?> awaiter = link.awaiter();
                if (awaiter == null || !seen.add(awaiter)) {
                    continue;
                }
                if (awaiter instanceof Task<?> task) {
                    tasks.add(task);
                } else {
                    collectAwaiters(awaiter, tasks, seen);
                }
            }
        }
    }

    /**
     * The frames of the task's own code, innermost first: those below the suspension point
     * (above it is the mechanism that parks the coroutine) and above the body's start (below
     * it is the loop running the task), without the coroutine machinery or this class.
     */
    private static List<StackTraceElement> ownFrames(StackTraceElement[] stack) {
        int start = 0;
        for (int i = 0; i < stack.length; i++) {
            if (isFrame(stack[i], Coroutine.class, "suspend")) {
                start = i + 1;
                break;
            }
        }
        List<StackTraceElement> frames = new ArrayList<>(stack.length - start);
        for (int i = start; i < stack.length; i++) {
            StackTraceElement frame = stack[i];
            if (isFrame(frame, Coroutine.class, "runBody")) {
                break;
            }
            boolean graphCall = frame.getClassName().equals(CallGraph.class.getName())
                    || (frame.getClassName().equals(Asyncio.class.getName()) && frame.getMethodName().endsWith("CallGraph"));
            if (!graphCall && !CallbackNames.isCoroutineMachinery(frame)) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private static boolean isFrame(StackTraceElement frame, Class<?> type, String method) {
        return frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method);
    }

    /** The graph as text, as asyncio.format_call_graph writes it. */
    public static String format(FutureCallGraph graph) {
        if (graph == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        render(graph, lines, 0);
        return String.join("\n", lines);
    }

    private static void render(FutureCallGraph graph, List<String> lines, int level) {
        String indent = "    ".repeat(level);
        String id = "0x" + Integer.toHexString(System.identityHashCode(graph.future()));
        lines.add(indent + (graph.future() instanceof Task<?> task
                ? "* Task(name='" + task.getName() + "', id=" + id + ")"
                : "* Future(id=" + id + ")"));
        if (!graph.callStack().isEmpty()) {
            lines.add(indent + "  + Call stack:");
            for (StackTraceElement frame : graph.callStack()) {
                String type = frame.getClassName();
                lines.add(indent + "  |   File '" + frame.getFileName() + "', line " + frame.getLineNumber() + ", in "
                        + type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName() + "()");
            }
        }
        if (!graph.awaitedBy().isEmpty()) {
            lines.add(indent + "  + Awaited by:");
            for (FutureCallGraph awaiter : graph.awaitedBy()) {
                render(awaiter, lines, level + 1);
            }
        }
    }

    /** Prints the graph of {@code future} (null: the running task) to {@code out}. */
    public static void print(Future<?> future, PrintStream out) {
        FutureCallGraph graph = future == null ? captureCurrent() : capture(future);
        if (graph != null) {
            out.println(format(graph));
        }
    }
}
