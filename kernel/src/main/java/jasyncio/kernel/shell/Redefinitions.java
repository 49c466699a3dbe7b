package jasyncio.kernel.shell;

import jasyncio.kernel.display.ValueText;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jshell.Diag;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.Snippet.Status;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * What a redefinition does to the session's variables: never a value lost without a word, and
 * none lost at all where it can be kept.
 *
 * <p>A variable's value lives in a static field of the class JShell compiled its declaration
 * in. When a later snippet changes what a declaration depends on (a class, record or interface
 * redefined, a method's signature changed, a variable it reads redeclared, an import), JShell
 * compiles the declaration again. The jshell tool, over JDI, can redefine the class in place and
 * keeps the value; the kernel's execution engine runs snippets in its own JVM and cannot, so
 * JShell loads a new class whose field holds the type's default (null, 0) and does not run the
 * initializer again; or, when the initializer no longer compiles, leaves the variable
 * undefined. Jupyter kernels on JShell lose values this way without a word (JJava #53, #64,
 * #119, #128). Here, from JShell's events (an update: a {@code VarSnippet} event whose
 * {@code causeSnippet} is another snippet):
 * <ul>
 * <li>recompiled with the same type (the same classes, type arguments included): the old value
 * is copied into the new field, silently, as the jshell tool keeps it;
 * <li>recompiled with another type (its class was redefined, so the old value is an instance of
 * the old class): reset, and a note names the variable, its old value and the redefinition;
 * <li>no longer compiling (its initializer uses what changed) while its type is unchanged:
 * declared again without an initializer ({@code int n;}) and given its old value, with a note;
 * <li>no longer compiling, its type changed: gone, with a note naming its old value, the reason
 * and the cell that declared it.
 * </ul>
 * A variable the user declares again (the same name) is theirs to replace: no note. Loop thread
 * only, after each JShell evaluation of a cell.
 */
final class Redefinitions {
    /** The value shown in a note is cut to this many characters. */
    private static final int VALUE_CHARS = 80;
    /** Re-declarations can update other declarations again: at most this many rounds. */
    private static final int MAX_ROUNDS = 8;

    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final SnippetLoader loader;
    private final CellPlaces places;
    private final Function<Snippet, List<Diag>> diagnostics;
    private final Consumer<String> notes;
    /** Variable snippet id to the class its value lives in now (the old class after an update). */
    private final Map<String, String> valueClasses = new HashMap<>();

    Redefinitions(JShell jshell, SnippetLoader loader, CellPlaces places, Consumer<String> notes) {
        this.jshell = jshell;
        this.analysis = jshell.sourceCodeAnalysis();
        this.loader = loader;
        this.places = places;
        this.diagnostics = s -> jshell.diagnostics(s).toList();
        this.notes = notes;
    }

    /** After a JShell evaluation: keep or report the values its updates touched, then remember where values live. */
    void afterEval(List<SnippetEvent> events) {
        List<SnippetEvent> round = events;
        for (int i = 0; i < MAX_ROUNDS && !round.isEmpty(); i++) {
            List<SnippetEvent> next = new ArrayList<>();
            for (SnippetEvent event : round) {
                if (event.snippet() instanceof VarSnippet variable && isUpdate(event) && !variable.name().startsWith(FastPath.VARIABLE)) {
                    next.addAll(updated(variable, event, cause(event.causeSnippet(), round)));
                }
            }
            remember(round);
            round = next;
        }
    }

    /** JShell changed a variable the user had, because of another snippet (not one that declares the same name). */
    private static boolean isUpdate(SnippetEvent event) {
        Snippet cause = event.causeSnippet();
        return cause != null && cause != event.snippet() && event.previousStatus() == Status.VALID
                && !(cause instanceof VarSnippet v && v.name().equals(((VarSnippet) event.snippet()).name()));
    }

    /** Handles one updated variable; returns the events of a re-declaration, if it made one. */
    private List<SnippetEvent> updated(VarSnippet variable, SnippetEvent event, String because) {
        Field oldField = field(valueClasses.get(variable.id()), variable.name());
        if (oldField == null) {
            return List.of(); // where its value lived is not known (declared before this kernel watched): nothing to keep
        }
        Object value = read(oldField);
        if (event.status() == Status.VALID) {
            Field newField = field(analysis.wrapper(variable).fullClassName(), variable.name());
            if (newField == null || newField.equals(oldField)) {
                return List.of();
            }
            if (newField.getGenericType().equals(oldField.getGenericType())) {
                write(newField, value); // the jshell tool keeps it (it redefines the class in place); so do we
            } else if (!isDefault(oldField, value)) {
                notes.accept("variable " + variable.name() + " (" + variable.typeName() + ") was reset to "
                        + defaultText(newField) + ": " + because + ", and its value " + shown(value) + " was made of the old "
                        + typeNames(oldField) + " (run " + where(variable) + " again for one of the new)");
            }
            return List.of();
        }
        if (event.status() == Status.OVERWRITTEN || event.status() == Status.DROPPED) {
            return List.of();
        }
        // It no longer compiles (or waits for something): keep it, declared without its initializer, if its type is the same.
        String why = reason(variable);
        if (typeUnchanged(oldField.getGenericType())) {
            List<SnippetEvent> redeclared = jshell.eval(variable.typeName() + " " + variable.name() + ";");
            Snippet declaration = redeclared.isEmpty() ? null : redeclared.getFirst().snippet();
            Field newField = declaration instanceof VarSnippet v && jshell.status(v) == Status.VALID
                    ? field(analysis.wrapper(v).fullClassName(), v.name()) : null;
            if (newField != null && newField.getGenericType().equals(oldField.getGenericType())) {
                write(newField, value);
                notes.accept("variable " + variable.name() + " keeps its value " + shown(value) + ": " + because
                        + ", and its initializer in " + where(variable) + " no longer compiles" + why
                        + ", so it is declared without one: " + variable.typeName() + " " + variable.name() + ";");
                return redeclared;
            }
            if (declaration != null && jshell.status(declaration).isActive()) {
                jshell.drop(declaration);
            }
        }
        notes.accept("variable " + variable.name() + " (" + variable.typeName() + ") is gone, and its value " + shown(value)
                + " with it: " + because + ", and its declaration in " + where(variable) + ", " + variable.source().strip()
                + ", no longer compiles" + why);
        return List.of();
    }

    /** Where the values of defined variables live now, for the next update. */
    private void remember(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.snippet() instanceof VarSnippet variable) {
                if (jshell.status(variable) == Status.VALID) {
                    valueClasses.put(variable.id(), analysis.wrapper(variable).fullClassName());
                } else if (!jshell.status(variable).isActive()) {
                    valueClasses.remove(variable.id());
                }
            }
        }
    }

    /** The snippet is gone from JShell (see SnippetPruner). */
    void forget(String snippetId) {
        valueClasses.remove(snippetId);
    }

    /**
     * Whether every class the type names is still the one its name means now: none of them is
     * a cell's class that has since been compiled again (a new class of the same name).
     */
    private boolean typeUnchanged(Type type) {
        for (Class<?> named : classesIn(type, new ArrayList<>())) {
            if (named.getName().startsWith(JShellInternals.REPL_PACKAGE_PREFIX) && !named.getName().equals(currentName(named))) {
                return false;
            }
        }
        return true;
    }

    /** The binary name a cell's type has now ("REPL.$JShell$12C$Point"), or null when it is not declared any more. */
    private String currentName(Class<?> snippetClass) {
        String outer = SnippetPruner.outerClassName(snippetClass.getName());
        String nested = snippetClass.getName().substring(JShellInternals.REPL_PACKAGE_PREFIX.length() + outer.length());
        if (nested.isEmpty()) {
            return null;
        }
        String path = nested.substring(1); // "Point", "Outer$Inner"
        String top = path.contains("$") ? path.substring(0, path.indexOf('$')) : path;
        return jshell.types().filter(t -> t.name().equals(top) && jshell.status(t) == Status.VALID).findFirst()
                .map(t -> analysis.wrapper(t).fullClassName() + "$" + path).orElse(null);
    }

    private static List<Class<?>> classesIn(Type type, List<Class<?>> out) {
        switch (type) {
            case Class<?> c -> out.add(c.isArray() ? c.componentType() : c);
            case ParameterizedType p -> {
                classesIn(p.getRawType(), out);
                for (Type argument : p.getActualTypeArguments()) {
                    classesIn(argument, out);
                }
            }
            case GenericArrayType a -> classesIn(a.getGenericComponentType(), out);
            case WildcardType w -> {
                for (Type bound : w.getUpperBounds()) {
                    classesIn(bound, out);
                }
                for (Type bound : w.getLowerBounds()) {
                    classesIn(bound, out);
                }
            }
            default -> { } // a type variable: no class of its own
        }
        return out;
    }

    /** "record Point was redefined", "class List was declared", "import java.util.concurrent.* was added". */
    private static String cause(Snippet cause, List<SnippetEvent> events) {
        if (cause instanceof ImportSnippet i) {
            return i.source().strip() + " was added";
        }
        boolean isNew = events.stream().anyMatch(e -> e.snippet() == cause && e.causeSnippet() == null
                && e.previousStatus() == Status.NONEXISTENT);
        return CellErrors.describe(cause) + (isNew ? " was declared" : " was redefined");
    }

    /** JShell's first error for the declaration, as " (incompatible types: ...)"; "" when none. */
    private String reason(VarSnippet variable) {
        List<String> waiting = jshell.unresolvedDependencies(variable).toList();
        if (!waiting.isEmpty()) {
            return " (it needs " + String.join(", ", waiting) + ", which is not declared)";
        }
        return diagnostics.apply(variable).stream().filter(Diag::isError).findFirst()
                .map(d -> " (" + String.join("; ", d.getMessage(java.util.Locale.ROOT).lines()
                        .map(l -> l.strip().replaceAll("\\s+", " ").replaceAll("[;:]$", ""))
                        .filter(l -> !l.isEmpty() && !l.equals("location: class")).toList()) + ")")
                .orElse("");
    }

    /** "Cell In[3]", the cell that declared the variable, or "its cell". */
    private String where(VarSnippet variable) {
        String cell = places.cellOf(variable.id());
        return cell == null ? "its cell" : cell;
    }

    /** The static field of a variable in the class its value lives in, or null when that class is gone. */
    private Field field(String className, String name) {
        if (className == null) {
            return null;
        }
        try {
            Field f = loader.findClass(className).getDeclaredField(name);
            if (!Modifier.isStatic(f.getModifiers())) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Object read(Field f) {
        try {
            return f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Field f, Object value) {
        try {
            f.set(null, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // final, or not assignable after all: it keeps JShell's default
        }
    }

    /** Whether the value is what a new field of its type holds (then a reset loses nothing). */
    private static boolean isDefault(Field f, Object value) {
        return value == null || value.equals(DEFAULTS.get(f.getType()));
    }

    private static final Map<Class<?>, Object> DEFAULTS = Map.of(boolean.class, false, byte.class, (byte) 0,
            short.class, (short) 0, char.class, '\0', int.class, 0, long.class, 0L, float.class, 0f, double.class, 0d);

    private static String defaultText(Field f) {
        Class<?> t = f.getType();
        return !t.isPrimitive() ? "null" : t == boolean.class ? "false" : t == char.class ? "'\\u0000'" : "0";
    }

    /** The classes of cells the old field's type names, e.g. "Point" or "Item". */
    private static String typeNames(Field oldField) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : classesIn(oldField.getGenericType(), new ArrayList<>())) {
            if (c.getName().startsWith(JShellInternals.REPL_PACKAGE_PREFIX)) {
                names.add(c.getSimpleName());
            }
        }
        return names.isEmpty() ? oldField.getType().getSimpleName() : String.join(", ", names);
    }

    /** The value as JShell would print it, cut short, cells' classes by the names the user gave them. */
    private static String shown(Object value) {
        String text;
        try {
            text = ValueText.of(value).replaceAll("REPL\\.\\$JShell\\$\\d+[A-Z]*\\$", "");
        } catch (RuntimeException | LinkageError e) {
            text = "(a value whose toString failed: " + e + ")";
        }
        return text.length() <= VALUE_CHARS ? text : text.substring(0, VALUE_CHARS - 3) + "...";
    }
}
