package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What a task sees across its awaits: ContextVars (task-local, asyncio's contextvars), and
 * the JDK's ThreadLocal and ScopedValue, whose behaviour on one loop thread is documented in
 * loop/README.md. Tasks are interleaved on purpose: each sets its value, then awaits while the
 * other runs.
 */
class ContextTest {
    private static final ContextVar<String> WHO = new ContextVar<>("who");
    private static final ContextVar<Integer> DEPTH = new ContextVar<>("depth", 0);
    private static final ThreadLocal<String> THREAD_LOCAL = new ThreadLocal<>();
    private static final ScopedValue<String> SCOPED = ScopedValue.newInstance();

    /** Two tasks set, then await while the other runs: each sees its own value after. */
    @Test
    void aContextVarIsTheTasksOwnAcrossAwaits() {
        List<String> seen = new ArrayList<>();
        run(async(() -> {
            Task<Void> a = createTask(async(() -> {
                WHO.set("a");
                await(sleep(0));
                await(sleep(0));
                seen.add("a sees " + WHO.get());
            }));
            Task<Void> b = createTask(async(() -> {
                WHO.set("b");
                await(sleep(0));
                seen.add("b sees " + WHO.get());
            }));
            await(gather(a, b));
            seen.add("the creator sees " + WHO.get("nothing"));
        }));
        assertEquals(List.of("b sees b", "a sees a", "the creator sees nothing"), seen);
    }

    @Test
    void aTaskStartsWithACopyOfItsCreatorsContext() {
        List<String> seen = new ArrayList<>();
        run(async(() -> {
            WHO.set("parent");
            Task<Void> child = createTask(async(() -> {
                seen.add("child starts with " + WHO.get());
                WHO.set("child");
                await(sleep(0));
                seen.add("child has " + WHO.get());
            }));
            WHO.set("parent, later"); // after the child was made: the child does not see it
            await(child);
            seen.add("parent has " + WHO.get());
            seen.add("the child's context: " + child.getContext());
        }));
        assertEquals(List.of("child starts with parent", "child has child", "parent has parent, later",
                "the child's context: <Context who=child>"), seen);
    }

    @Test
    void getWithoutValueOrDefaultRaisesAndResetRestores() {
        ContextVar<String> unset = new ContextVar<>("unset");
        NoSuchElementException e = assertThrows(NoSuchElementException.class, unset::get);
        assertTrue(e.getMessage().contains("'unset'") && e.getMessage().contains("LookupError"), e.getMessage());
        assertEquals(0, DEPTH.get(), "the default");
        assertEquals("fallback", unset.get("fallback"));
        run(async(() -> {
            ContextVar.Token<Integer> one = DEPTH.set(1);
            ContextVar.Token<Integer> two = DEPTH.set(2);
            assertEquals(2, DEPTH.get());
            DEPTH.reset(two);
            assertEquals(1, DEPTH.get());
            assertThrows(IllegalStateException.class, () -> DEPTH.reset(two), "a token works once");
            DEPTH.reset(one);
            assertFalse(currentTask().getContext().contains(DEPTH), "back to no value at all");
            assertEquals(0, DEPTH.get());
            @SuppressWarnings({"unchecked", "rawtypes"})
            ContextVar.Token<Integer> foreign = (ContextVar.Token) WHO.set("x");
            assertThrows(IllegalArgumentException.class, () -> DEPTH.reset(foreign));
        }));
    }

    /** asyncio.to_thread copies the context into the thread; run_in_executor does not. */
    @Test
    void toThreadSeesTheCallersValuesRunInExecutorDoesNot() {
        var pool = Executors.newSingleThreadExecutor();
        try {
            List<String> seen = run(async(() -> {
                WHO.set("caller");
                String viaToThread = await(toThread(() -> WHO.get("none")));
                String viaExecutor = await(getRunningLoop().runInExecutor(pool, () -> WHO.get("none")));
                String wrapped = await(getRunningLoop().runInExecutor(pool, () -> {
                    Context copy = Context.empty();
                    return copy.run(() -> WHO.get("none"));
                }));
                return List.of(viaToThread, viaExecutor, wrapped);
            }));
            assertEquals(List.of("caller", "none", "none"), seen);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void contextRunKeepsWhatTheBodySetsAcrossAwaitsAndRefusesReentry() {
        List<String> seen = new ArrayList<>();
        run(async(() -> {
            Context ctx = Context.copyCurrent();
            ctx.run(() -> {
                WHO.set("inside");
                await(sleep(0));
                seen.add("after an await inside run: " + WHO.get());
                IllegalStateException again = assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
                seen.add(again.getMessage().startsWith("cannot enter context") ? "re-entry refused" : again.getMessage());
            });
            seen.add("outside: " + WHO.get("nothing"));
            seen.add("the context kept it: " + ctx.get(WHO));
        }));
        assertEquals(List.of("after an await inside run: inside", "re-entry refused", "outside: nothing",
                "the context kept it: inside"), seen);
    }

    /**
     * What does NOT carry over: a ThreadLocal belongs to the loop's thread, which every task
     * shares, so what one task set before its await is what the next task sees, and overwrites.
     */
    @Test
    void aThreadLocalIsTheLoopThreadsAndSharedByEveryTask() {
        List<String> seen = new ArrayList<>();
        try {
            run(async(() -> {
                Task<Void> a = createTask(async(() -> {
                    THREAD_LOCAL.set("a");
                    await(sleep(0));
                    seen.add("a sees " + THREAD_LOCAL.get());
                }));
                Task<Void> b = createTask(async(() -> {
                    seen.add("b sees " + THREAD_LOCAL.get());
                    THREAD_LOCAL.set("b");
                }));
                await(gather(a, b));
            }));
        } finally {
            THREAD_LOCAL.remove();
        }
        if (Coroutine.CONTINUATIONS) {
            assertEquals(List.of("b sees a", "a sees b"), seen);
        } else { // the virtual-thread fallback: each coroutine has a thread, so thread-locals of its own
            assertEquals(List.of("b sees null", "a sees a"), seen);
        }
    }

    /**
     * A ScopedValue bound inside a coroutine stays bound for it across its awaits, unseen by the
     * tasks that run meanwhile, and the loop thread is left with no binding (each coroutine keeps
     * its own bindings: ContinuationCoroutine swaps them, as a virtual thread has its own).
     */
    @Test
    void aScopedValueBoundInATaskIsItsOwnAcrossAwaits() throws Exception {
        List<String> seen = new ArrayList<>();
        run(async(() -> {
            Task<Void> a = createTask(async(() -> {
                ScopedValue.where(SCOPED, "a").call(() -> {
                    await(sleep(0));
                    seen.add("a inside its scope, after awaits: " + SCOPED.get());
                    await(sleep(0));
                    return null;
                });
                seen.add("a after its scope: bound=" + SCOPED.isBound());
            }));
            Task<Void> b = createTask(async(() -> {
                seen.add("b while a is in its scope: bound=" + SCOPED.isBound());
                ScopedValue.where(SCOPED, "b").call(() -> {
                    await(sleep(0));
                    await(sleep(0));
                    seen.add("b inside its scope, after awaits: " + SCOPED.get());
                    return null;
                });
            }));
            await(gather(a, b));
            seen.add("the cell after both: bound=" + SCOPED.isBound());
        }));
        assertFalse(SCOPED.isBound(), "the loop thread keeps no binding");
        // a's scope ends while b is inside its own (the order that broke b's binding when the loop
        // thread held them): b still sees its value after.
        assertEquals(List.of("b while a is in its scope: bound=false", "a inside its scope, after awaits: a",
                "a after its scope: bound=false", "b inside its scope, after awaits: b", "the cell after both: bound=false"), seen);
    }

    /**
     * A binding made around the whole loop is the loop thread's: every task sees it. (Not on the
     * virtual-thread fallback, where a coroutine's thread inherits nothing from the loop's.)
     */
    @Test
    void aScopedValueBoundAroundTheLoopIsSeenByEveryTask() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Coroutine.CONTINUATIONS, "continuations only");
        String seen = ScopedValue.where(SCOPED, "around").call(() -> run(async(() -> {
            Task<String> t = createTask(async(() -> {
                await(sleep(0));
                return SCOPED.get();
            }));
            return await(t);
        })));
        assertEquals("around", seen);
    }
}
