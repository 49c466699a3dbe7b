package jasyncio.kernel.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Forgets, every {@link #CELLS_PER_SWEEP} cells, what JShell keeps of snippets no later cell
 * can use: statements and expressions once run, declarations replaced or dropped, and the
 * classes compiled for them ({@link JShellInternals} lists where JShell keeps them). Without
 * it a long session grows with every cell it runs, even when it declares nothing new: each
 * snippet keeps a wrapped source with one import line per live declaration, and javac lists
 * the classes of all snippets ever compiled whenever it compiles one, so both memory and the
 * round trip of a cell grow with the number of cells run. Once forgotten, a snippet's classes
 * can be unloaded ({@link SnippetLoader}).
 *
 * <p>What is forgotten has been dead for one whole sweep period at least (mark, then sweep),
 * so the frames of a recent cell's code in a stack trace still show that cell's lines; after
 * that, a frame of a forgotten snippet (a task made by a cell run long ago) shows its method
 * without a line. Live declarations, and the classes they were last compiled in, are never
 * touched.
 */
final class SnippetPruner {
    static final int CELLS_PER_SWEEP = 50;

    private final JShell jshell;
    private final JShellInternals internals;
    private final int cellsPerSweep;
    /** Told the id of each forgotten snippet whose id no live snippet has (its cell lines are gone). */
    private final Consumer<String> forgottenId;
    /** Told the binary name of each forgotten class, nested ones included. */
    private final Consumer<String> forgottenClass;
    private Set<Snippet> markedSnippets = Collections.newSetFromMap(new IdentityHashMap<>());
    private Set<String> markedClasses = new HashSet<>();
    private int cells;
    private boolean failed;
    /** Why forgetting stopped, once it has (see {@link #whyOff}). */
    private String failure;
    private long forgottenSnippets;
    private long forgottenClasses;

    SnippetPruner(JShell jshell, int cellsPerSweep, Consumer<String> forgottenId, Consumer<String> forgottenClass) {
        this.jshell = jshell;
        this.internals = JShellInternals.open(jshell);
        this.cellsPerSweep = cellsPerSweep;
        this.forgottenId = forgottenId;
        this.forgottenClass = forgottenClass;
    }

    /** Whether JShell's internals could be reached (and a sweep never failed); if not, nothing is forgotten. */
    boolean enabled() {
        return internals != null && !failed;
    }

    /** Null while dead snippets are forgotten; else why not, in words for the kernel's log and %loop. */
    String whyOff() {
        if (internals == null) {
            return "JShell's internals cannot be reached (the kernel jar's manifest opens jdk.jshell; without it, run java"
                    + " with --add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED): dead snippets are never forgotten, so memory"
                    + " and each cell's round trip grow with every cell of the session";
        }
        return failed ? "forgetting dead snippets failed (" + failure + ": JShell's internals are not what this kernel"
                + " knows) and is off from now on: memory and each cell's round trip grow with every cell" : null;
    }

    /** After each cell: sweeps every {@code cellsPerSweep} cells. */
    void cellEnded() {
        if (enabled() && ++cells % cellsPerSweep == 0) {
            try {
                sweep();
            } catch (RuntimeException e) {
                failed = true; // JShell's internals are not what they were: keep everything from now on
                failure = e.toString();
            }
        }
    }

    /** Forgets what was dead at the last sweep, and marks what is dead now. */
    void sweep() {
        markedSnippets.forEach(this::forgetSnippet);
        forgetClasses(markedClasses);
        forgottenSnippets += markedSnippets.size();
        forgottenClasses += markedClasses.size();
        Set<Snippet> deadSnippets = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Snippet s : internals.snippets) {
            if (!isLive(s)) {
                deadSnippets.add(s);
            }
        }
        Set<String> deadClasses = new HashSet<>();
        internals.classOuters.forEach((name, classWrap) -> {
            if (internals.snippetsIn(classWrap).stream().noneMatch(s -> isLive(s) && internals.outerOf(s) == classWrap)) {
                deadClasses.add(name);
            }
        });
        markedSnippets = deadSnippets;
        markedClasses = deadClasses;
    }

    /** Declarations in force (variables, methods, types, imports, even those waiting for a missing name). */
    private boolean isLive(Snippet s) {
        return s.kind().isPersistent() && jshell.status(s).isActive();
    }

    private void forgetSnippet(Snippet s) {
        internals.snippets.remove(s);
        int index = internals.keyIndex(s);
        if (index < internals.keyIndexToSnippet.size() && internals.keyIndexToSnippet.get(index) == s) {
            internals.keyIndexToSnippet.set(index, null);
            forgottenId.accept(s.id());
        }
    }

    /** Forgets the class wraps named (e.g. "$JShell$12B") and the bytes of their classes and nested classes. */
    private void forgetClasses(Set<String> names) {
        if (names.isEmpty()) {
            return;
        }
        names.forEach(internals.classOuters::remove);
        List<String> forgotten = new ArrayList<>();
        for (String binaryName : internals.classBytes.keySet()) {
            if (names.contains(outerClassName(binaryName))) {
                forgotten.add(binaryName);
            }
        }
        for (String binaryName : internals.trackedClasses.keySet()) {
            if (names.contains(outerClassName(binaryName)) && !internals.classBytes.containsKey(binaryName)) {
                forgotten.add(binaryName);
            }
        }
        for (String binaryName : forgotten) {
            internals.classBytes.remove(binaryName);
            internals.trackedClasses.remove(binaryName);
            forgottenClass.accept(binaryName);
        }
    }

    /** "REPL.$JShell$12B$Counter" to "$JShell$12B" (the key of its wrap), or null for other names. */
    static String outerClassName(String binaryName) {
        if (!binaryName.startsWith(JShellInternals.REPL_PACKAGE_PREFIX)) {
            return null;
        }
        String simple = binaryName.substring(JShellInternals.REPL_PACKAGE_PREFIX.length());
        int nested = simple.indexOf('$', simple.indexOf('$', 1) + 1);
        return nested < 0 ? simple : simple.substring(0, nested);
    }

    /** The snippets JShell keeps now (live ones, and dead ones not swept yet); 0 when disabled. */
    int retainedSnippets() {
        return internals == null ? 0 : internals.snippets.size();
    }

    long forgottenSnippets() {
        return forgottenSnippets;
    }

    long forgottenClasses() {
        return forgottenClasses;
    }
}
