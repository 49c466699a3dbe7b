package jasyncio.loop;

/**
 * A done callback through which some future waits for the one it is added to: a task's
 * wakeup, a gather's child callback, a shield's link. The call graph follows these from a
 * future to the tasks that await it (what CPython 3.14 records as _asyncio_awaited_by),
 * at no cost until a graph is asked for.
 */
interface AwaitingCallback {
    /** The future that waits: a Task, or a future (a gather, a shield) that tasks await in turn. */
    Future<?> awaiter();
}
