package jasyncio.kernel.shell;

import jasyncio.kernel.display.Display;
import jasyncio.kernel.display.DisplaySink;
import jasyncio.kernel.display.MimeRenderer;
import jasyncio.loop.Asyncio;
import jasyncio.loop.CancelledError;
import jasyncio.loop.CodeNames;
import jasyncio.loop.Coroutine;
import jasyncio.loop.EventLoop;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.Snippet.Status;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * The kernel's interpreter: JShell in the kernel's own JVM, its snippets run directly on the
 * loop thread inside the cell's coroutine ({@link DirectExecution}), so a top-level
 * {@code await(...)} suspends the cell's Task and lets the loop run other tasks.
 *
 * <p>Cells see the async API, {@code display(...)} and {@code loop()} without imports
 * ({@link Prelude}). A cell's last expression is its value: a mime bundle with text/plain
 * (JShell's rendering), text/html from a {@code toHtml()} method, image/png for an image
 * (see {@link jasyncio.kernel.display.MimeBundle}); null, and {@code System.out} or
 * {@code System.err} themselves (what printf returns), show nothing, as None does in Python.
 *
 * <p>Creating one takes a few hundred milliseconds (JShell, the compiler, the imports), and
 * its first cells are slow until {@link #warmUp(BooleanSupplier)} has run. One JShell serves one cell at a time; complete, inspect and
 * isComplete may come while a cell waits in an await.
 */
public final class JShellInterpreter implements Interpreter {
    private static final Object NO_VALUE = new Object();
    /** What {@link #evaluateFast} returns when FastCompiler did not take the snippet. */
    private static final Object NOT_FAST = new Object();
    private static final int WARM_UP_ROUNDS = 2;
    private static final List<String> WARM_UP_CELLS = List.of(
            "int $warmUp = 1;\nfor (int i = 0; i < 2; i++) { $warmUp += i; }\n$warmUp++;\n$warmUp + 1",
            "List.of($warmUp).size()",
            "String $warmUpText = \"a\" + $warmUp;");

    private final EventLoop loop;
    private final CellClassPath classPath;
    private final SnippetLoader loader;
    private final DirectExecution execution;
    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    /** JShell's index of the class path, held back until the first completion request. */
    private final IndexingHold indexing;
    /** How long the first completion waits for that index. */
    private long firstCompletionWaitMillis = IndexingHold.FIRST_WAIT_MILLIS;
    private final CellPlaces places;
    private final CellErrors errors;
    private final CellNames names;
    private final Redefinitions redefinitions;
    private final CellInterrupts interrupts;
    private final CodeAssist assist;
    private final LibraryDocs libraryDocs;
    private final UserClasses userClasses = new UserClasses();
    private final CompilerRecycler recycler;
    private final SnippetPruner pruner;
    private final FastCompiler fast;
    private boolean cellRunning;
    /** The cell running (or last run): "this cell" for {@link #locate}. */
    private CellText currentCell;
    /** The snippet being evaluated: its cell and where it starts there. */
    private CellText evaluatingCell;
    private int evaluatingOffset;
    private volatile CompileListener compileListener;
    /** Between JShell's start on a snippet and the snippet's start to run. */
    private boolean compiling;
    /** Numbers the fast path's variables, so none replaces another (see FastPath). */
    private int lastValues;
    /** The execution count of the last cell, for expressions evaluated on its behalf (user_expressions, %run_until_complete). */
    private int lastCount;
    /** What the interpreter said of itself (see {@link #noteIfOff}). */
    private final List<String> notes = new ArrayList<>();
    private Consumer<String> noteLog = note -> { };

    /** Builds JShell and evaluates the prelude; about a second, on any thread. */
    public JShellInterpreter(EventLoop loop, DisplaySink sink) {
        this(loop, sink, SnippetPruner.CELLS_PER_SWEEP);
    }

    /** With JShell's dead snippets forgotten every {@code cellsPerSweep} cells (tests sweep often). */
    JShellInterpreter(EventLoop loop, DisplaySink sink, int cellsPerSweep) {
        this(loop, sink, cellsPerSweep, Set.of());
    }

    /** With more kernel classes visible to cells than {@link CellClassPath}'s (a test's class it shares with cells). */
    JShellInterpreter(EventLoop loop, DisplaySink sink, int cellsPerSweep, Set<String> alsoVisible) {
        this.loop = loop;
        ClassLoader kernelLoader = JShellInterpreter.class.getClassLoader();
        List<String> ownEntries = missingFromCompilerClassPath(EventLoop.class, JShellInterpreter.class);
        classPath = new CellClassPath(alsoVisible, ownEntries);
        loader = new SnippetLoader(classPath.loader(kernelLoader), classPath);
        execution = new DirectExecution(loader);
        jshell = JShell.builder().executionEngine(DirectExecution.provider(execution), Map.of())
                .fileManager(files -> new ApiFileManager(files, classPath))
                .build();
        analysis = jshell.sourceCodeAnalysis();
        indexing = IndexingHold.hold(analysis);
        places = new CellPlaces(JShellInternals.open(jshell));
        errors = new CellErrors(places, s -> jshell.unresolvedDependencies(s).toList());
        names = new CellNames(places, errors.traceback(), Thread.currentThread());
        interrupts = new CellInterrupts(loop);
        assist = new CodeAssist(analysis);
        libraryDocs = new LibraryDocs(analysis);
        recycler = new CompilerRecycler(jshell, CompilerRecycler.EVALS_PER_CONTEXT);
        redefinitions = new Redefinitions(jshell, loader, places, note -> System.err.println("note: " + note));
        pruner = new SnippetPruner(jshell, cellsPerSweep, id -> {
            errors.forget(id);
            redefinitions.forget(id);
        }, loader::forget);
        execution.onInvoke(this::invoking);
        fast = new FastCompiler(jshell, loader, errors, this::runBegins);
        for (String path : ownEntries) {
            jshell.addToClasspath(path);
        }
        for (String line : Prelude.imports(kernelLoader)) {
            List<SnippetEvent> events = jshell.eval(line);
            if (events.isEmpty() || events.getFirst().status() != Status.VALID) {
                throw new IllegalStateException("the kernel's prelude failed at: " + line + " "
                        + jshell.diagnostics(events.getFirst().snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
        Display.register(loop, sink);
        Notebook.setKernelLoop(loop);
        CodeNames.install(names);
        noteIfOff(pruner.whyOff());
        noteIfOff(recycler.whyOff());
        noteIfOff(fast.whyOff());
    }

    /**
     * Tells the kernel's log (once) and %loop why a housekeeping of long sessions is off: it
     * turns itself off rather than fail a cell, and must not do so without a word.
     */
    private void noteIfOff(String why) {
        if (why != null && !notes.contains(why)) {
            notes.add(why);
            noteLog.accept(why);
        }
    }

    /** Where notes go besides %loop: the kernel's log. Those made before are sent at once. */
    public void logNotesTo(Consumer<String> log) {
        noteLog = log;
        notes.forEach(log);
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Warms up to the end (benchmarks and tests): {@link #warmUp(BooleanSupplier)} with nothing to wait for. */
    public void warmUp() {
        warmUp(() -> true);
    }

    /**
     * Runs the paths cells take (declarations, a block of statements, a last expression, on
     * a coroutine of a loop of its own; a completion) a few times, so the compiler's contexts
     * are pooled and the JIT has started on it: the cells after it then take tens of
     * milliseconds instead of hundreds. Stops before its next step once {@code idle} turns
     * false: a request that came meanwhile is served at once (cold: some 100 ms more for the
     * first cell), not after the whole warm-up (some 300 ms with the class-data cache, 600
     * without, on this machine's kind). Leaves no variables behind. Call it on the loop thread
     * before the first cell; no cell may run meanwhile.
     */
    @Override
    public boolean warmUp(BooleanSupplier idle) {
        boolean complete = true;
        try (EventLoop warmUpLoop = new EventLoop()) {
            steps:
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                for (String code : WARM_UP_CELLS) {
                    if (!idle.getAsBoolean()) {
                        complete = false;
                        break steps;
                    }
                    warmUpLoop.runUntilComplete(warmUpLoop.createTask(cell(code)));
                }
            }
        }
        jshell.variables().filter(v -> v.name().startsWith("$warmUp")).forEach(jshell::drop);
        if (complete && idle.getAsBoolean()) {
            assist.complete("Str", 3);
            assist.isComplete("int x = 1;");
            return true;
        }
        return false;
    }

    // ---- cells ----

    @Override
    public Coroutine<CellValue> cell(String code, int executionCount) {
        return Asyncio.async("cell", () -> runCell(code, executionCount));
    }

    private CellValue runCell(String code, int executionCount) {
        enterCell();
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(loader.classLoader());
        interrupts.cellStarted(Asyncio.currentTask());
        try {
            CellText cell = new CellText(code, executionCount);
            lastCount = executionCount;
            currentCell = cell;
            List<CellText.Snippet> pieces = cell.snippets(analysis);
            Object value = NO_VALUE;
            int i = 0;
            int oneByOneUntil = 0; // after a block that did not compile, its statements go one by one
            while (i < pieces.size()) {
                int end = i < oneByOneUntil ? i : endOfStatements(pieces, i);
                // A lone statement is a block of one for the fast compiler; for JShell, only a call is cheaper so
                if (end - i >= 2 || (end - i == 1 && (fast.enabled() || FastPath.isExpressionStatement(pieces.get(i).source())))) {
                    if (evaluateAsBlock(cell, pieces.get(i), pieces.get(end - 1))) {
                        value = NO_VALUE;
                        i = end;
                        continue;
                    }
                    oneByOneUntil = end;
                }
                value = evaluate(cell, pieces.get(i), i == pieces.size() - 1);
                i++;
            }
            boolean displayed = value instanceof jasyncio.kernel.display.DisplayHandle && !pieces.isEmpty()
                    && Display.isDisplayCall(pieces.getLast().source());
            return shown(value) && !displayed ? new CellValue(MimeRenderer.render(value)) : null;
        } finally {
            runBegins(); // a compilation that failed with an exception is over too
            interrupts.cellEnded();
            thread.setContextClassLoader(previousLoader);
            cellRunning = false;
            recycler.recycleIfDue();
            pruner.cellEnded();
            noteIfOff(pruner.whyOff());
            noteIfOff(fast.whyOff());
        }
    }

    private void enterCell() {
        if (cellRunning) {
            throw new IllegalStateException("another cell is still running in this interpreter: "
                    + "JShell evaluates one cell at a time");
        }
        cellRunning = true;
    }

    private static boolean shown(Object value) {
        return value != NO_VALUE && value != null && value != System.out && value != System.err;
    }

    /**
     * The end of the run of statements starting at {@code from}; the cell's last snippet
     * stays out when it is an expression, since its value is the cell's.
     */
    private static int endOfStatements(List<CellText.Snippet> pieces, int from) {
        int end = from;
        while (end < pieces.size() && FastPath.isStatement(pieces.get(end).source())
                && !(end == pieces.size() - 1 && FastPath.lastValueDeclaration(pieces.get(end).source(), 0) != null)) {
            end++;
        }
        return end;
    }

    /**
     * Evaluates statements {@code first} to {@code last} (maybe the same) as one block
     * ({@link FastPath}); false, with nothing run, when the block does not compile.
     */
    private boolean evaluateAsBlock(CellText cell, CellText.Snippet first, CellText.Snippet last) {
        int end = last.offset() + last.source().length() - (last.insertedSemicolon() >= 0 ? 1 : 0);
        CellText.Snippet block = new CellText.Snippet(
                FastPath.statementBlock(cell.text().substring(first.offset(), end)), first.offset(), -1);
        if (fast.enabled()) {
            compileBegins();
            if (fast.statements(block.source(), cell, block) instanceof FastCompiler.Ran) {
                return true;
            }
        }
        execution.takeThrown();
        List<SnippetEvent> events = eval(block.source(), cell, block.offset());
        if (events.isEmpty() || events.getFirst().status() != Status.VALID) {
            return false;
        }
        errors.remember(events.getFirst().snippet(), cell, block);
        raiseThrown(events);
        return true;
    }

    /**
     * Evaluates one snippet: a last expression on the fast path first ({@link FastPath}), as
     * it is otherwise. Returns the snippet's value when it is the cell's last and has one,
     * else NO_VALUE; throws the CellError, or the CancelledError unchanged.
     */
    private Object evaluate(CellText cell, CellText.Snippet piece, boolean last) {
        if (last) {
            Object value = evaluateFast(cell, piece);
            if (value != NOT_FAST) {
                return value;
            }
            String fast = FastPath.lastValueDeclaration(piece.source(), ++lastValues);
            if (fast != null) {
                execution.takeThrown();
                LastValue.take(null);
                List<SnippetEvent> events = eval(fast, cell, piece.offset());
                Snippet declaration = events.isEmpty() ? null : events.getFirst().snippet();
                try {
                    if (declaration != null && jshell.status(declaration) == Status.VALID) {
                        errors.remember(declaration, cell, piece);
                        raiseThrown(events);
                        return LastValue.take(NO_VALUE);
                    }
                    // It did not compile (a void call, a lambda, an error): JShell takes the snippet as it is.
                } finally {
                    if (declaration != null && jshell.status(declaration).isActive()) {
                        jshell.drop(declaration); // its value is taken; later snippets need not import it
                    }
                }
            }
        }
        execution.takeThrown();
        List<SnippetEvent> events = eval(piece.source(), cell, piece.offset());
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                errors.remember(event.snippet(), cell, piece);
                if (event.status() == Status.REJECTED) {
                    throw errors.compileError(cell, piece, jshell.diagnostics(event.snippet()).toList());
                }
            }
        }
        reportUnusable(events);
        raiseThrown(events);
        Object value = execution.takeValue();
        return last && !events.isEmpty() && hasValue(events.getFirst().snippet()) ? value : NO_VALUE;
    }

    /**
     * The cell's last snippet, when it looks like an expression, compiled and run by
     * {@link FastCompiler}: its value (null for a void call), or NOT_FAST when javac rejected it
     * (then nothing ran).
     */
    private Object evaluateFast(CellText cell, CellText.Snippet piece) {
        String expression = fast.enabled() ? FastPath.lastValueExpression(piece.source()) : null;
        if (expression == null) {
            return NOT_FAST;
        }
        compileBegins();
        return fast.expression(expression, cell, piece) instanceof FastCompiler.Ran ran ? ran.value() : NOT_FAST;
    }

    /** JShell's eval of a snippet of {@code cell} starting at {@code offset}: it compiles, then runs it. */
    private List<SnippetEvent> eval(String source, CellText cell, int offset) {
        recycler.evaluated();
        evaluatingCell = cell;
        evaluatingOffset = offset;
        compileBegins();
        List<SnippetEvent> events;
        try {
            events = jshell.eval(source);
        } finally {
            runBegins(); // if nothing was invoked (a declaration, an error), the compile is over all the same
        }
        redefinitions.afterEval(events);
        return events;
    }

    /** DirectExecution is about to run the snippet class just compiled. */
    private void invoking(String className) {
        places.running(className, evaluatingCell, evaluatingOffset);
        runBegins();
    }

    /** A snippet's compilation begins (once, when FastCompiler gave it up and JShell goes on with it). */
    private void compileBegins() {
        if (!compiling) {
            compiling = true;
            CompileListener listener = compileListener;
            if (listener != null) {
                listener.compiling(true);
            }
        }
    }

    /** The compiled snippet begins to run, or nothing will. */
    private void runBegins() {
        if (compiling) {
            compiling = false;
            CompileListener listener = compileListener;
            if (listener != null) {
                listener.compiling(false);
            }
        }
    }

    @Override
    public SourceLine locate(StackTraceElement frame) {
        return places.locate(frame, currentCell);
    }

    @Override
    public void onCompile(CompileListener listener) {
        this.compileListener = listener;
    }

    /** Expressions show their value; declarations, statements and void calls do not. */
    private static boolean hasValue(Snippet snippet) {
        return snippet instanceof ExpressionSnippet
                || (snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private void raiseThrown(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null && event.exception() != null) {
                Throwable thrown = execution.takeThrown();
                if (thrown instanceof CancelledError cancelled) {
                    throw cancelled; // the cell's task ends cancelled
                }
                throw errors.runtimeError(thrown != null ? thrown : event.exception(), event.exception());
            }
        }
    }

    /**
     * Tells the user, on stderr, about declarations that exist but cannot be used yet: a
     * method calling one not declared yet (JShell keeps it, "recoverable"), or a snippet
     * that a redefinition left waiting for something.
     */
    private void reportUnusable(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            Status status = event.status();
            boolean created = event.causeSnippet() == null;
            boolean variableUpdate = !created && event.snippet() instanceof VarSnippet; // Redefinitions tells of those
            if (event.snippet() instanceof DeclarationSnippet declaration && !variableUpdate
                    && (status == Status.RECOVERABLE_DEFINED || status == Status.RECOVERABLE_NOT_DEFINED)
                    && (created || event.previousStatus() != status)) {
                String note = errors.unusableNote(declaration, created);
                if (note != null) {
                    System.err.println("note: " + note);
                }
            }
        }
    }

    // ---- the other requests ----

    @Override
    public Completions complete(String code, int cursorCodePoints) {
        indexing.releaseAndWait(firstCompletionWaitMillis); // the first completion: packages and classes not imported
        return userClasses.complete(assist.complete(code, cursorCodePoints), code, cursorCodePoints, classPath.userEntries());
    }

    /** With the Javadoc of added libraries: their sources are fetched when first asked about ({@link LibraryDocs}). */
    @Override
    public Map<String, Object> inspect(String code, int cursorCodePoints, int detailLevel) {
        Map<String, Object> found = assist.inspect(code, cursorCodePoints, detailLevel);
        if (libraryDocs.addSourcesFor((String) found.get("text/plain"))) {
            found = assist.inspect(code, cursorCodePoints, detailLevel);
        }
        String text = (String) found.get("text/plain");
        String fromHtml = libraryDocs.fromJavadocJar(text);
        return fromHtml == null ? found : Map.of("text/plain", text + "\n\n" + fromHtml);
    }

    @Override
    public void setLibrarySources(Function<String, Path> sourcesOfClass) {
        libraryDocs.setSources(sourcesOfClass);
    }

    @Override
    public Completeness isComplete(String code) {
        return assist.isComplete(code);
    }

    @Override
    public Map<String, Object> userExpression(String expression) {
        return MimeRenderer.render(evaluate(expression));
    }

    @Override
    public Object evaluate(String expression) {
        enterCell();
        try {
            CellText cell = new CellText(expression, lastCount);
            List<CellText.Snippet> pieces = cell.snippets(analysis);
            if (pieces.size() != 1) {
                throw new CellError(CellErrors.COMPILATION_ERROR, "a user expression is one expression",
                        List.of("a user expression is one expression, not " + pieces.size() + " snippets"));
            }
            Object value = evaluate(cell, pieces.getFirst(), true);
            return value == NO_VALUE ? null : value;
        } finally {
            cellRunning = false;
        }
    }

    @Override
    public void interrupt() {
        interrupts.interrupt();
    }

    @Override
    public void clearInterrupt() {
        interrupts.clear();
    }

    /** Drops JShell's javac contexts and the fast compiler's: some tens of MB, made again by the next cells. */
    @Override
    public void releaseMemory() {
        recycler.recycleNow();
        fast.releaseContext();
    }

    @Override
    public void addToClasspath(String path) {
        for (String entry : path.split(File.pathSeparator)) {
            classPath.addUserEntry(Path.of(entry));
        }
        jshell.addToClasspath(path);
    }

    SnippetPruner pruner() {
        return pruner;
    }

    FastCompiler fastCompiler() {
        return fast;
    }

    /** How many snippets JShell keeps (tests of what it is spared). */
    long jshellSnippetCount() {
        return jshell.snippets().count();
    }

    /** Whether JShell's index of the class path is still held back (see {@link IndexingHold}). */
    boolean indexingHeld() {
        return indexing.isHeld();
    }

    /** For tests that must not depend on how quickly this machine builds the index. */
    void firstCompletionWaitMillis(long millis) {
        firstCompletionWaitMillis = millis;
    }

    @Override
    public CellError error(Throwable thrown) {
        return thrown instanceof CellError e ? e : errors.error(thrown);
    }

    @Override
    public List<String> plainTraceback(Throwable thrown) {
        return errors.plainTraceback(thrown);
    }

    @Override
    public List<String> userFrames(StackTraceElement[] stack) {
        return names.userFrames(stack);
    }

    @Override
    public void close() {
        indexing.release(); // JShell's one indexing thread serves every JShell of the JVM
        if (CodeNames.installed() == names) {
            CodeNames.install(null);
        }
        Display.unregister(loop);
        jshell.close();
    }

    /** The code sources of these classes that the compiler's class path (java.class.path) lacks. */
    private static List<String> missingFromCompilerClassPath(Class<?>... classes) {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path", "").split(File.pathSeparator));
        return Arrays.stream(classes)
                .map(JShellInterpreter::codeSource)
                .filter(p -> p != null && !classPath.contains(p))
                .distinct()
                .toList();
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
