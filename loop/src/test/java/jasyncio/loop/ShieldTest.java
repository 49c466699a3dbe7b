package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShieldTest {
    @Test
    void cancellingTheAwaiterLeavesTheShieldedTaskRunning() {
        run(async(() -> {
            Future<String> gate = getRunningLoop().createFuture();
            Task<String> inner = createTask(async(() -> await(gate) + " survived"));
            Task<String> awaiter = createTask(async(() -> await(shield(inner))));
            await(sleep(0));
            awaiter.cancel();
            assertThrows(CancelledError.class, () -> await(awaiter));
            assertFalse(inner.isDone(), "the inner goes on");
            gate.setResult("inner");
            assertEquals("inner survived", await(inner));
        }));
    }

    @Test
    void cancellingTheOuterDirectlyDoesNotCancelTheInner() {
        run(async(() -> {
            Task<Integer> inner = createTask(sleep(0.02, 1));
            Future<Integer> outer = shield(inner);
            assertTrue(outer.cancel());
            assertEquals(1, await(inner));
            assertTrue(outer.isCancelled());
        }));
    }

    @Test
    void cancellingTheInnerCancelsTheOuter() {
        run(async(() -> {
            Task<Void> inner = createTask(sleep(10));
            Future<Void> outer = shield(inner);
            await(sleep(0));
            inner.cancel();
            assertThrows(CancelledError.class, () -> await(outer));
            assertTrue(outer.isCancelled());
        }));
    }

    @Test
    void resultsAndExceptionsPassThrough() {
        run(async(() -> {
            assertEquals(4, await(shield(sleep(0.01, 4))));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(shield(async(() -> {
                await(sleep(0));
                throw new IllegalStateException("boom");
            }))));
            assertEquals("boom", e.getMessage());
        }));
    }

    @Test
    void aDoneFutureIsReturnedAsItIs() {
        run(async(() -> {
            Future<String> done = getRunningLoop().createFuture();
            done.setResult("x");
            assertSame(done, shield(done));
        }));
    }
}
