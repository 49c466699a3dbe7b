package jasyncio.loop;

import java.util.List;

/**
 * asyncio.FutureCallGraph (3.14's graph.py): a future or task, the frames where it is
 * suspended (innermost first; empty for a plain Future), and the graphs of the tasks that
 * await it.
 */
public record FutureCallGraph(Future<?> future, List<StackTraceElement> callStack, List<FutureCallGraph> awaitedBy) {
    public FutureCallGraph {
        callStack = List.copyOf(callStack);
        awaitedBy = List.copyOf(awaitedBy);
    }
}
