package jasyncio.loop;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * asyncio.TaskGroup (taskgroups.py, with 3.13's exit): structured concurrency. The body
 * creates tasks in the group; the group ends only when all of them are done.
 * <pre>{@code
 * await(taskGroup(tg -> {
 *     tg.createTask(fetch("a"));
 *     tg.createTask(fetch("b"));
 * }));   // both are done here
 * }</pre>
 * The first task to fail (with anything but CancelledError) cancels the others and the
 * body itself: the group cancels its parent task, the body gets CancelledError at its
 * await, and the exit takes that cancel back with {@code uncancel()}, so the code after the
 * group goes on. The failures, the body's own exception among them, are raised together as
 * one {@link ExceptionGroup}. A cancellation from outside is waited through and re-raised.
 *
 * <p>Why no try-with-resources form: the exit must know whether the body raised (to cancel
 * the tasks at once, and to put the body's exception in the group), and Java's close()
 * cannot see that; so the body is a lambda and {@link #run} is the {@code async with}.
 */
public final class TaskGroup {
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private EventLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    /** An Error (Java's BaseException) from the body or a task: it propagates alone. */
    private Throwable baseError;
    /** Released when the last task is done, while the exit waits. */
    private Future<Boolean> onCompletedFut;
    private final Consumer<Future<?>> onTaskDone = new OnTaskDone();

    private TaskGroup() {
    }

    /** {@code async with TaskGroup() as tg: body(tg)}, as a coroutine to await. */
    public static Coroutine<Void> run(AsyncConsumer<TaskGroup> body) {
        if (body == null) {
            throw new NullPointerException("a task group needs a body");
        }
        return Coroutine.create("TaskGroup", () -> {
            TaskGroup group = new TaskGroup();
            group.enter();
            try {
                body.accept(group);
            } catch (Throwable raised) {
                group.exit(raised);
                return null;
            }
            group.exit(null);
            return null;
        });
    }

    /** Creates a task in this group (asyncio's TaskGroup.create_task). */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /**
     * A task in this group that awaits a Java future (a CompletableFuture from
     * {@code HttpClient.sendAsync}): its failure aborts the group like any task's, and the
     * group's abort cancels it, which cancels the Java future ({@code cancel(true)}).
     */
    public <T> Task<T> createTask(CompletionStage<T> stage) {
        if (stage == null) {
            throw new NullPointerException("createTask needs a coroutine or a CompletionStage");
        }
        return createTask(Coroutine.create("wrap_future", () -> Asyncio.await(stage)), null);
    }

    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        String refusal = !entered ? "has not been entered"
                : exiting && tasks.isEmpty() ? "is finished"
                : aborting ? "is shutting down"
                : null;
        if (refusal != null) {
            coro.close();
            throw new IllegalStateException("TaskGroup " + this + " " + refusal);
        }
        Task<T> task = loop.createTask(coro, name);
        if (task.isDone()) {
            onTaskDone.accept(task); // it ran eagerly to its end: nothing to wait for
        } else {
            tasks.add(task);
            task.addDoneCallback(onTaskDone);
        }
        return task;
    }

    /** __aenter__. */
    private void enter() {
        loop = EventLoop.getRunningLoop();
        parentTask = loop.currentTask();
        if (parentTask == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
        }
        entered = true;
    }

    /**
     * __aexit__: waits for every task (cancelling them all first if the body raised), then
     * throws what the group raises; returning normally means nothing is raised.
     */
    private void exit(Throwable raised) {
        exiting = true;
        if (raised != null && isBaseError(raised) && baseError == null) {
            baseError = raised;
        }
        CancelledError propagateCancellation = raised instanceof CancelledError c ? c : null;
        if (raised != null && !aborting) {
            abort(); // the body failed or is being cancelled: its tasks go too
        }
        CancelledError pendingCancellation = null;
        // A loop, because the wait itself can be cancelled, repeatedly, from outside.
        while (!tasks.isEmpty()) {
            if (onCompletedFut == null) {
                onCompletedFut = loop.createFuture();
            }
            try {
                Asyncio.await(onCompletedFut);
            } catch (CancelledError cancelled) {
                pendingCancellation = cancelled;
                if (!aborting) {
                    propagateCancellation = cancelled; // the parent is cancelled while the tasks run
                    abort();
                }
            }
            onCompletedFut = null;
        }
        if (baseError != null) {
            reportErrorsBesides(baseError);
            throw Throwing.sneaky(baseError);
        }
        if (parentCancelRequested) {
            // We cancelled the parent to stop the body: take that back. What is left is not ours.
            if (parentTask.uncancel() == 0) {
                propagateCancellation = null;
            } else if (propagateCancellation == null) {
                propagateCancellation = pendingCancellation;
            }
        }
        if (propagateCancellation != null && errors.isEmpty()) {
            throw propagateCancellation;
        }
        if (raised != null && !(raised instanceof CancelledError)) {
            errors.add(raised);
        }
        if (!errors.isEmpty()) {
            if (parentTask.cancelling() > 0) {
                // Cancelled from outside too: re-arm that cancel so the next await still gets it.
                parentTask.uncancel();
                parentTask.cancel();
            }
            if (raised instanceof CoroutineExit && errors.size() == 1) {
                throw (CoroutineExit) raised; // a closed coroutine's exit, not a failure
            }
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }

    /** Java's Errors play Python's SystemExit and KeyboardInterrupt: never grouped. */
    private static boolean isBaseError(Throwable e) {
        return e instanceof Error && !(e instanceof CancelledError) && !(e instanceof CoroutineExit);
    }

    private void reportErrorsBesides(Throwable propagating) {
        for (Throwable e : errors) {
            if (e != propagating) {
                loop.callExceptionHandler(new ExceptionContext("TaskGroup task exception was not propagated "
                        + "because the TaskGroup body is being closed with an Error", e, null, null));
            }
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    /** _on_task_done: forget the task, and on its failure stop everything else. */
    private final class OnTaskDone implements Consumer<Future<?>>, AwaitingCallback {
        /** A group's tasks are awaited by the task that runs the group (as in 3.14). */
        @Override
        public Future<?> awaiter() {
            return parentTask;
        }

        @Override
        public void accept(Future<?> task) {
            tasks.remove(task);
            if (onCompletedFut != null && tasks.isEmpty() && !onCompletedFut.isDone()) {
                onCompletedFut.setResult(true);
            }
            if (task.isCancelled()) {
                return;
            }
            Throwable failure = task.exception();
            if (failure == null) {
                return;
            }
            errors.add(failure);
            if (isBaseError(failure) && baseError == null) {
                baseError = failure;
            }
            if (parentTask.isDone()) {
                loop.callExceptionHandler(new ExceptionContext("Task " + task + " has errored out but its parent task "
                        + parentTask + " is already completed", failure, null, task));
                return;
            }
            if (!aborting && !parentCancelRequested) {
                // Stop the body where it waits; exit() takes this cancel back with uncancel().
                abort();
                parentCancelRequested = true;
                parentTask.cancel();
            }
        }

        @Override
        public String toString() {
            return "TaskGroup._on_task_done";
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            out.append(" tasks=").append(tasks.size());
        }
        if (!errors.isEmpty()) {
            out.append(" errors=").append(errors.size());
        }
        if (aborting) {
            out.append(" cancelling");
        } else if (entered) {
            out.append(" entered");
        }
        return out.append('>').toString();
    }
}
