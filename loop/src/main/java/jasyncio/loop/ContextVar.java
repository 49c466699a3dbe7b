package jasyncio.loop;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * contextvars.ContextVar: a value per task, where a ThreadLocal would be one per loop thread
 * (all of a loop's tasks share its thread). {@code set} in a task changes what that task (and
 * the tasks it creates from then on) sees, across its awaits; the other tasks keep theirs.
 * See {@link Context}.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 * ... in a task:  REQUEST_ID.set("r-17"); await(handle()); log(REQUEST_ID.get());   // still r-17
 * }</pre>
 *
 * Create them once (a static field or a notebook variable): a ContextVar is the key, and a new
 * one has no values anywhere.
 */
public final class ContextVar<T> {
    private static final Object MISSING = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable with no default: {@link #get()} throws until it is set. */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "a ContextVar needs a name");
        this.defaultValue = MISSING;
    }

    /** A variable whose {@link #get()} gives {@code defaultValue} where it was never set. */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "a ContextVar needs a name");
        this.defaultValue = defaultValue;
    }

    public String name() {
        return name;
    }

    /**
     * The value in the current context (the running task's), else the default.
     *
     * @throws NoSuchElementException with neither (CPython's LookupError)
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.currentData().get(this, MISSING);
        if (v != MISSING) {
            return (T) v;
        }
        if (defaultValue != MISSING) {
            return (T) defaultValue;
        }
        throw new NoSuchElementException(this + " has no value in this context and no default (LookupError)");
    }

    /** The value in the current context, else {@code fallback} (not the default). */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object v = Context.currentData().get(this, MISSING);
        return v != MISSING ? (T) v : fallback;
    }

    /** Sets the value in the current context; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        ContextData before = Context.currentData();
        Context.setCurrentData(before.with(this, value));
        return new Token<>(this, before.get(this, MISSING));
    }

    /**
     * Restores the value the variable had before the {@link #set} that made the token.
     *
     * @throws IllegalArgumentException for another variable's token
     * @throws IllegalStateException for a token used already (CPython's RuntimeError)
     */
    public void reset(Token<T> token) {
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        token.used = true;
        ContextData now = Context.currentData();
        Context.setCurrentData(token.oldValue == MISSING ? now.without(this) : now.with(this, token.oldValue));
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue != MISSING ? " default=" + defaultValue : "") + ">";
    }

    /** contextvars.Token: what {@link #set} returns, for one {@link #reset}. */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Object oldValue;
        private boolean used;

        private Token(ContextVar<T> var, Object oldValue) {
            this.var = var;
            this.oldValue = oldValue;
        }

        public ContextVar<T> var() {
            return var;
        }

        /** The value before the set, or null when it had none (CPython's Token.MISSING). */
        public Object oldValue() {
            return oldValue == MISSING ? null : oldValue;
        }

        public boolean hadValue() {
            return oldValue != MISSING;
        }

        @Override
        public String toString() {
            return "<Token var=" + var + (used ? " used" : "") + ">";
        }
    }
}
