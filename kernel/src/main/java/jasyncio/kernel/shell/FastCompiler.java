package jasyncio.kernel.shell;

import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.api.JavacTaskPool;
import com.sun.tools.javac.code.ClassFinder;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.PackageSymbol;
import com.sun.tools.javac.code.Symtab;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Names;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import jasyncio.loop.CancelledError;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import jdk.jshell.JShell;

/**
 * Compiles a cell's last expression, or a run of its statements, in one javac pass into a class
 * JShell never sees, loads it and runs it: the cheap way for the forms {@link FastPath} finds.
 *
 * <p>JShell evaluates a snippet with three javac tasks (a parse, an analysis, a compilation),
 * each paying the same fixed costs: the module graph set up again, the session's imports
 * resolved, and afterwards a walk over every class symbol the context holds (some thousands,
 * the default imports list whole packages) to forget the snippet classes. Measured on a kernel
 * running {@code 1 + 1} cells, those fixed costs were half of the loop thread's time. Here an
 * expression or a block of statements is wrapped as JShell would wrap it (its imports header,
 * so every import and every live declaration is in scope by the same {@code import static}
 * lines; a {@code do_it$} method) and compiled once, in a javac context of its own, reused.
 *
 * <p>What is not compiled here is never lost: when javac rejects the source (a real error, or
 * what only JShell's analysis accepts, such as a member of an anonymous class through a
 * {@code var}), {@link #run} says so and the interpreter gives the snippet to JShell, which
 * reports errors in its words. The class is never registered with JShell: nothing can name it
 * later, it declares nothing, and it unloads once nothing refers to it ({@link SnippetLoader}).
 * Its frames in a stack trace show the cell's lines, as a JShell snippet's do.
 *
 * <p>Needs javac's internals ({@code Add-Exports} of three jdk.compiler packages, in the jar's
 * manifest) and JShell's (opened to the kernel already); without either, {@link #enabled} is
 * false and every snippet goes to JShell as before, and {@link #whyOff} says so. javac failing
 * on a source (an internal error of its own) sends that snippet to JShell; JShell's internals
 * no longer being what this class reaches turns it off for the session, with a note.
 */
final class FastCompiler {
    /** Our classes' simple names start with this: JShell's own are {@code $JShell$} and digits. */
    static final String CLASS_PREFIX = "$JShell$f";
    private static final String PACKAGE = "REPL";
    private static final String DO_IT = "do_it$";
    /** As JShell compiles its snippets, less the lint it reports and we would not. */
    private static final List<String> OPTIONS = List.of("-proc:none", "-parameters", "-Xlint:none");
    /** How many classes' lines are kept for stack traces (as the pruner keeps about two sweeps of snippets). */
    private static final int ORIGINS_KEPT = 256;
    /** Compilations between two walks over all the context's classes to drop snippet classes gone from JShell. */
    private static final int COMPILES_PER_PURGE = 64;
    /** javac's error for a void call given as an argument (to {@link #VALUE}). */
    private static final String VOID_ERROR = "compiler.err.void.not.allowed.here";
    /** The method the expression's value goes through, so that a void call is that error. */
    private static final String VALUE = "value$";

    /** The outcome of {@link #expression} and {@link #statements}. */
    sealed interface Outcome {
    }

    /** javac rejected the source: nothing ran. */
    record Rejected() implements Outcome {
    }

    /** The code ran and returned {@code value} (null for statements and void calls). */
    record Ran(Object value) implements Outcome {
    }

    private final JShell jshell;
    private final Runnable running;
    private final SnippetLoader loader;
    private final CellErrors errors;
    private final JShellAccess access;
    private final OutputFiles files;
    /** The line of each recent class's source where the snippet starts, by id ("f12"); the oldest go first. */
    private final LinkedHashMap<String, Integer> bodyLines = new LinkedHashMap<>();
    private JavacTaskPool pool;
    /** JShell's own pool when ours was made: JShell makes a new one when its class path changes. */
    private Object jshellPool;
    private boolean enabled;
    /** Why it turned itself off during the session (JShell's internals changed), or null. */
    private String failure;
    private int classes;
    private int compiles;
    private int compilesSincePurge;

    /** @param running told when the compiled code is about to run (the compile is over) */
    FastCompiler(JShell jshell, SnippetLoader loader, CellErrors errors, Runnable running) {
        this.jshell = jshell;
        this.running = running;
        this.loader = loader;
        this.errors = errors;
        this.access = javacInternalsExported() ? JShellAccess.open(jshell) : null;
        this.files = access == null ? null : new OutputFiles(access.fileManager);
        this.enabled = access != null;
        errors.placeFastFramesWith(this::position);
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Drops the javac context, and the reference to JShell's pool it was made beside (which
     * would keep JShell's old contexts alive after they were replaced); the next compilation
     * makes another (the heap ran out, or the kernel rests).
     */
    void releaseContext() {
        pool = null;
        jshellPool = null;
    }

    /** From now on every snippet goes to JShell (tests of what JShell keeps use it). */
    void disable() {
        enabled = false;
    }

    /** Null while cells take the fast path; else why not, in words for the kernel's log and %loop. */
    String whyOff() {
        if (access == null) {
            return "the fast compiler is off (javac's internals are not exported to the kernel: the jar's manifest exports"
                    + " them; without it, run java with --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED and the"
                    + " same for com.sun.tools.javac.code and com.sun.tools.javac.util; or JShell's are not opened):"
                    + " every cell goes through JShell's three javac tasks, some times the CPU a cell";
        }
        return failure == null ? null : "the fast compiler failed (" + failure + ": JShell's internals are not what this"
                + " kernel knows) and is off from now on: every cell goes through JShell's three javac tasks";
    }

    /** How many classes were compiled here (for tests: a trivial cell costs one). */
    int compiles() {
        return compiles;
    }

    /**
     * Evaluates an expression (the snippet {@code piece} of {@code cell}, without its final
     * semicolon) and returns its value; a void call is run as a statement, with value null.
     * Rejected when javac refused it: nothing ran. A throwable from the code comes out as the
     * CellError Jupyter shows (a CancelledError unchanged).
     */
    Outcome expression(String expression, CellText cell, CellText.Snippet piece) {
        Compiled compiled = tryCompile("return " + VALUE + "(" + expression + "\n);",
                "\n    private static java.lang.Object " + VALUE + "(java.lang.Object v) {\n        return v;\n    }\n");
        if (compiled.classFiles == null && compiled.voidOnly) {
            compiled = tryCompile(expression + "\n;\n        return null;", "");
        }
        return compiled.classFiles == null ? new Rejected() : run(compiled, cell, piece);
    }

    /** Runs statements (one block, {@code piece} of {@code cell}); as {@link #expression}, with value null. */
    Outcome statements(String block, CellText cell, CellText.Snippet piece) {
        // "if (true)": the return after it is reachable even when the block never ends normally
        Compiled compiled = tryCompile("if (true) " + block + "\n        return null;", "");
        return compiled.classFiles == null ? new Rejected() : run(compiled, cell, piece);
    }

    private Outcome run(Compiled compiled, CellText cell, CellText.Snippet piece) {
        String name = compiled.name;
        int bodyLine = compiled.bodyLine;
        remember(name, bodyLine, cell, piece);
        Method doIt;
        try {
            Map<String, byte[]> instrumented = new HashMap<>();
            compiled.classFiles.forEach((n, bytes) -> instrumented.put(n, SnippetAccess.open(SnippetInstrumentation.instrument(bytes))));
            doIt = loader.loadUnregistered(instrumented, PACKAGE + "." + name).getMethod(DO_IT);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("a class compiled from the cell did not load: " + e, e);
        }
        running.run();
        try {
            return new Ran(doIt.invoke(null));
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof CancelledError cancelled) {
                throw cancelled; // the cell's task ends cancelled, as for JShell's snippets
            }
            jdk.jshell.DeclarationSnippet unresolved = access.unresolved(thrown);
            throw unresolved != null ? errors.unresolvedError(thrown, unresolved) : errors.error(thrown);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frames of the class show lines of {@code piece} in {@code cell}, for the last ORIGINS_KEPT classes. */
    private void remember(String name, int bodyLine, CellText cell, CellText.Snippet piece) {
        String id = id(name);
        errors.remember(id, cell, piece);
        bodyLines.put(id, bodyLine);
        if (bodyLines.size() > ORIGINS_KEPT) {
            String oldest = bodyLines.keySet().iterator().next();
            bodyLines.remove(oldest);
            errors.forget(oldest);
        }
    }

    /** "$JShell$f12" → "f12": never a JShell snippet's id (those are digits). */
    private static String id(String simpleName) {
        return simpleName.substring(CLASS_PREFIX.length() - 1);
    }

    /**
     * Where a frame of one of our classes is: the class's id ("f12") and the line in its snippet;
     * null for other frames, and for classes too old to remember.
     */
    CellPlaces.FastPosition position(StackTraceElement frame) {
        String type = frame.getClassName();
        String prefix = PACKAGE + "." + CLASS_PREFIX;
        if (!type.startsWith(prefix)) {
            return null;
        }
        int end = type.indexOf('$', prefix.length());
        String id = id(type.substring(PACKAGE.length() + 1, end < 0 ? type.length() : end));
        Integer bodyLine = bodyLines.get(id);
        return bodyLine == null ? null : new CellPlaces.FastPosition(id, frame.getLineNumber() - bodyLine + 1);
    }

    // ---- javac ----

    /** A compiled class (classFiles null when javac rejected it, voidOnly when only for a void argument). */
    private record Compiled(String name, int bodyLine, Map<String, byte[]> classFiles, boolean voidOnly) {
    }

    /**
     * {@link #compile}, with javac's own failures taken as a rejection: JShell gets the snippet
     * and reports what javac does there in its words. A failure to reach JShell's internals turns
     * the fast path off ({@link #whyOff}). The heap running out is no failure of ours: it goes on.
     */
    private Compiled tryCompile(String body, String members) {
        try {
            return compile(body, members);
        } catch (InternalsChanged e) {
            enabled = false;
            failure = String.valueOf(e.getCause());
            return new Compiled(null, 0, null, false);
        } catch (RuntimeException | AssertionError | StackOverflowError javacFailed) {
            pool = null; // javac's context may be left half-way: the next compilation makes another
            return new Compiled(null, 0, null, false);
        }
    }

    /**
     * Compiles a class of JShell's imports with a {@code do_it$} method of this body (its first
     * line on a line of its own) and other {@code members}.
     */
    private Compiled compile(String body, String members) {
        String name = CLASS_PREFIX + (++classes);
        String header = access.importsHeader();
        String source = header + "\nclass " + name + " {\n    public static java.lang.Object " + DO_IT
                + "() throws java.lang.Throwable {\n        " + body + "\n    }\n" + members + "}\n";
        int bodyLine = (int) header.chars().filter(c -> c == '\n').count() + 4;
        Object current = access.jshellPool();
        if (pool == null || current != jshellPool || compilesSincePurge >= CompilerRecycler.EVALS_PER_CONTEXT) {
            // JShell took a new class path (its contexts were dropped), or ours has served long
            // enough (a reused javac context keeps growing caches, see CompilerRecycler)
            pool = new JavacTaskPool(1);
            jshellPool = current;
            compilesSincePurge = 0;
        }
        compiles++;
        List<String> errorCodes = new ArrayList<>();
        DiagnosticListener<JavaFileObject> listener = d -> {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errorCodes.add(d.getCode());
            }
        };
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(access.extraCompilerOptions());
        files.classes.clear();
        boolean purge = ++compilesSincePurge % COMPILES_PER_PURGE == 0;
        boolean ok = pool.getTask(Writer.nullWriter(), files, listener, options, null, List.of(new Source(name, source)), task -> {
            Context context = ((JavacTaskImpl) task).getContext();
            try {
                return task.call();
            } finally {
                forgetSnippetPackage(context, purge);
            }
        });
        if (!ok || errorCodes.size() > 0) {
            return new Compiled(name, bodyLine, null, !errorCodes.isEmpty() && errorCodes.stream().allMatch(VOID_ERROR::equals));
        }
        return new Compiled(name, bodyLine, Map.copyOf(files.classes), false);
    }

    /**
     * Makes the context list the snippet package again at its next compilation, as JShell does
     * after each of its tasks: JShell compiles new snippet classes between ours, and javac would
     * not look for a class of a package it has listed. The symbols of snippet classes stay (their
     * names are never reused with other contents) until every {@link #COMPILES_PER_PURGE}th
     * compilation walks all classes to drop them, so that those JShell forgot do not pile up.
     */
    private static void forgetSnippetPackage(Context context, boolean purge) {
        Symtab syms = Symtab.instance(context);
        PackageSymbol repl = syms.getPackage(syms.unnamedModule, Names.instance(context).fromString(PACKAGE));
        if (repl == null) {
            return;
        }
        if (purge) {
            List<ClassSymbol> snippets = new ArrayList<>();
            for (ClassSymbol c : syms.getAllClasses()) {
                if (c.packge() == repl) {
                    snippets.add(c);
                }
            }
            snippets.forEach(c -> syms.removeClass(syms.unnamedModule, c.flatName()));
        }
        repl.members_field = null;
        repl.completer = ClassFinder.instance(context).getCompleter();
    }

    private static boolean javacInternalsExported() {
        Module self = FastCompiler.class.getModule();
        return ModuleLayer.boot().findModule("jdk.compiler")
                .map(m -> m.isExported("com.sun.tools.javac.api", self) && m.isExported("com.sun.tools.javac.code", self)
                        && m.isExported("com.sun.tools.javac.util", self))
                .orElse(false);
    }

    /** The cell's wrapped source, in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String name, String text) {
            super(URI.create("string:///" + PACKAGE + "/" + name + JavaFileObject.Kind.SOURCE.extension), JavaFileObject.Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** JShell's file manager (its snippet classes, the class path), with our class files kept here, not in it. */
    private static final class OutputFiles extends ForwardingJavaFileManager<JavaFileManager> {
        final Map<String, byte[]> classes = new HashMap<>();

        OutputFiles(JavaFileManager jshellFiles) {
            super(jshellFiles);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            if (location != StandardLocation.CLASS_OUTPUT || kind != JavaFileObject.Kind.CLASS) {
                throw new IllegalStateException("unexpected output " + className + " at " + location);
            }
            return new SimpleJavaFileObject(URI.create("bytes:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    /** JShell's internals, reached by reflection, failed in a way that they did not when opened. */
    private static final class InternalsChanged extends RuntimeException {
        InternalsChanged(Throwable cause) {
            super(cause);
        }
    }

    /** What is reached inside JShell (JDK 25), by deep reflection; null from open when any of it is missing. */
    private static final class JShellAccess {
        final JavaFileManager fileManager;
        private final JShell jshell;
        private final Object maps;
        private final Method packageAndImports;
        private final Object taskFactory;
        private final Field pool;
        private final Field extraOptions;

        private JShellAccess(JShell jshell) throws ReflectiveOperationException {
            this.jshell = jshell;
            maps = JShellInternals.read(JShell.class, "maps", jshell);
            packageAndImports = JShellInternals.method(maps.getClass(), "packageAndImportsExcept", Set.class, java.util.Collection.class);
            taskFactory = JShellInternals.read(JShell.class, "taskFactory", jshell);
            fileManager = (JavaFileManager) JShellInternals.read(taskFactory.getClass(), "fileManager", taskFactory);
            pool = JShellInternals.field(taskFactory.getClass(), "javacTaskPool");
            extraOptions = JShellInternals.field(JShell.class, "extraCompilerOptions");
            importsHeader(); // fails here, not in a cell, if the method is not what it was
        }

        static JShellAccess open(JShell jshell) {
            try {
                return new JShellAccess(jshell);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** "package REPL;" and the import lines JShell starts a new snippet's class with. */
        String importsHeader() {
            return (String) call(packageAndImports, maps, null, null);
        }

        Object jshellPool() {
            try {
                return pool.get(taskFactory);
            } catch (IllegalAccessException e) {
                throw new InternalsChanged(e);
            }
        }

        @SuppressWarnings("unchecked")
        List<String> extraCompilerOptions() {
            try {
                Object options = extraOptions.get(jshell);
                return options == null ? List.of() : (List<String>) options;
            } catch (IllegalAccessException | ClassCastException e) {
                throw new InternalsChanged(e);
            }
        }

        /** The declaration a JShell resolution exception names (a method waiting for one not declared yet), or null. */
        jdk.jshell.DeclarationSnippet unresolved(Throwable thrown) {
            if (!(thrown instanceof jdk.jshell.spi.SPIResolutionException e)) {
                return null;
            }
            String id = Integer.toString(e.id());
            return jshell.snippets()
                    .filter(s -> s.id().equals(id) && s instanceof jdk.jshell.DeclarationSnippet)
                    .map(s -> (jdk.jshell.DeclarationSnippet) s)
                    .findFirst().orElse(null);
        }

        private static Object call(Method method, Object target, Object... args) {
            try {
                return method.invoke(target, args);
            } catch (IllegalAccessException e) {
                throw new InternalsChanged(e);
            } catch (InvocationTargetException e) {
                throw new InternalsChanged(e.getCause());
            }
        }
    }
}
