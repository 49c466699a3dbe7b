package jasyncio.kernel.shell;

import jasyncio.kernel.shell.Interpreter.Completions;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Completion of the classes of added jars that no import names yet: JShell completes only
 * names in scope, so {@code StringUti} after {@code %maven org.apache.commons:commons-lang3:...}
 * would find nothing. Offered as the qualified name ({@code org.apache.commons.lang3.StringUtils}),
 * which compiles where it stands and shows the package. The public top-level classes of each
 * entry are read once, on the first completion after it was added.
 */
final class UserClasses {
    private final Map<Path, List<String>> classes = new HashMap<>();

    /** JShell's completions, with the added classes whose simple name starts with the word at the cursor. */
    Completions complete(Completions jshell, String code, int cursorCodePoints, List<Path> entries) {
        if (entries.isEmpty()) {
            return jshell;
        }
        int cursor = CodeAssist.charIndex(code, cursorCodePoints);
        int start = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        String prefix = code.substring(start, cursor);
        if (prefix.isEmpty() || !Character.isUpperCase(prefix.charAt(0)) || (start > 0 && code.charAt(start - 1) == '.')) {
            return jshell;
        }
        int startCodePoints = code.codePointCount(0, start);
        Set<String> matches = new LinkedHashSet<>();
        boolean sameRange = jshell.cursorStartCodePoints() == startCodePoints || jshell.matches().isEmpty();
        if (sameRange) {
            matches.addAll(jshell.matches());
        }
        for (Path entry : entries) {
            for (String name : classes.computeIfAbsent(entry, UserClasses::publicClasses)) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                if (simple.startsWith(prefix) && !matches.contains(simple)) {
                    matches.add(name);
                }
            }
        }
        if (!sameRange || matches.size() == jshell.matches().size()) {
            return jshell;
        }
        return new Completions(new ArrayList<>(matches), startCodePoints, cursorCodePoints);
    }

    /** The public top-level classes of a jar or folder, qualified. */
    static List<String> publicClasses(Path entry) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f : files.filter(p -> isTopLevelClass(p.toString())).toList()) {
                        addIfPublic(names, entry.relativize(f).toString(), Files.readAllBytes(f));
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    for (JarEntry e : jar.stream().filter(e -> isTopLevelClass(e.getName())).toList()) {
                        addIfPublic(names, e.getName(), jar.getInputStream(e).readAllBytes());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // what was read so far
        }
        return names;
    }

    private static boolean isTopLevelClass(String name) {
        return name.endsWith(".class") && name.indexOf('$') < 0 && !name.startsWith("META-INF")
                && !name.endsWith("module-info.class") && !name.endsWith("package-info.class");
    }

    private static void addIfPublic(List<String> names, String path, byte[] bytes) {
        if (ClassFile.of().parse(bytes).flags().has(AccessFlag.PUBLIC)) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.'));
        }
    }
}
