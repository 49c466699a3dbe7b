package jasyncio.loop;

/**
 * What {@link EventLoop#createTask} uses to make a Task, once set with
 * {@link EventLoop#setTaskFactory} (asyncio's task factory). {@code Asyncio::eagerTaskFactory}
 * is one: its tasks start running inside createTask.
 */
@FunctionalInterface
public interface TaskFactory {
    /** A task for {@code coro} on {@code loop}; {@code name} may be null. */
    Task<?> createTask(EventLoop loop, Coroutine<?> coro, String name);
}
