package jasyncio.kernel.magic;

import jasyncio.kernel.maven.Coordinates;
import jasyncio.kernel.maven.Libraries;
import jasyncio.kernel.maven.Maven;
import jasyncio.kernel.maven.MavenRequest;
import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.CancelledError;
import jasyncio.loop.EventLoop;
import jasyncio.loop.TimerHandle;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * %maven, %%maven, %mavenRepo and %classpath: libraries for cells (IJava's and the Kotlin
 * kernel's %maven / @file:DependsOn, with Maven's own resolver and settings). A resolution runs
 * off the loop thread while the cell awaits it, with one display that updates as it goes; then
 * the jars go to the interpreter (its compiler and its loader, for the next snippet on) and a
 * table says what was added. Interrupt cancels it and adds nothing.
 */
final class MavenMagics {
    private static final double PROGRESS_SECONDS = 0.25;
    private static final Pattern UPDATE_POLICY = Pattern.compile("always|daily|never|interval:\\d+");

    private MavenMagics() {
    }

    static void register(Magics magics) {
        Maven maven = new Maven();
        magics.add(new Magic("maven", Magic.Kind.LINE, "GROUP:ARTIFACT:VERSION ... [--exclude GROUP:ARTIFACT] | --list", """
                Resolves the artifacts with their compile and runtime dependencies from Maven repositories, as
                Maven does (Maven Resolver; nearest wins; ~/.m2/settings.xml: mirrors, proxies, servers, offline,
                localRepository), and adds them to the class path of cells: the rest of this cell and later ones.
                Coordinates: GROUP:ARTIFACT:VERSION, GROUP:ARTIFACT:EXTENSION:CLASSIFIER:VERSION; versions may be
                ranges ([1.0,2.0)) or SNAPSHOTs (with %mavenRepo). --exclude GROUP:ARTIFACT (* matches any) leaves a
                dependency out. Lines after the first run as code once the libraries are loaded.
                One version of a library per kernel: another version of one already loaded is not added, with a
                warning (restart the kernel to change it). Checksums must match. Interrupt stops a resolution.
                %maven --list shows what this kernel loaded, as trees, with the repositories and settings used.
                e.g. %maven org.apache.commons:commons-text:1.15.0""",
                (host, args, body) -> line(host, maven, args)));
        magics.add(new Magic("maven", Magic.Kind.CELL, "[--exclude GROUP:ARTIFACT]", """
                %maven for many: the cell holds coordinates (one or more a line), or a POM fragment:
                <dependencies> or <dependency> elements with <classifier>, <type>, <scope>, <optional> and
                <exclusions>, read by Maven's own POM reader. Scopes: what a test class path has (any
                declared scope; compile and runtime dependencies of them).""",
                (host, args, body) -> cell(host, maven, args, body)));
        magics.add(new Magic("mavenRepo", Magic.Kind.LINE,
                "ID URL [--update always|daily|never|interval:MINUTES] [--releases-only|--snapshots-only] | --remove ID", """
                Adds a Maven repository that %maven searches before Maven Central (after the repositories of the
                settings' active profiles), for releases and snapshots, with Maven's update policy for snapshots
                and metadata (default daily, as Maven's). A mirror in settings.xml applies to it as in Maven.
                Without arguments, lists the repositories searched. e.g. %mavenRepo snapshots https://example.org/snapshots --update always""",
                (host, args, body) -> repository(host, maven, args)));
        magics.add(new Magic("classpath", Magic.Kind.LINE, "PATH", """
                Adds a jar or a folder of classes to the class path of later cells (and of the rest of this one).
                A jar that names its Maven coordinates (META-INF/maven/.../pom.properties) counts as that library
                for %maven's conflicts. Without a path, shows what %maven and %classpath added.""",
                (host, args, body) -> classpath(host, maven, args)));
    }

    // ---- %maven ----

    private static CellValue line(MagicHost host, Maven maven, String args) {
        int newline = args.indexOf('\n');
        String first = (newline < 0 ? args : args.substring(0, newline)).strip();
        String rest = newline < 0 ? "" : args.substring(newline + 1);
        if (first.equals("--list")) {
            return list(maven);
        }
        MavenRequest request = parse(() -> MavenRequest.parseCoordinates(first));
        resolveAndLoad(host, maven, describe(request), request);
        return rest.isBlank() ? null : host.runCell(rest);
    }

    private static CellValue cell(MagicHost host, Maven maven, String args, String body) {
        MavenRequest request = parse(() -> {
            if (MavenRequest.isPomFragment(body)) {
                if (!args.isBlank()) {
                    throw new IllegalArgumentException("with a POM fragment, put exclusions in <exclusions>: " + args);
                }
                return MavenRequest.parsePomFragment(body);
            }
            return MavenRequest.parseCoordinates(body + "\n" + args);
        });
        resolveAndLoad(host, maven, describe(request), request);
        return null;
    }

    private interface Parse {
        MavenRequest get();
    }

    private static MavenRequest parse(Parse parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CellError("UsageError", e.getMessage(), List.of("UsageError: " + e.getMessage(), Coordinates.USAGE));
        }
    }

    private static String describe(MavenRequest request) {
        return request.dependencies().stream().map(d -> d.coordinates().toString()).collect(Collectors.joining(" "));
    }

    /**
     * The resolution, awaited by the cell with a display updated while it runs; then the jars
     * to the interpreter, warnings for conflicts, the table. Nothing is added unless it succeeds.
     */
    private static void resolveAndLoad(MagicHost host, Maven maven, String what, MavenRequest request) {
        EventLoop loop = host.loop();
        String displayId = "maven-" + UUID.randomUUID();
        Maven.Resolving resolving = maven.start(loop, what, request);
        host.display(progress(resolving.progressText()), displayId);
        Ticker ticker = new Ticker(host, resolving, displayId);
        ticker.schedule(loop);
        jasyncio.kernel.maven.Resolution resolution;
        try {
            resolution = host.runUntilComplete(resolving.future());
        } catch (CancelledError e) {
            resolving.cancel("interrupted");
            host.updateDisplay(progress("Resolution of " + what + " interrupted: nothing was added."), displayId);
            throw e;
        } catch (RuntimeException e) {
            if (!Maven.isFailure(e)) {
                throw e;
            }
            host.updateDisplay(progress("Resolution of " + what + " failed: nothing was added."), displayId);
            List<String> lines = new ArrayList<>();
            lines.add("MavenResolutionError: could not resolve " + what);
            lines.addAll(List.of(e.getMessage().split("\n")));
            throw new CellError("MavenResolutionError", what + ": " + e.getMessage().replace('\n', ' '), lines);
        } finally {
            ticker.stop();
        }
        maven.settingsProblemsOnce().forEach(p -> host.warn("warning: Maven settings: " + p + "\n"));
        Libraries libraries = maven.libraries();
        Libraries.Plan plan = libraries.plan(resolution);
        for (Libraries.Conflict c : plan.conflicts()) {
            host.warn(c.message() + "\n");
        }
        if (!plan.added().isEmpty()) {
            host.interpreter().addToClasspath(plan.added().stream().map(a -> a.file().toString())
                    .collect(Collectors.joining(File.pathSeparator)));
            host.interpreter().setLibrarySources(maven::sourcesOf);
        }
        libraries.apply(plan);
        host.updateDisplay(progress(resolving.doneText(resolution)), displayId);
        host.display(maven.tableOf(plan));
    }

    /** Draws the progress a few times a second on the loop thread while the cell awaits the resolution. */
    private static final class Ticker implements Runnable {
        private final MagicHost host;
        private final Maven.Resolving resolving;
        private final String displayId;
        private String shown = "";
        private TimerHandle next;
        private EventLoop loop;

        Ticker(MagicHost host, Maven.Resolving resolving, String displayId) {
            this.host = host;
            this.resolving = resolving;
            this.displayId = displayId;
        }

        void schedule(EventLoop loop) {
            this.loop = loop;
            next = loop.callLater(PROGRESS_SECONDS, this);
        }

        @Override
        public void run() {
            if (resolving.future().isDone()) {
                return;
            }
            resolving.checkStalled();
            String text = resolving.progressText();
            if (!text.equals(shown)) {
                shown = text;
                host.updateDisplay(progress(text), displayId);
            }
            next = loop.callLater(PROGRESS_SECONDS, this);
        }

        void stop() {
            if (next != null) {
                next.cancel();
            }
        }
    }

    private static Map<String, Object> progress(String text) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", text);
        bundle.put("text/html", "<div style=\"font-family:monospace\">" + escape(text) + "</div>");
        return bundle;
    }

    private static CellValue list(Maven maven) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        String footer = "\n\nrepositories:\n  " + String.join("\n  ", maven.describeRepositories()) + "\n" + maven.describeSettings();
        bundle.put("text/plain", maven.libraries().treeText() + footer);
        bundle.put("text/html", maven.libraries().treeHtml() + "<pre>" + escape(footer.strip()) + "</pre>");
        return new CellValue(bundle);
    }

    // ---- %mavenRepo ----

    private static CellValue repository(MagicHost host, Maven maven, String args) {
        List<String> words = new ArrayList<>(List.of(args.strip().split("\\s+")));
        words.removeIf(String::isEmpty);
        String usage = "usage: %mavenRepo ID URL [--update always|daily|never|interval:MINUTES] "
                + "[--releases-only|--snapshots-only], %mavenRepo --remove ID, or %mavenRepo to list";
        if (words.isEmpty()) {
            return Magics.text("repositories:\n  " + String.join("\n  ", maven.describeRepositories()));
        }
        if (words.getFirst().equals("--remove")) {
            if (words.size() != 2) {
                throw usage("--remove takes one ID", usage);
            }
            if (!maven.removeRepository(words.get(1))) {
                throw usage("no repository " + words.get(1) + " was added by %mavenRepo", usage);
            }
            host.write("removed repository " + words.get(1) + "\n");
            return null;
        }
        String update = "daily";
        boolean releases = true;
        boolean snapshots = true;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "--update" -> {
                    update = i + 1 < words.size() ? words.get(++i) : "";
                    if (!UPDATE_POLICY.matcher(update).matches()) {
                        throw usage("the update policy '" + update + "' is not always, daily, never or interval:MINUTES", usage);
                    }
                }
                case "--releases-only" -> snapshots = false;
                case "--snapshots-only" -> releases = false;
                default -> {
                    if (w.startsWith("-")) {
                        throw usage("unknown option " + w, usage);
                    }
                    positional.add(w);
                }
            }
        }
        if (positional.size() != 2 || !releases && !snapshots) {
            throw usage("needs an ID and a URL", usage);
        }
        String id = positional.get(0);
        String url = positional.get(1);
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !List.of("http", "https", "file").contains(uri.getScheme())) {
                throw usage("'" + url + "' is not an http, https or file URL", usage);
            }
        } catch (java.net.URISyntaxException e) {
            throw usage("'" + url + "' is not a URL: " + e.getMessage(), usage);
        }
        maven.addRepository(id, url, update, releases, snapshots);
        host.write("repository " + id + " " + url + " (" + (releases && snapshots ? "releases and snapshots"
                : releases ? "releases" : "snapshots") + ", updates " + update + ")\n");
        return null;
    }

    private static CellError usage(String problem, String usage) {
        return new CellError("UsageError", problem, List.of("UsageError: " + problem, usage));
    }

    // ---- %classpath ----

    private static CellValue classpath(MagicHost host, Maven maven, String args) {
        if (args.isBlank()) {
            return Magics.text(maven.libraries().treeText());
        }
        Path path = Path.of(args.strip()).toAbsolutePath();
        if (!Files.exists(path)) {
            throw new CellError("UsageError", "no such jar or folder: " + args.strip(),
                    List.of("usage: %classpath PATH   (a jar or a folder that exists)"));
        }
        String warning = maven.libraries().addClasspath(path);
        if (warning != null) {
            host.warn(warning + "\n");
        }
        host.interpreter().addToClasspath(path.toString());
        host.write("added to the class path: " + path + "\n");
        return null;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
