package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopTesting.NOTHING;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A LoopObserver that throws cannot hurt the loop: whichever hook throws, the observer is
 * removed and reported once through the exception handler, and the loop finishes what it was
 * doing (Trio removes a failing instrument the same way).
 */
@Timeout(30)
class ObserverFailureTest {
    private final EventLoop loop = new EventLoop();
    private final List<ExceptionContext> reports = LoopTesting.recordExceptions(loop);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Every hook of LoopObserver, by name, read from the interface: a hook added later is tested too. */
    static Stream<String> hooks() {
        return Arrays.stream(LoopObserver.class.getMethods()).map(Method::getName).distinct().sorted();
    }

    /** An observer that throws from {@code hook} (each time) and counts every call it gets. */
    private static LoopObserver throwingFrom(String hook, AtomicInteger calls) {
        return (LoopObserver) Proxy.newProxyInstance(LoopObserver.class.getClassLoader(), new Class<?>[] {LoopObserver.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "throwing-from-" + hook;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        calls.incrementAndGet();
                        if (method.getName().equals(hook)) {
                            throw new IllegalStateException("the observer broke in " + hook);
                        }
                        yield null;
                    }
                });
    }

    /**
     * A workload that makes every kind of event: tasks, a bare yield, a timer that fires and
     * one that is cancelled, a plain Future finished by a callback with two awaiters, a note,
     * a thread-safe call, and a clock jump (virtual time).
     */
    private List<String> runWorkload() throws InterruptedException {
        Future<String> shared = loop.createFuture();
        TimerHandle neverDue = loop.callLater(3600, NOTHING);
        Thread other = new Thread(() -> loop.callSoonThreadsafe(NOTHING));
        other.start();
        other.join();
        Task<String> first = loop.createTask(async(() -> {
            await(sleep(0));
            loop.note(this, "a note");
            loop.callSoon(() -> shared.setResult("done"));
            neverDue.cancel();
            String r = await(shared);
            await(sleep(0.01));
            return r;
        }));
        Task<String> second = loop.createTask(async(() -> await(shared) + "!"));
        List<String> results = loop.runUntilComplete(gather(first, second));
        assertTrue(shared.isDone());
        return results;
    }

    @ParameterizedTest
    @MethodSource("hooks")
    void aHookThatThrowsGetsTheObserverRemovedAndReportedOnceAndTheLoopCarriesOn(String hook) throws InterruptedException {
        loop.useVirtualTime(true); // so that the clock jumps and clockJumped is called too
        AtomicInteger calls = new AtomicInteger();
        LoopObserver observer = throwingFrom(hook, calls);
        loop.setObserver(observer);
        assertSame(observer, loop.getObserver());

        assertEquals(List.of("done", "done!"), runWorkload(), "every awaiter woke, whichever hook threw");

        assertEquals(1, reports.size(), "reported once: " + reports);
        ExceptionContext report = reports.getFirst();
        assertTrue(report.message().contains("raised in " + hook + ";"), report.message());
        assertTrue(report.message().contains("throwing-from-" + hook), "names the observer: " + report.message());
        assertTrue(report.message().contains("removed"), report.message());
        assertEquals("the observer broke in " + hook, report.exception().getMessage());
        assertNull(loop.getObserver(), "removed");

        int before = calls.get();
        assertEquals(List.of("done", "done!"), runWorkload());
        assertEquals(before, calls.get(), "a removed observer hears nothing more");
        assertEquals(1, reports.size());
    }

    @Test
    void aThrowingFutureDoneStillWakesEveryAwaiter() {
        loop.setObserver(new LoopObserver() {
            @Override
            public void futureDone(Future<?> future, int callbacks) {
                throw new IllegalStateException("broken recorder");
            }
        });
        Future<Integer> future = loop.createFuture();
        List<Task<Integer>> awaiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int add = i;
            awaiters.add(loop.createTask(async(() -> await(future) + add)));
        }
        loop.callSoon(() -> future.setResult(10));
        assertEquals(List.of(10, 11, 12), loop.runUntilComplete(gather(awaiters.get(0), awaiters.get(1), awaiters.get(2))));
        assertEquals(1, reports.size());
        assertTrue(reports.getFirst().message().contains("raised in futureDone"), reports.getFirst().message());
    }

    @Test
    void aThrowingTaskDoneStillFinishesTheTaskForItsAwaiter() {
        loop.setObserver(new LoopObserver() {
            @Override
            public void taskDone(Task<?> task) {
                throw new IllegalStateException("broken recorder");
            }
        });
        Task<Integer> inner = loop.createTask(async(() -> 41));
        Task<Integer> outer = loop.createTask(async(() -> await(inner) + 1));
        assertEquals(42, loop.runUntilComplete(outer));
        assertTrue(inner.isDone());
        assertFalse(loop.allTasks().contains(inner), "unregistered from the pending tasks as usual");
        assertEquals(1, reports.size());
    }

    @Test
    void anObserverThatReplacesItselfBeforeThrowingLeavesItsReplacementInstalled() {
        List<String> heard = new ArrayList<>();
        LoopObserver replacement = new LoopObserver() {
            @Override
            public void handlePopped(Handle handle, int readyLength) {
                heard.add(handle.callbackName());
            }
        };
        loop.setObserver(new LoopObserver() {
            @Override
            public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
                loop.setObserver(replacement);
                throw new IllegalStateException("after handing over");
            }
        });
        loop.callSoon(NOTHING);
        loop.runOnce();
        assertSame(replacement, loop.getObserver());
        assertEquals(List.of("nothing"), heard);
        assertEquals(1, reports.size());
    }

    @Test
    void aBrokenExceptionHandlerDoesNotBringBackTheObserver() {
        List<String> log = LoopTesting.recordLog(loop);
        loop.setExceptionHandler((l, context) -> {
            throw new IllegalStateException("the handler is broken too");
        });
        loop.setObserver(new LoopObserver() {
            @Override
            public void iterationStarted(long iteration) {
                throw new IllegalStateException("broken recorder");
            }
        });
        loop.callSoon(NOTHING);
        loop.runOnce();
        assertNull(loop.getObserver());
        assertTrue(log.stream().anyMatch(l -> l.contains("raised in iterationStarted")), String.valueOf(log));
    }
}
