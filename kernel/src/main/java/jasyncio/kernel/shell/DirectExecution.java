package jasyncio.kernel.shell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution engine for the kernel: snippets run directly on the thread that calls
 * {@code JShell.eval}, which is the loop thread inside the cell's coroutine, so an await in
 * a snippet suspends the cell's Task (LocalExecutionControl would run them on a new thread).
 *
 * <p>It keeps what JShell would turn into strings: the real value a snippet returned and
 * the real Throwable it threw, so the result can be rendered as a mime bundle and a
 * CancelledError can leave the cell unchanged.
 */
final class DirectExecution extends DirectExecutionControl {
    private Object value;
    private Throwable thrown;
    /** Told the class of each snippet JShell invokes, as it starts (the interpreter's compile phases and cell lines). */
    private java.util.function.Consumer<String> onInvoke;

    DirectExecution(SnippetLoader loader) {
        super(loader);
    }

    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(Arrays.stream(classes)
                .map(c -> new ClassBytecodes(c.name(), SnippetAccess.open(SnippetInstrumentation.instrument(c.bytecodes()))))
                .toArray(ClassBytecodes[]::new));
    }

    void onInvoke(java.util.function.Consumer<String> hook) {
        this.onInvoke = hook;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        value = null;
        thrown = null;
        java.util.function.Consumer<String> hook = onInvoke;
        if (hook != null) {
            hook.accept(doit.getDeclaringClass().getName());
        }
        try {
            value = doit.invoke(null);
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
            throw e; // JShell makes its EvalException from it, with the stack in snippet lines
        }
        return ""; // JShell's string form is not used: the interpreter renders the value itself
    }

    /** What the last snippet returned (its value, for an expression), then forgets it. */
    Object takeValue() {
        Object v = value;
        value = null;
        return v;
    }

    /** What the last snippet threw, or null; then forgets it. */
    Throwable takeThrown() {
        Throwable t = thrown;
        thrown = null;
        return t;
    }

    /** The JShell engine that hands out this one instance. */
    static ExecutionControlProvider provider(DirectExecution execution) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jasyncio-direct";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return execution;
            }
        };
    }
}
