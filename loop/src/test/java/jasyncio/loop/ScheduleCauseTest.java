package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopTesting.NOTHING;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the observer is told about each Handle appended to the ready queue: why (the
 * {@link ScheduleCause}) and from what (its source), and the ids of handles and tasks.
 */
@Timeout(30)
class ScheduleCauseTest {
    private final EventLoop loop = new EventLoop();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    record Scheduled(Handle handle, ScheduleCause cause, Object source, Task<?> current, List<Long> readyIds) {
    }

    private final LoopObserver recorder = new LoopObserver() {
        @Override
        public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
            List<Long> ids = loop.readyQueue().stream().map(Handle::id).toList();
            assertEquals(readyLength, ids.size());
            scheduled.add(new Scheduled(handle, cause, source, loop.currentTask(), ids));
        }

        @Override
        public void note(Object subject, String what) {
            notes.add(subject + ": " + what);
        }
    };

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Scheduled only(ScheduleCause cause) {
        List<Scheduled> found = scheduled.stream().filter(s -> s.cause() == cause).toList();
        assertEquals(1, found.size(), cause + " in " + scheduled);
        return found.getFirst();
    }

    @Test
    void aCallSoonFromATaskNamesTheTaskAndOneOutsideAnyTaskNothing() {
        loop.setObserver(recorder);
        Handle outside = loop.callSoon(NOTHING);
        Handle[] inside = new Handle[1];
        Task<Void> task = loop.createTask(async(() -> {
            inside[0] = getRunningLoop().callSoon(NOTHING);
            return null;
        }));
        loop.runUntilComplete(task);
        List<Scheduled> calls = scheduled.stream().filter(s -> s.cause() == ScheduleCause.CALL_SOON).toList();
        assertEquals(2, calls.size(), String.valueOf(scheduled));
        assertSame(outside, calls.get(0).handle());
        assertNull(calls.get(0).source(), "no task was running");
        assertSame(inside[0], calls.get(1).handle());
        assertSame(task, calls.get(1).source(), "the task whose code called callSoon");
    }

    @Test
    void aNewTaskSchedulesItsFirstStepAndItsCreatorIsTheCurrentTask() {
        loop.setObserver(recorder);
        @SuppressWarnings("unchecked")
        Task<Integer>[] child = new Task[1];
        Task<Integer> parent = loop.createTask(async(() -> {
            child[0] = createTask(async(() -> 7));
            return await(child[0]);
        }));
        assertEquals(7, loop.runUntilComplete(parent));
        List<Scheduled> created = scheduled.stream().filter(s -> s.cause() == ScheduleCause.TASK_CREATED).toList();
        assertEquals(2, created.size());
        assertSame(parent, created.get(0).source());
        assertNull(created.get(0).current(), "the parent was made outside any task");
        assertSame(child[0], created.get(1).source());
        assertSame(parent, created.get(1).current(), "the child was made by the parent's step");
        assertEquals(child[0].getName() + ".step", created.get(1).handle().callbackName());
    }

    @Test
    void aBareYieldReschedulesTheSameHandleWithItsId() {
        Task<Void> task = loop.createTask(async(() -> {
            await(sleep(0));
            await(sleep(0));
            return null;
        }));
        loop.setObserver(recorder);
        loop.runUntilComplete(task);
        List<Scheduled> yields = scheduled.stream().filter(s -> s.cause() == ScheduleCause.TASK_YIELD).toList();
        assertEquals(2, yields.size(), String.valueOf(scheduled));
        assertSame(task, yields.get(0).source());
        assertSame(yields.get(0).handle(), yields.get(1).handle(), "one Handle serves every bare yield of a task");
        assertEquals(yields.get(0).handle().id(), yields.get(1).handle().id());
    }

    @Test
    void aDoneCallbackNamesTheFutureThatFinished() {
        Future<String> future = loop.createFuture();
        Task<String> task = loop.createTask(async(() -> await(future)));
        loop.runOnce();
        loop.setObserver(recorder);
        future.setResult("x");
        Scheduled wakeup = only(ScheduleCause.FUTURE_CALLBACK);
        assertSame(future, wakeup.source());
        assertEquals(task.getName() + ".wakeup", wakeup.handle().callbackName());
        assertEquals("x", loop.runUntilComplete(task));
        // the task's own done callback (runUntilComplete's) has the task as its source
        assertTrue(scheduled.stream().anyMatch(s -> s.cause() == ScheduleCause.FUTURE_CALLBACK && s.source() == task), String.valueOf(scheduled));
    }

    @Test
    void aCallbackAddedToAFinishedFutureIsStillItsCallback() {
        Future<String> future = loop.createFuture();
        future.setResult("x");
        loop.setObserver(recorder);
        future.addDoneCallback(f -> { });
        assertSame(future, only(ScheduleCause.FUTURE_CALLBACK).source());
    }

    @Test
    void aThreadsafeHandleNamesItsThreadAndIsNumberedWhenTakenIn() throws InterruptedException {
        loop.setObserver(recorder);
        Handle before = loop.callSoon(NOTHING);
        Handle[] made = new Handle[1];
        Thread caller = new Thread(() -> made[0] = loop.callSoonThreadsafe(NOTHING), "the-caller");
        caller.start();
        caller.join();
        assertEquals(0, made[0].id(), "not numbered on the other thread");
        Handle after = loop.callSoon(NOTHING);
        loop.runOnce();
        Scheduled taken = only(ScheduleCause.THREADSAFE);
        assertSame(made[0], taken.handle());
        assertSame(caller, taken.source());
        assertEquals(after.id() + 1, made[0].id(), "numbered as the loop took it in, after those made before");
        assertTrue(before.id() < after.id());
    }

    @Test
    void aReadyChannelSchedulesItsReaderWithTheChannelAsSource() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            ByteBuffer into = ByteBuffer.allocate(8);
            Handle reader = loop.addReader(pipe.source(), () -> {
                try {
                    pipe.source().read(into);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                loop.stop();
            });
            loop.setObserver(recorder);
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            loop.runForever();
            Scheduled ready = only(ScheduleCause.IO_READY);
            assertSame(reader, ready.handle());
            assertSame(pipe.source(), ready.source());
            assertEquals(1, into.position());
            loop.removeReader(pipe.source());
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void idsAreUniqueAndInOrderWithinALoopAndTimersShareThem() {
        Handle a = loop.callSoon(NOTHING);
        TimerHandle t = loop.callLater(1, NOTHING);
        Handle b = loop.callSoon(NOTHING);
        assertTrue(a.id() > 0);
        assertEquals(a.id() + 1, t.id());
        assertEquals(t.id() + 1, b.id());
        Task<Integer> first = loop.createTask(async(() -> 1));
        Task<Integer> second = loop.createTask(async(() -> 2), "named");
        second.setName("renamed");
        assertEquals(first.id() + 1, second.id(), "names may be given and changed, ids follow the order of making");
        try (EventLoop other = new EventLoop()) {
            assertEquals(1, other.callSoon(NOTHING).id(), "each loop counts its own");
            Task<Integer> third = other.createTask(async(() -> 3));
            assertEquals(1, third.id());
            other.runUntilComplete(third);
        }
        assertEquals(1, first.id(), "the first task of this loop");
        t.cancel();
        loop.runUntilComplete(second);
    }

    @Test
    void timersDueAtTheSameTimeRunInTheOrderMade() {
        List<String> ran = new ArrayList<>();
        double when = loop.time() + 0.001;
        for (String name : List.of("a", "b", "c", "d")) {
            loop.callAt(when, () -> ran.add(name));
        }
        loop.callAt(when, loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "b", "c", "d"), ran);
    }

    @Test
    void theReadyQueueViewIsLiveAndReadOnly() {
        Collection<Handle> view = loop.readyQueue();
        assertTrue(view.isEmpty());
        Handle h = loop.callSoon(NOTHING);
        assertEquals(List.of(h), List.copyOf(view));
        assertThrows(UnsupportedOperationException.class, view::clear);
        assertSame(view, loop.readyQueue(), "made once: reading it allocates nothing");
        loop.runOnce();
        assertTrue(view.isEmpty());
    }

    @Test
    void aNoteReachesTheObserverFormattedOnlyWhenObserved() {
        Object subject = "subscription";
        loop.note(subject, "request", 5);
        assertTrue(notes.isEmpty());
        loop.setObserver(recorder);
        loop.note(subject, "request", 5);
        loop.note(subject, "cancelled");
        assertEquals(List.of("subscription: request 5", "subscription: cancelled"), notes);
    }

    @Test
    void anOldObserverWithTheTwoArgumentHookStillHearsOfEveryAppend() {
        List<Integer> lengths = new ArrayList<>();
        loop.setObserver(new LoopObserver() {
            @Override
            public void handleScheduled(Handle handle, int readyLength) {
                lengths.add(readyLength);
            }
        });
        loop.callSoon(NOTHING);
        loop.createTask(async(() -> 1));
        assertEquals(List.of(1, 2), lengths);
        loop.runOnce();
    }
}
