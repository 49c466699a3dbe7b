package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void runReturnsTheCoroutinesResult() {
        assertEquals(42, run(async(() -> {
            await(sleep(0.01));
            return 42;
        })));
    }

    @Test
    void gatherInterleavesTasks() {
        List<String> log = new ArrayList<>();
        List<Integer> r = run(async(() -> await(gather(
                async(() -> { log.add("a1"); await(sleep(0)); log.add("a2"); return 1; }),
                async(() -> { log.add("b1"); await(sleep(0)); log.add("b2"); return 2; })))));
        assertEquals(List.of(1, 2), r);
        assertEquals(List.of("a1", "b1", "a2", "b2"), log);
    }

    @Test
    void cancelDeliversCancelledErrorAtTheAwait() {
        List<String> log = new ArrayList<>();
        run(async(() -> {
            Task<Void> t = createTask(async(() -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    log.add("cancelled:" + e.getMessage());
                    throw e;
                } finally {
                    log.add("finally");
                }
            }));
            await(sleep(0));
            t.cancel("stop");
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.isCancelled());
            log.add("outer:" + e.getMessage());
        }));
        assertEquals(List.of("cancelled:stop", "finally", "outer:stop"), log);
    }

    @Test
    void awaitOutsideACoroutineSaysSo() {
        EventLoop loop = new EventLoop();
        Future<Integer> f = loop.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(f));
        assertTrue(e.getMessage().contains("outside a coroutine"), e.getMessage());
        loop.close();
    }

    static class AwaitsInInitializer {
        static final Object VALUE;

        static {
            VALUE = await(sleep(0.01, "x"));
        }
    }

    @Test
    void awaitInAClassInitializerIsAClearError() {
        Throwable t = assertThrows(Throwable.class, () -> run(async(() -> AwaitsInInitializer.VALUE)));
        Throwable cause = t;
        while (cause.getCause() != null && !(cause instanceof PinnedAwaitError)) {
            cause = cause.getCause();
        }
        assertInstanceOf(PinnedAwaitError.class, cause, String.valueOf(t));
        assertTrue(cause.getMessage().contains("class initializer"));
    }

    @Test
    void steppingByHand() {
        Coroutine<Integer> c = async(() -> 7);
        StopIteration s = assertThrows(StopIteration.class, () -> c.send(null));
        assertEquals(7, s.value());
    }
}
