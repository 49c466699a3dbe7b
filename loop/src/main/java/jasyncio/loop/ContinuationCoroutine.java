package jasyncio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A coroutine on {@code jdk.internal.vm.Continuation}: the body runs on the thread that
 * resumes it (the loop thread), and await() freezes its frames to the heap until the next
 * resume. About 0.1 µs a round trip, about half a KB a suspended coroutine.
 */
final class ContinuationCoroutine<T> extends Coroutine<T> implements Runnable {
    static final ContinuationScope SCOPE = new ContinuationScope("jasyncio");

    /** Made on first resume, so a coroutine that is only awaited inline costs one small object. */
    private Frames frames;
    private Object yielded;

    /**
     * The thread's ScopedValue bindings ({@code Thread.scopedValueBindings}), which the JDK keeps
     * in the thread and a Continuation does not carry (a virtual thread is a thread of its own).
     * Swapped around each resume, so that a coroutine suspended inside
     * {@code ScopedValue.where(k, v).run(...)} keeps its binding across the await and the tasks
     * running meanwhile do not see it. Null when java.lang is not open to this module
     * ({@code --add-opens java.base/java.lang=ALL-UNNAMED}) or the swap is turned off
     * ({@code -Djasyncio.scopedValues=shared}): bindings then leak between tasks.
     */
    /** Initialised before BINDINGS, which reads it. -Djasyncio.scopedValues=shared turns the swap off (about 10 ns of CPU a switch; see loop/README.md). */
    static final boolean SHARED_BY_CHOICE = "shared".equalsIgnoreCase(System.getProperty("jasyncio.scopedValues"));

    private static final VarHandle BINDINGS = bindingsHandle();
    /** Not saved yet: a new body starts with the resumer's bindings. */
    private static final Object UNSAVED = new Object();
    /** The body's bindings while it is suspended. */
    private Object ownBindings = UNSAVED;

    ContinuationCoroutine(String name, AsyncCallable<T> body) {
        super(name, body);
    }

    /** The Continuation, subclassed to turn a pinned yield into a clear error instead of a hang. */
    private static final class Frames extends Continuation {
        final ContinuationCoroutine<?> owner;

        Frames(ContinuationCoroutine<?> owner) {
            super(SCOPE, owner);
            this.owner = owner;
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            throw new PinnedAwaitError("await() cannot suspend coroutine " + owner.name() + ": the JVM has pinned it ("
                    + reason + "). This happens when await() runs inside a class initializer (a static {} block or "
                    + "a static field's initializer) or below a native frame. Move the await out of the initializer.");
        }
    }

    static ContinuationCoroutine<?> current() {
        Continuation c = Continuation.getCurrentContinuation(SCOPE);
        return c == null ? null : ((Frames) c).owner;
    }

    @Override
    public void run() {
        runBody();
    }

    @Override
    Object resumeBody(Object value, Throwable exc) {
        if (frames == null) {
            frames = new Frames(this);
        }
        handIn(value, exc);
        if (BINDINGS == null) {
            frames.run();
        } else {
            runWithOwnBindings();
        }
        if (frames.isDone()) {
            frames = null; // drop the frames of a finished body
            return FINISHED;
        }
        Object y = yielded;
        yielded = null;
        return y;
    }

    /**
     * The body runs with its own ScopedValue bindings; the resumer gets its own back, whatever
     * happens. Written only when they differ: with no ScopedValue in use (the usual case) a
     * resume costs two reads of the field and no store.
     */
    private void runWithOwnBindings() {
        Thread thread = Thread.currentThread();
        Object outer = BINDINGS.get(thread);
        Object own = ownBindings;
        if (own != UNSAVED && own != outer) {
            BINDINGS.set(thread, own);
        }
        try {
            frames.run();
        } finally {
            Object after = BINDINGS.get(thread);
            if (after != own) {
                ownBindings = after;
            }
            if (after != outer) {
                BINDINGS.set(thread, outer);
            }
        }
    }

    /** Whether ScopedValue bindings are kept per coroutine in this JVM (for Coroutine.mechanism). */
    static boolean keepsScopedValues() {
        return BINDINGS != null;
    }

    private static VarHandle bindingsHandle() {
        if (SHARED_BY_CHOICE || !Thread.class.getModule().isOpen("java.lang", ContinuationCoroutine.class.getModule())) {
            return null;
        }
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVarHandle(Thread.class, "scopedValueBindings", Object.class);
        } catch (ReflectiveOperationException | RuntimeException notThere) { // another JDK's Thread
            return null;
        }
    }

    /** Runs inside the body: freezes it here until the next resume. */
    Object yieldOut(Object awaitable) {
        yielded = awaitable;
        try {
            Continuation.yield(SCOPE);
        } catch (PinnedAwaitError e) {
            yielded = null;
            throw e;
        }
        return takeHandedIn();
    }

    @Override
    public StackTraceElement[] suspendedStack() {
        Frames f = frames;
        if (f == null || isRunning() || f.isDone()) {
            return new StackTraceElement[0];
        }
        return f.getStackTrace();
    }
}
