package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGroupTest {
    private static Coroutine<Integer> failAfter(double seconds, String message) {
        return async(() -> {
            await(sleep(seconds));
            throw new IllegalStateException(message);
        });
    }

    @Test
    void theGroupEndsWhenEveryTaskIsDone() {
        run(async(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            await(taskGroup(tg -> {
                tasks.add(tg.createTask(sleep(0.02, 1)));
                tasks.add(tg.createTask(sleep(0.01, 2)));
            }));
            assertTrue(tasks.stream().allMatch(Task::isDone));
            assertEquals(1, tasks.get(0).result());
            assertEquals(2, tasks.get(1).result());
        }));
    }

    @Test
    void aFailureCancelsTheSiblingsAndTheBodyAndTheTaskGoesOn() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<?>[] sibling = new Task<?>[1];
            ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> await(taskGroup(tg -> {
                sibling[0] = tg.createTask(async(() -> {
                    try {
                        await(sleep(10));
                    } finally {
                        log.add("sibling finally");
                    }
                }));
                tg.createTask(failAfter(0.01, "boom"));
                try {
                    await(sleep(10));
                    log.add("body not interrupted");
                } catch (CancelledError e) {
                    log.add("body cancelled");
                    throw e;
                }
            })));
            assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", group.getMessage());
            assertEquals(1, group.exceptions().size());
            assertEquals("boom", group.exceptions().get(0).getMessage());
            assertTrue(sibling[0].isCancelled());
            assertEquals(0, currentTask().cancelling(), "the group took back its cancel of the parent");
            await(sleep(0.001)); // and the parent task goes on
            log.add("after the group");
        }));
        // The siblings are cancelled first, then the parent: their wakeups run in that order.
        assertEquals(List.of("sibling finally", "body cancelled", "after the group"), log);
    }

    @Test
    void twoFailuresAreBothInTheGroup() {
        run(async(() -> {
            ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> await(taskGroup(tg -> {
                tg.createTask(failAfter(0, "first"));
                tg.createTask(failAfter(0, "second"));
            })));
            assertEquals("unhandled errors in a TaskGroup (2 sub-exceptions)", group.getMessage());
            assertEquals(List.of("first", "second"), group.exceptions().stream().map(Throwable::getMessage).toList());
            assertEquals(2, group.getSuppressed().length, "printed traces show both");
        }));
    }

    @Test
    void theBodysOwnExceptionCancelsTheTasksAndJoinsTheGroup() {
        run(async(() -> {
            Task<?>[] child = new Task<?>[1];
            ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> await(taskGroup(tg -> {
                child[0] = tg.createTask(sleep(10));
                await(sleep(0));
                throw new IllegalArgumentException("body failed");
            })));
            assertTrue(child[0].isCancelled());
            assertEquals(1, group.exceptions().size());
            assertInstanceOf(IllegalArgumentException.class, group.exceptions().get(0));
        }));
    }

    @Test
    void aCancelledTaskIsNotAnError() {
        run(async(() -> {
            Task<?>[] tasks = new Task<?>[2];
            await(taskGroup(tg -> {
                tasks[0] = tg.createTask(sleep(10));
                tasks[1] = tg.createTask(sleep(0.01, "done"));
                await(sleep(0));
                tasks[0].cancel();
            }));
            assertTrue(tasks[0].isCancelled());
            assertEquals("done", tasks[1].result());
        }));
    }

    @Test
    void noTasksCanBeAddedWhileShuttingDownOrAfterTheEnd() {
        run(async(() -> {
            TaskGroup[] kept = new TaskGroup[1];
            List<String> refusals = new ArrayList<>();
            assertThrows(ExceptionGroup.class, () -> await(taskGroup(tg -> {
                kept[0] = tg;
                tg.createTask(async(() -> {
                    try {
                        await(sleep(10));
                    } finally {
                        Coroutine<Void> late = sleep(0);
                        refusals.add(assertThrows(IllegalStateException.class, () -> tg.createTask(late)).getMessage());
                        assertTrue(late.isDone(), "the refused coroutine is closed");
                    }
                }));
                tg.createTask(failAfter(0.01, "boom"));
            })));
            assertTrue(refusals.get(0).endsWith("is shutting down"), refusals.toString());
            IllegalStateException finished = assertThrows(IllegalStateException.class, () -> kept[0].createTask(sleep(0)));
            assertTrue(finished.getMessage().endsWith("is finished"), finished.getMessage());
        }));
    }

    @Test
    void cancellingTheParentCancelsTheTasksAndPropagates() {
        run(async(() -> {
            Task<?>[] child = new Task<?>[1];
            Task<Void> parent = createTask(async(() -> {
                await(taskGroup(tg -> {
                    child[0] = tg.createTask(sleep(10));
                }));
            }));
            await(sleep(0.01));
            parent.cancel();
            assertThrows(CancelledError.class, () -> await(parent));
            assertTrue(parent.isCancelled());
            assertTrue(child[0].isCancelled());
        }));
    }

    @Test
    void anErrorInATaskPropagatesAloneLikeABaseException() {
        run(async(() -> {
            AssertionError e = assertThrows(AssertionError.class, () -> await(taskGroup(tg -> {
                tg.createTask(async(() -> {
                    await(sleep(0));
                    throw new AssertionError("fatal");
                }));
                tg.createTask(sleep(10));
            })));
            assertEquals("fatal", e.getMessage());
        }));
    }
}
