package jasyncio.loop;

import java.util.Arrays;

/**
 * The immutable mapping from {@link ContextVar} to value behind a {@link Context} (CPython's
 * contextvars keep a HAMT). A context holds a handful of variables, so it is two small arrays,
 * copied on write: {@code with} is O(n) and makes a new mapping, and sharing one between a
 * task and the tasks it creates is free (asyncio's copy_context at Task.__init__).
 */
final class ContextData {
    static final ContextData EMPTY = new ContextData(new ContextVar<?>[0], new Object[0]);

    private final ContextVar<?>[] vars;
    private final Object[] values;

    private ContextData(ContextVar<?>[] vars, Object[] values) {
        this.vars = vars;
        this.values = values;
    }

    private int indexOf(ContextVar<?> var) {
        for (int i = 0; i < vars.length; i++) {
            if (vars[i] == var) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(ContextVar<?> var) {
        return indexOf(var) >= 0;
    }

    /** The value, or {@code missing} when the variable has none here. */
    Object get(ContextVar<?> var, Object missing) {
        int i = indexOf(var);
        return i >= 0 ? values[i] : missing;
    }

    ContextData with(ContextVar<?> var, Object value) {
        int i = indexOf(var);
        if (i >= 0) {
            if (values[i] == value) {
                return this;
            }
            Object[] v = values.clone();
            v[i] = value;
            return new ContextData(vars, v);
        }
        ContextVar<?>[] k = Arrays.copyOf(vars, vars.length + 1);
        Object[] v = Arrays.copyOf(values, values.length + 1);
        k[vars.length] = var;
        v[values.length] = value;
        return new ContextData(k, v);
    }

    ContextData without(ContextVar<?> var) {
        int i = indexOf(var);
        if (i < 0) {
            return this;
        }
        ContextVar<?>[] k = new ContextVar<?>[vars.length - 1];
        Object[] v = new Object[values.length - 1];
        System.arraycopy(vars, 0, k, 0, i);
        System.arraycopy(vars, i + 1, k, i, vars.length - i - 1);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(values, i + 1, v, i, values.length - i - 1);
        return new ContextData(k, v);
    }

    int size() {
        return vars.length;
    }

    ContextVar<?> varAt(int i) {
        return vars[i];
    }

    Object valueAt(int i) {
        return values[i];
    }
}
