package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.LoopTesting.NOTHING;
import static jasyncio.loop.TestIO.bytes;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Virtual time (EventLoop.useVirtualTime): the clock jumps to the next timer when nothing can
 * wake the loop from outside, and waits for real (advancing by the time waited) when
 * something can. Every test would hang for an hour of real time without the jump, and is
 * stopped by its @Timeout instead; none depends on the machine's speed.
 */
@Timeout(60)
class VirtualTimeTest {
    private static final String HOST = "127.0.0.1";
    private static final double HOUR = 3600;
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aTimerFiresAtExactlyItsDueTimeOnTheVirtualClock() {
        loop.useVirtualTime(true);
        double start = loop.time();
        double[] firedAt = new double[1];
        TimerHandle timer = loop.callLater(0.3, () -> {
            firedAt[0] = loop.time();
            loop.stop();
        });
        loop.runForever();
        assertEquals(timer.when(), firedAt[0], 0.0, "exactly at its due time, not a bit after");
        assertEquals(0.3, firedAt[0] - start, 1e-12);
        assertEquals(firedAt[0], loop.time(), 0.0, "the clock stood still while the callback ran");
    }

    @Test
    void anHourOfSleepPassesWithoutWaiting() {
        loop.useVirtualTime(true);
        double start = loop.time();
        loop.runUntilComplete(sleep(HOUR));
        assertEquals(HOUR, loop.time() - start, 1e-9);
    }

    @Test
    void timersFireInDueOrderEachAtItsTime() {
        loop.useVirtualTime(true);
        double start = loop.time();
        List<String> fired = new ArrayList<>();
        for (double delay : new double[] {0.3, 0.1, 0.2, 0.1, 2.5}) {
            loop.callLater(delay, () -> fired.add(String.format(Locale.ROOT, "%.3f", loop.time() - start)));
        }
        loop.callLater(3, loop::stop);
        loop.runForever();
        assertEquals(List.of("0.100", "0.100", "0.200", "0.300", "2.500"), fired);
    }

    @Test
    void waitForTimesOutAtItsVirtualDeadline() {
        loop.useVirtualTime(true);
        double start = loop.time();
        assertThrows(TimeoutError.class, () -> loop.runUntilComplete(waitFor(sleep(HOUR), 1.5)));
        assertEquals(1.5, loop.time() - start, 1e-9);
    }

    /**
     * The same workload of tasks, timers, a queue and timeouts on two fresh loops gives the
     * same events at the same virtual times, whatever the machine does meanwhile.
     */
    @Test
    void theSameWorkloadTwiceGivesIdenticalEventsAndTimes() {
        List<String> first = tracedWorkload();
        List<String> second = tracedWorkload();
        assertTrue(first.size() > 100, "a workload with many events: " + first.size());
        assertEquals(first, second);
    }

    private static List<String> tracedWorkload() {
        try (EventLoop l = new EventLoop()) {
            l.useVirtualTime(true);
            double t0 = l.time();
            List<String> events = new ArrayList<>();
            l.setObserver(new LoopObserver() {
                private void add(String what) {
                    events.add(String.format(Locale.ROOT, "%.6f it=%d %s ready=%s", l.time() - t0, l.iteration(), what,
                            l.readyQueue().stream().map(Handle::id).toList()));
                }

                @Override
                public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
                    add("scheduled #" + handle.id() + " " + cause + (source instanceof Task<?> t ? " task " + t.id() : ""));
                }

                @Override
                public void timerScheduled(TimerHandle timer) {
                    add(String.format(Locale.ROOT, "timer #%d due %.6f", timer.id(), timer.when() - t0));
                }

                @Override
                public void timerDue(TimerHandle timer) {
                    add("due #" + timer.id());
                }

                @Override
                public void timerCancelled(TimerHandle timer) {
                    add("timer cancelled #" + timer.id());
                }

                @Override
                public void waitEntered(double timeoutSeconds) {
                    add(String.format(Locale.ROOT, "wait %.6f", timeoutSeconds));
                }

                @Override
                public void clockJumped(double from, double to) {
                    add(String.format(Locale.ROOT, "jump %.6f -> %.6f", from - t0, to - t0));
                }

                @Override
                public void handlePopped(Handle handle, int readyLength) {
                    add("pop #" + handle.id());
                }

                @Override
                public void taskStepped(Task<?> task, Throwable thrownIn) {
                    add("step task " + task.id() + (thrownIn == null ? "" : " " + thrownIn.getClass().getSimpleName()));
                }

                @Override
                public void taskDone(Task<?> task) {
                    add("done task " + task.id());
                }
            });
            List<Integer> consumed = l.runUntilComplete(async(() -> {
                Queue<Integer> queue = new Queue<>(2);
                Task<Void> producer = createTask(async(() -> {
                    for (int i = 0; i < 6; i++) {
                        await(queue.put(i));
                        await(sleep(0.05 * (i % 3)));
                    }
                }));
                List<Integer> got = new ArrayList<>();
                Task<Void> consumer = createTask(async(() -> {
                    while (got.size() < 6) {
                        got.add(await(queue.get()));
                        await(sleep(0.07));
                    }
                }));
                try {
                    await(waitFor(sleep(10), 0.25));
                } catch (TimeoutError expected) {
                    // the timeout is part of the workload
                }
                await(gather(producer, consumer));
                return got;
            }));
            assertEquals(List.of(0, 1, 2, 3, 4, 5), consumed);
            return events;
        }
    }

    @Test
    void aRealSocketRoundTripCompletesAndTimersStillRunAroundIt() {
        loop.useVirtualTime(true);
        List<String> ticks = new ArrayList<>();
        String answer = loop.runUntilComplete(async(() -> {
            Server server = await(startServer((reader, writer) -> async(() -> {
                byte[] line = await(reader.readline());
                await(sleep(0.5)); // a slow server: the client's side must wait for real
                writer.write(line);
                await(writer.drain());
                writer.close();
            }), HOST, 0));
            Task<Void> ticker = createTask(async(() -> {
                for (int i = 0; i < 3; i++) {
                    await(sleep(0.1));
                    ticks.add("tick");
                }
            }));
            StreamPair pair = await(openConnection(HOST, server.port()));
            pair.writer().write(bytes("ping\n"));
            await(pair.writer().drain());
            byte[] echoed = await(pair.reader().readline());
            pair.writer().close();
            await(ticker);
            server.close();
            await(server.waitClosed());
            return new String(echoed).strip();
        }));
        assertEquals("ping", answer);
        assertEquals(List.of("tick", "tick", "tick"), ticks);
    }

    @Test
    void aWaitForOnARealSocketThatNeverAnswersStillTimesOut() {
        loop.useVirtualTime(true);
        double start = loop.time();
        assertThrows(TimeoutError.class, () -> loop.runUntilComplete(async(() -> {
            Server server = await(startServer((reader, writer) -> async(() -> {
                await(reader.read()); // never writes; returns at the client's close
                writer.close();
            }), HOST, 0));
            try {
                StreamPair pair = await(openConnection(HOST, server.port()));
                try {
                    await(waitFor(pair.reader().readline(), 0.2));
                } finally {
                    pair.writer().close();
                }
            } finally {
                server.close();
                await(server.waitClosed());
            }
        })));
        double waited = loop.time() - start;
        assertTrue(waited >= 0.2 - 1e-9, "the clock reached the deadline, by the real time waited: " + waited);
    }

    @Test
    void toThreadResultsArriveBeforeTheClockJumpsPastThem() {
        loop.useVirtualTime(true);
        double start = loop.time();
        List<String> order = new ArrayList<>();
        loop.callLater(HOUR, () -> order.add("an hour later"));
        int result = loop.runUntilComplete(async(() -> {
            int r = await(toThread(() -> {
                Thread.sleep(100); // work that takes real time: the loop must wait for it, not jump
                return 42;
            }));
            order.add("result " + r);
            return r;
        }));
        assertEquals(42, result);
        assertEquals(List.of("result 42"), order, "the hour-long timer did not fire while the thread worked");
        double waited = loop.time() - start;
        assertTrue(waited >= 0.05 && waited < HOUR, "virtual time advanced by the real wait (most of the job's 0.1 s): " + waited);
        loop.runUntilComplete(sleep(HOUR)); // with nothing in flight it jumps again
        assertEquals(List.of("result 42", "an hour later"), order);
    }

    /** shutdownDefaultExecutor waits for the pool's threads with a helper thread: the clock waits for it too. */
    @Test
    void shuttingTheDefaultExecutorDownWaitsForItsThreadsForReal() {
        List<String> log = LoopTesting.recordLog(loop);
        loop.useVirtualTime(true);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        loop.setDefaultExecutor(pool);
        pool.execute(() -> {
            try {
                Thread.sleep(100); // a job the loop does not wait for: the join below must
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.runUntilComplete(loop.shutdownDefaultExecutor(30.0));
        assertTrue(pool.isTerminated(), "joined");
        assertFalse(log.stream().anyMatch(l -> l.contains("did not finish joining")),
                "the 30 s limit was not jumped over while the thread was joined: " + log);
    }

    @Test
    void aCancelledExecutorJobNoLongerHoldsTheClock() throws InterruptedException {
        loop.useVirtualTime(true);
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertThrows(TimeoutError.class, () -> loop.runUntilComplete(waitFor(
                    loop.runInExecutor(null, () -> release.await(1, java.util.concurrent.TimeUnit.MINUTES)), 0.05)));
            double before = loop.time();
            loop.runUntilComplete(sleep(HOUR)); // the job still runs, but nothing waits for it
            assertEquals(HOUR, loop.time() - before, 1e-6);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRejectedJobReleasesItsHold() {
        loop.useVirtualTime(true);
        Executor rejecting = job -> {
            throw new RejectedExecutionException("full");
        };
        assertThrows(RejectedExecutionException.class, () -> loop.runInExecutor(rejecting, () -> 1));
        double before = loop.time();
        loop.runUntilComplete(sleep(HOUR));
        assertEquals(HOUR, loop.time() - before, 1e-6);
    }

    @Test
    void aCallSoonThreadsafeFromARawThreadWakesTheLoop() {
        loop.useVirtualTime(true);
        Future<String> answer = loop.createFuture();
        Thread raw = new Thread(() -> loop.callSoonThreadsafe(() -> answer.setResult("woken")));
        loop.callSoon(raw::start); // once the loop runs: it then waits, with no timer to jump to
        assertEquals("woken", loop.runUntilComplete(answer));
    }

    @Test
    void heldExternalWorkKeepsTheClockFromJumpingUntilReleased() {
        loop.useVirtualTime(true);
        List<String> order = new ArrayList<>();
        loop.callLater(HOUR, () -> order.add("an hour later"));
        Future<String> answer = loop.createFuture();
        ExternalWork work = loop.holdExternalWork();
        Thread raw = new Thread(() -> {
            try {
                Thread.sleep(50); // the loop is waiting for real meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.callSoonThreadsafe(() -> {
                order.add("answer");
                answer.setResult("done");
            });
            work.close();
            work.close(); // a second release does nothing
        });
        loop.callSoon(raw::start);
        assertEquals("done", loop.runUntilComplete(answer));
        assertEquals(List.of("answer"), order);
        loop.runUntilComplete(sleep(HOUR));
        assertEquals(List.of("answer", "an hour later"), order);
    }

    /**
     * The loop waits for real because of a hold; the hold is released with nothing posted:
     * the release itself must wake the loop, or it would wait out the hour.
     */
    @Test
    void releasingTheLastHoldWakesALoopThatWaitsForReal() {
        loop.useVirtualTime(true);
        ExternalWork work = loop.holdExternalWork();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(20); // most likely once the loop is in its wait (either way it must end)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            work.close();
        });
        loop.setObserver(new LoopObserver() {
            @Override
            public void waitEntered(double timeoutSeconds) {
                if (timeoutSeconds > 0 && releaser.getState() == Thread.State.NEW) {
                    releaser.start();
                }
            }
        });
        double before = loop.time();
        loop.runUntilComplete(sleep(HOUR));
        assertEquals(HOUR, loop.time() - before, 1e-6);
    }

    @Test
    void aListeningChannelMakesTheLoopWaitForReal() {
        loop.useVirtualTime(true);
        Server server = loop.runUntilComplete(startServer((r, w) -> async(() -> { }), HOST, 0));
        assertTrue(loop.describeClock().contains("1 channel with I/O interest"), loop.describeClock());
        List<Double> jumps = new ArrayList<>();
        loop.setObserver(new LoopObserver() {
            @Override
            public void clockJumped(double from, double to) {
                jumps.add(to - from);
            }
        });
        double before = loop.time();
        loop.runUntilComplete(sleep(0.05)); // waited for real: a connection could come meanwhile
        assertEquals(List.of(), jumps, "no jump while the server listens");
        assertEquals(0.05, loop.time() - before, 1e-9, "the timer fired at its due time all the same");
        server.close();
        loop.runUntilComplete(server.waitClosed());
        assertEquals("virtual: jumps to the next timer when nothing is ready", loop.describeClock());
        before = loop.time();
        loop.runUntilComplete(sleep(HOUR));
        assertEquals(HOUR, loop.time() - before, 1e-6);
        assertEquals(1, jumps.size(), "one jump, once nothing listens: " + jumps);
    }

    @Test
    void switchingNeverMovesTheClockAndTimeNeverGoesBack() {
        assertEquals("real (monotonic)", loop.describeClock());
        double realBefore = loop.time();
        loop.useVirtualTime(true);
        double atSwitch = loop.time();
        assertTrue(atSwitch >= realBefore);
        List<String> fired = new ArrayList<>();
        loop.callLater(HOUR, () -> fired.add("late"));
        loop.runUntilComplete(sleep(2 * HOUR));
        assertEquals(List.of("late"), fired);
        double virtualReached = loop.time();
        assertEquals(2 * HOUR, virtualReached - atSwitch, 1e-6);

        loop.useVirtualTime(false);
        double realAgain = loop.time();
        assertTrue(realAgain >= virtualReached, "real time resumes from the virtual time reached, never before it");
        assertTrue(realAgain - virtualReached < 60, "and does not jump either: " + (realAgain - virtualReached));
        loop.runUntilComplete(sleep(0.01)); // real timers work again, from the clock where it is
        assertTrue(loop.time() >= realAgain + 0.01 - 1e-9);

        loop.useVirtualTime(true);
        assertTrue(loop.time() >= realAgain + 0.01 - 1e-9, "switching on again does not move the clock back");
        loop.useVirtualTime(true); // a second switch on does nothing
        assertTrue(loop.isVirtualTime());
        try (EventLoop closed = new EventLoop()) {
            closed.useVirtualTime(true);
            closed.close();
            assertEquals("virtual: jumps to the next timer when nothing is ready", closed.describeClock(), "a closed loop still says");
        }
    }

    @Test
    void timersScheduledUnderRealTimeKeepTheirOrderWhenSwitched() {
        List<String> fired = new ArrayList<>();
        loop.callLater(HOUR, () -> fired.add("b"));
        loop.callLater(HOUR / 2, () -> fired.add("a"));
        loop.useVirtualTime(true);
        loop.callLater(2 * HOUR, loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "b"), fired);
    }

    @Test
    void advancingTheClockByHandMakesTimersDue() {
        assertThrows(IllegalStateException.class, () -> loop.advanceVirtualTime(1), "only under virtual time");
        loop.useVirtualTime(true);
        assertThrows(IllegalArgumentException.class, () -> loop.advanceVirtualTime(-1));
        assertThrows(IllegalArgumentException.class, () -> loop.advanceVirtualTime(Double.NaN));
        double start = loop.time();
        List<String> fired = new ArrayList<>();
        loop.callLater(5, () -> fired.add("b"));
        loop.callLater(2, () -> fired.add("a"));
        loop.callLater(20, () -> fired.add("later"));
        loop.advanceVirtualTime(10);
        assertEquals(10, loop.time() - start, 1e-9);
        loop.runOnce();
        assertEquals(List.of("a", "b"), fired, "due by now, in due order, in one iteration");
        assertEquals(10, loop.time() - start, 1e-9, "no wait: something was due");
        loop.advanceVirtualTimeTo(5000);
        assertEquals(5000.0, loop.time(), 0.0, "exactly");
        assertThrows(IllegalArgumentException.class, () -> loop.advanceVirtualTimeTo(4999));
        loop.runOnce();
        assertEquals(List.of("a", "b", "later"), fired);
    }

    @Test
    void theObserverSeesTheWaitAndTheJump() {
        loop.useVirtualTime(true);
        List<String> events = new ArrayList<>();
        double t0 = loop.time();
        loop.setObserver(new LoopObserver() {
            @Override
            public void waitEntered(double timeoutSeconds) {
                events.add(String.format(Locale.ROOT, "wait %.3f", timeoutSeconds));
            }

            @Override
            public void clockJumped(double from, double to) {
                events.add(String.format(Locale.ROOT, "jump %.3f -> %.3f", from - t0, to - t0));
            }

            @Override
            public void waitReturned(int n) {
                events.add("returned " + n);
            }
        });
        loop.callLater(0.25, loop::stop);
        loop.callLater(0.25, NOTHING);
        loop.runForever();
        assertEquals(List.of("wait 0.250", "jump 0.000 -> 0.250", "returned 0"), events);
    }
}
