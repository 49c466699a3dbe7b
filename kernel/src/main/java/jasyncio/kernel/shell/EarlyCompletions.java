package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.Completions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * complete_request before the interpreter exists, by reflection alone: the names a first cell
 * can use are the prelude's (no cell has run yet, so no variable or declaration of the user's
 * exists), so {@code Type.prefix} lists the static members of a type of java.lang or an
 * imported package, and a bare {@code prefix} the statically imported functions ({@code await},
 * {@code sleep}, {@code display}, ...) and the imported types. A front end that waits for a
 * completion with its user's keys held back (jupyter console waits up to 5 s, then reads every
 * later reply one request late) gets its answer at once while JShell starts; once it has, JShell
 * completes. Continuations are written as JShell writes them: {@code currentTimeMillis()} for a
 * method without parameters, {@code max(} otherwise.
 */
public final class EarlyCompletions {
    /** A short prefix ("S") matches many types: at most this many are loaded to check they are public. */
    private static final int MAX_TYPE_CANDIDATES = 200;
    private static volatile EarlyCompletions instance;

    /**
     * Simple type name to binary name, for the prelude's packages and java.lang (a single-type
     * import wins, as it does in Java); classes are loaded only when a completion needs them.
     */
    private final Map<String, String> types = new TreeMap<>();
    private final ClassLoader loader;
    /** The statically imported methods and fields, by name, with their continuation. */
    private final Map<String, String> staticImports = new TreeMap<>();

    private EarlyCompletions(ClassLoader loader) {
        this.loader = loader;
        List<String> packages = new ArrayList<>(List.of("java.lang"));
        for (String line : Prelude.imports(loader)) {
            String imported = line.replaceFirst("^import (static )?", "").replace(";", "");
            if (line.startsWith("import static ")) {
                String owner = imported.substring(0, imported.lastIndexOf('.'));
                String member = imported.substring(imported.lastIndexOf('.') + 1);
                Class<?> type = load(owner, loader);
                if (type != null) {
                    addStaticMembers(type, member.equals("*") ? null : member);
                }
            } else if (imported.endsWith(".*")) {
                packages.add(imported.substring(0, imported.length() - 2));
            } else {
                types.put(imported.substring(imported.lastIndexOf('.') + 1), imported);
            }
        }
        for (String pkg : packages) {
            for (String simple : topLevelTypes(pkg)) {
                types.putIfAbsent(simple, pkg + "." + simple);
            }
        }
    }

    /** Completions at the cursor (in code points), from the prelude's names alone. */
    public static Completions complete(String code, int cursorCodePoints) {
        EarlyCompletions names = instance;
        if (names == null) {
            names = new EarlyCompletions(EarlyCompletions.class.getClassLoader());
            instance = names;
        }
        return names.completeAt(code, cursorCodePoints);
    }

    private Completions completeAt(String code, int cursorCodePoints) {
        int cursor = CodeAssist.charIndex(code, cursorCodePoints);
        int start = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        String prefix = code.substring(start, cursor);
        TreeSet<String> matches = new TreeSet<>();
        if (start > 0 && code.charAt(start - 1) == '.') {
            int ownerEnd = start - 1;
            int ownerStart = ownerEnd;
            while (ownerStart > 0 && Character.isJavaIdentifierPart(code.charAt(ownerStart - 1))) {
                ownerStart--;
            }
            String ownerName = ownerStart > 0 && code.charAt(ownerStart - 1) == '.' ? null : types.get(code.substring(ownerStart, ownerEnd));
            Class<?> owner = ownerName == null ? null : load(ownerName, loader);
            if (owner != null) {
                staticMembers(owner).forEach((name, continuation) -> {
                    if (name.startsWith(prefix)) {
                        matches.add(continuation);
                    }
                });
            }
        } else {
            staticImports.forEach((name, continuation) -> {
                if (name.startsWith(prefix)) {
                    matches.add(continuation);
                }
            });
            if (!prefix.isEmpty()) { // only the candidates are loaded, to see that they are public
                types.entrySet().stream().filter(t -> t.getKey().startsWith(prefix)).limit(MAX_TYPE_CANDIDATES)
                        .filter(t -> isPublicType(t.getValue())).forEach(t -> matches.add(t.getKey()));
            }
        }
        return new Completions(new ArrayList<>(matches), code.codePointCount(0, start), code.codePointCount(0, cursor));
    }

    private void addStaticMembers(Class<?> type, String only) {
        staticMembers(type).forEach((name, continuation) -> {
            if (only == null || only.equals(name)) {
                staticImports.merge(name, continuation, EarlyCompletions::overloads);
            }
        });
    }

    /** The public static methods, fields and member types of a type: name → continuation. */
    private static Map<String, String> staticMembers(Class<?> type) {
        Map<String, String> members = new TreeMap<>();
        try {
            for (Method m : type.getMethods()) {
                if (isPublicStatic(m)) {
                    members.merge(m.getName(), m.getName() + (m.getParameterCount() == 0 ? "()" : "("), EarlyCompletions::overloads);
                }
            }
            for (Field f : type.getFields()) {
                if (isPublicStatic(f)) {
                    members.put(f.getName(), f.getName());
                }
            }
            for (Class<?> nested : type.getClasses()) {
                members.put(nested.getSimpleName(), nested.getSimpleName());
            }
        } catch (LinkageError e) {
            // a type whose members cannot be resolved here: it offers nothing early
        }
        return members;
    }

    /** JShell writes {@code name(} when any overload takes parameters, {@code name()} only when none does. */
    private static String overloads(String a, String b) {
        return a.endsWith("()") && b.endsWith("()") ? a : a.endsWith("(") ? a : b;
    }

    private static boolean isPublicStatic(Member m) {
        return Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && !m.isSynthetic();
    }

    private boolean isPublicType(String name) {
        Class<?> type = load(name, loader);
        return type != null && Modifier.isPublic(type.getModifiers());
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The top-level class names of a package: the JDK's from the jrt file system, the loop's from the prelude's listing. */
    private static List<String> topLevelTypes(String pkg) {
        if (!pkg.startsWith("java.")) {
            return pkg.equals(Prelude.LOOP_PACKAGE) ? List.copyOf(Prelude.topLevelClassNames()) : List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
            Path dir = jrt.getPath("/packages", pkg);
            if (!Files.isDirectory(dir)) {
                return names;
            }
            try (Stream<Path> modules = Files.list(dir)) {
                for (Path module : modules.toList()) {
                    Path classes = jrt.getPath("/modules", module.getFileName().toString(), pkg.replace('.', '/'));
                    try (Stream<Path> files = Files.list(classes)) {
                        files.map(p -> p.getFileName().toString())
                                .filter(f -> f.endsWith(".class") && f.indexOf('$') < 0 && !f.equals("package-info.class"))
                                .forEach(f -> names.add(f.substring(0, f.length() - ".class".length())));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no jrt file system: the package's types are not offered early
        }
        return names;
    }
}
