package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 3.12's eager task factory: a task's first step runs inside createTask. */
class EagerTaskTest {
    private static void useEagerTasks() {
        getRunningLoop().setTaskFactory(Asyncio::eagerTaskFactory);
    }

    @Test
    void withoutTheFactoryATaskWaitsForTheLoop() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<Integer> t = createTask(async(() -> {
                log.add("body");
                return 1;
            }));
            log.add("createTask returned");
            assertFalse(t.isDone());
            await(t);
        }));
        assertEquals(List.of("createTask returned", "body"), log);
    }

    @Test
    void aTaskThatNeverWaitsIsDoneWhenCreateTaskReturns() {
        run(async(() -> {
            useEagerTasks();
            Task<Integer> t = createTask(async(() -> 42));
            assertTrue(t.isDone(), "it ran to its end inside createTask");
            assertEquals(42, t.result());
            assertFalse(allTasks().contains(t), "a finished task is not pending");
        }));
    }

    @Test
    void aTaskThatWaitsRunsToItsFirstAwaitThenGoesOnNormally() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            useEagerTasks();
            Task<String> t = createTask(async(() -> {
                log.add("before await");
                await(sleep(0.001));
                log.add("after await");
                return "done";
            }));
            log.add("createTask returned");
            assertFalse(t.isDone());
            assertTrue(allTasks().contains(t));
            assertEquals("done", await(t));
        }));
        assertEquals(List.of("before await", "createTask returned", "after await"), log);
    }

    @Test
    void currentTaskIsTheEagerTaskDuringItsStepAndTheCallerAfter() {
        run(async(() -> {
            useEagerTasks();
            Task<?> outer = currentTask();
            Task<?>[] seenInside = new Task<?>[1];
            Task<Void> inner = createTask(async(() -> {
                seenInside[0] = currentTask();
            }), "inner");
            assertSame(inner, seenInside[0], "inside its eager step the new task is current");
            assertSame(outer, currentTask(), "and the caller's task is current again after");
        }));
    }

    @Test
    void anEagerTaskMayCreateEagerTasksInItsOwnEagerStep() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            useEagerTasks();
            currentTask().setName("main");
            Task<String> outer = createTask(async(() -> {
                Task<String> inner = createTask(async(() -> {
                    log.add("inner step in " + currentTask().getName());
                    await(sleep(0));
                    return "inner done";
                }), "inner");
                log.add("outer step in " + currentTask().getName());
                return await(inner);
            }), "outer");
            log.add("main goes on in " + currentTask().getName());
            assertEquals("inner done", await(outer));
        }));
        assertEquals(List.of("inner step in inner", "outer step in outer", "main goes on in main"), log);
    }

    @Test
    void aFailureInTheEagerStepIsTheTasksExceptionNotTheCallers() {
        run(async(() -> {
            useEagerTasks();
            Task<Void> t = createTask(async(() -> {
                throw new IllegalStateException("eager failure");
            }));
            assertTrue(t.isDone());
            assertEquals("eager failure", t.exception().getMessage());
        }));
    }

    @Test
    void outsideARunningLoopTheFactoryMakesAnOrdinaryTask() {
        try (EventLoop loop = new EventLoop()) {
            loop.setTaskFactory(Asyncio::eagerTaskFactory);
            List<String> log = new ArrayList<>();
            Task<Void> t = loop.createTask(async(() -> {
                log.add("ran");
            }));
            assertEquals(List.of(), log, "not started: the loop is not running");
            loop.runUntilComplete(t);
            assertEquals(List.of("ran"), log);
        }
    }

    @Test
    void settingNoFactoryRestoresLazyTasks() {
        run(async(() -> {
            useEagerTasks();
            getRunningLoop().setTaskFactory(null);
            assertFalse(createTask(async(() -> 1)).isDone());
        }));
    }

    @Test
    void gatherAndTaskGroupTakeTasksThatFinishedEagerly() {
        run(async(() -> {
            useEagerTasks();
            assertEquals(List.of(1, 2), await(gather(createTask(async(() -> 1)), createTask(async(() -> 2)))));
            List<Task<Integer>> made = new ArrayList<>();
            await(taskGroup(tg -> {
                made.add(tg.createTask(async(() -> 3)));
                made.add(tg.createTask(async(() -> {
                    await(sleep(0));
                    return 4;
                })));
            }));
            assertEquals(3, made.get(0).result());
            assertEquals(4, made.get(1).result());
        }));
    }
}
