package jasyncio.kernel.shell;

import jasyncio.loop.EventLoop;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The imports every cell starts with: the jshell tool's default imports, java.net.http and
 * java.nio (HttpClient and the ByteBuffers of its bodies, the JDK's own async I/O), the async API
 * ({@code jasyncio.loop.*} and {@code import static jasyncio.loop.Asyncio.*}), the display
 * functions and {@code loop()}. A jasyncio.loop type whose simple name is also in one of the
 * on-demand imports (Future: java.util.concurrent.Future) gets a single-type import, which
 * wins, so {@code Future<Integer> f} means jasyncio's. The clashes are found, not listed, as
 * the loop package grows.
 */
final class Prelude {
    /** The jshell tool's DEFAULT startup (the JShell API itself imports nothing). */
    static final List<String> JSHELL_DEFAULT_PACKAGES = List.of("java.io", "java.math", "java.net", "java.nio.file",
            "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs", "java.util.regex",
            "java.util.stream");
    /**
     * And the JDK's own async I/O, which cells await: HttpClient (sendAsync gives a
     * CompletableFuture, ofPublisher a Flow.Publisher of ByteBuffers).
     */
    static final List<String> ASYNC_PACKAGES = List.of("java.net.http", "java.nio");
    /** Every package a cell imports on demand. */
    static final List<String> CELL_PACKAGES = Stream.concat(JSHELL_DEFAULT_PACKAGES.stream(), ASYNC_PACKAGES.stream()).toList();
    static final String LOOP_PACKAGE = EventLoop.class.getPackageName();

    private Prelude() {
    }

    /** The last list made and the loader it was made for: the interpreter and EarlyCompletions share it (a fraction of a second to make). */
    private static volatile Map.Entry<ClassLoader, List<String>> made;

    static List<String> imports(ClassLoader loader) {
        Map.Entry<ClassLoader, List<String>> last = made;
        if (last != null && last.getKey() == loader) {
            return last.getValue();
        }
        List<String> imports = List.copyOf(makeImports(loader));
        made = Map.entry(loader, imports);
        return imports;
    }

    private static List<String> makeImports(ClassLoader loader) {
        List<String> imports = new ArrayList<>();
        CELL_PACKAGES.forEach(p -> imports.add("import " + p + ".*;"));
        imports.add("import " + LOOP_PACKAGE + ".*;");
        for (String name : clashingLoopTypes(loader)) {
            imports.add("import " + LOOP_PACKAGE + "." + name + ";");
        }
        imports.add("import static " + LOOP_PACKAGE + ".Asyncio.*;");
        imports.add("import jasyncio.kernel.display.MimeBundle;");
        imports.add("import jasyncio.kernel.display.DisplayHandle;");
        imports.add("import static jasyncio.kernel.display.Display.*;");
        imports.add("import static " + Notebook.class.getName() + ".*;");
        imports.add("import static jasyncio.kernel.player.LoopState.loopState;"); // display(loopState(myLoop)): a picture of a loop's state
        imports.add("import static jasyncio.kernel.Stdin.input;"); // the awaitable input(prompt) of the kernel's stdin channel
        return imports;
    }

    /** The public jasyncio.loop types whose simple name java.lang or a default import also has. */
    static List<String> clashingLoopTypes(ClassLoader loader) {
        List<String> clashes = new ArrayList<>();
        for (String name : publicLoopTypes(loader)) {
            boolean clash = Stream.concat(Stream.of("java.lang"), CELL_PACKAGES.stream())
                    .anyMatch(p -> isPublicType(p + "." + name, loader));
            if (clash) {
                clashes.add(name);
            }
        }
        return clashes;
    }

    private static List<String> publicLoopTypes(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (String simple : topLevelClassNames()) {
            if (isPublicType(LOOP_PACKAGE + "." + simple, loader)) {
                names.add(simple);
            }
        }
        return names;
    }

    /** The top-level class names in the loop package, read from its directory or jar. */
    static TreeSet<String> topLevelClassNames() {
        TreeSet<String> names = new TreeSet<>();
        String folder = LOOP_PACKAGE.replace('.', '/') + "/";
        try {
            Path source = Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.list(source.resolve(folder))) {
                    files.map(p -> p.getFileName().toString()).forEach(f -> addClassName(names, f));
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(folder) && n.indexOf('/', folder.length()) < 0)
                            .forEach(n -> addClassName(names, n.substring(folder.length())));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            names.add("Future"); // the one clash known when this was written
        }
        return names;
    }

    private static void addClassName(TreeSet<String> names, String fileName) {
        if (fileName.endsWith(".class") && fileName.indexOf('$') < 0) {
            names.add(fileName.substring(0, fileName.length() - ".class".length()));
        }
    }

    private static boolean isPublicType(String name, ClassLoader loader) {
        try {
            return Modifier.isPublic(Class.forName(name, false, loader).getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
