package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * %maven through a real kernel process, against a file:// repository this test builds (no
 * network): a transitive chain used from the same cell and later ones (imports, ServiceLoader,
 * resources, the context class loader of a thread a cell starts), Maven's mediation, a conflict
 * with a loaded version, exclusions (option and POM fragment), a classifier, a version range, a
 * SNAPSHOT repository, an HTTP repository that wants the credentials settings.xml gives (an
 * encrypted password), a missing artifact, a corrupt checksum, an unreachable repository,
 * malformed coordinates, an interrupt, offline; the kernel's own gson hidden from cells. The
 * kernel's home is a temporary folder whose settings.xml mirrors central to the test repository
 * and names a temporary local repository, so Maven's settings are read as they would be.
 */
class MavenMagicsTest extends OneKernelTest {
    private final Path base = tempFolder();
    private final TestRepository repository = build(base.resolve("repository"));
    private final Path home = settingsHome(base.resolve("home"), repository, false);

    @Override
    protected String[] kernelOptions() {
        return homeOptions(home);
    }

    /** The kernel's JVM options for a home with these settings: no global settings, no ~/.m2 of this machine. */
    static String[] homeOptions(Path home) {
        return new String[] {"-Duser.home=" + home, "-Dmaven.home=" + home.resolve("no-maven")};
    }

    @AfterAll
    void deleteFolders() throws IOException {
        TestRepository.delete(base);
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("jasyncio-maven-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The credentials settings.xml gives the repository "secure" (its password encrypted, as mvn --encrypt-password makes it). */
    static final String USER = "notebook";
    static final String PASSWORD = "s3cret";

    /**
     * A home whose .m2/settings.xml mirrors central to the test repository, names its own local
     * repository and gives the server "secure" credentials, whose password is encrypted with a
     * master password that settings-security.xml holds, as Maven's password encryption does.
     */
    static Path settingsHome(Path home, TestRepository repository, boolean offline) {
        try {
            Path m2 = Files.createDirectories(home.resolve(".m2"));
            var cipher = new org.sonatype.plexus.components.cipher.DefaultPlexusCipher();
            String master = "master-of-the-test";
            Files.writeString(m2.resolve("settings-security.xml"), "<settingsSecurity><master>"
                    + cipher.encryptAndDecorate(master, "settings.security") + "</master></settingsSecurity>");
            Files.writeString(m2.resolve("settings.xml"), """
                    <settings>
                      <localRepository>${user.home}/local-repository</localRepository>
                      <offline>%s</offline>
                      <mirrors>
                        <mirror><id>test-mirror</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                      </mirrors>
                      <servers>
                        <server><id>secure</id><username>%s</username><password>%s</password></server>
                      </servers>
                    </settings>
                    """.formatted(offline, repository.url(), USER, cipher.encryptAndDecorate(PASSWORD, master)));
            return home;
        } catch (IOException | org.sonatype.plexus.components.cipher.PlexusCipherException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestRepository build(Path root) {
        try {
            TestRepository r = new TestRepository(root);
            // a transitive chain a → b → c; c has a service, a resource and documented sources
            r.artifact("test.chain:c:1.0")
                    .java("chain.c.C", "package chain.c; public class C {\n"
                            + "  /** Says the name of c, the end of the chain. */\n"
                            + "  public static String name() { return \"c\"; }\n}")
                    .java("chain.c.Greeter", "package chain.c; public interface Greeter { String greet(); }")
                    .java("chain.c.Hello", "package chain.c; public class Hello implements Greeter { public String greet() { return \"hello from c\"; } }")
                    .resource("META-INF/services/chain.c.Greeter", "chain.c.Hello\n")
                    .resource("chain/c/data.txt", "data of c")
                    .withSources().publish();
            r.artifact("test.chain:b:1.0").dependsOn("test.chain:c:1.0")
                    .java("chain.b.B", "package chain.b; public class B { public static String name() { return \"b>\" + chain.c.C.name(); } }")
                    .publish();
            r.artifact("test.chain:a:1.0").dependsOn("test.chain:b:1.0")
                    .java("chain.a.A", "package chain.a; public class A { public String hello() { return \"a>\" + chain.b.B.name(); } }")
                    .publish();
            // mediation: top → lib 1.0 (depth 1) and top → mid → lib 2.0 (depth 2): nearest wins, 1.0
            for (String v : List.of("1.0", "2.0")) {
                r.artifact("test.med:lib:" + v).java("med.Lib", "package med; public class Lib { public static String version() { return \"" + v + "\"; } }").publish();
                r.artifact("test.conf:lib:" + v).java("conf.Lib", "package conf; public class Lib { public static String version() { return \"" + v + "\"; } }").publish();
            }
            r.artifact("test.med:mid:1.0").dependsOn("test.med:lib:2.0").publish();
            r.artifact("test.med:top:1.0").dependsOn("test.med:mid:1.0").dependsOn("test.med:lib:1.0").publish();
            // exclusions
            for (String g : List.of("ex", "ex2")) {
                r.artifact("test." + g + ":c:1.0").java(g + ".c.C", "package " + g + ".c; public class C { }").publish();
                r.artifact("test." + g + ":b:1.0").dependsOn("test." + g + ":c:1.0").java(g + ".b.B", "package " + g + ".b; public class B { }").publish();
                r.artifact("test." + g + ":a:1.0").dependsOn("test." + g + ":b:1.0").java(g + ".a.A", "package " + g + ".a; public class A { }").publish();
            }
            r.artifact("test.scoped:tool:1.0").java("scoped.Tool", "package scoped; public class Tool { }").publish();
            // a classifier
            r.artifact("test.cls:tool:1.0").java("cls.Main", "package cls; public class Main { }").publish();
            r.artifact("test.cls:tool:1.0").classifier("extra")
                    .java("cls.Extra", "package cls; public class Extra { public static String what() { return \"extra\"; } }").publish();
            // a version range
            for (String v : List.of("1.0", "1.5", "2.0")) {
                r.artifact("test.range:lib:" + v).java("range.Lib", "package range; public class Lib { public static String version() { return \"" + v + "\"; } }").publish();
            }
            r.metadata("test.range:lib", "1.0", "1.5", "2.0");
            // a corrupt checksum
            TestRepository.Artifact corrupt = r.artifact("test.bad:corrupt:1.0").java("bad.Corrupt", "package bad; public class Corrupt { }");
            corrupt.publish();
            r.corruptChecksums(corrupt.directory().resolve(corrupt.fileName("", "jar")));
            // a library with the kernel's own gson's name: cells must get this one, not the kernel's
            r.artifact("com.google.code.gson:gson:9.9-test")
                    .java("com.google.gson.Gson", "package com.google.gson; public class Gson { public String version() { return \"the test's gson\"; } }")
                    .publish();
            r.artifact("test.doc:html:1.0") // documented by a javadoc jar only
                    .java("docs.Html", "package docs;\n/** A class documented only in HTML. */\npublic class Html {\n"
                            + "  /** Adds one to a number, as the javadoc jar says.\n   * @param x a number\n   * @return x plus one */\n"
                            + "  public static int plusOne(int x) { return x + 1; }\n}")
                    .withJavadoc().publish();
            r.artifact("test.offline:never:1.0").java("never.Never", "package never; public class Never { }").publish();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CellRun run(String code) {
        return CellRun.of(client, code);
    }

    private CellRun ok(String code) {
        return CellRun.ok(client, code);
    }

    private static List<JsonObject> displays(CellRun run, String type) {
        return run.iopub().stream().filter(m -> m.msgType().equals(type)).map(Message::content).toList();
    }

    /** The text/plain of the table of what %maven added (the display after the progress). */
    private static String table(CellRun run) {
        return displays(run, "display_data").stream().filter(c -> !hasDisplayId(c))
                .map(c -> c.getAsJsonObject("data").get("text/plain").getAsString()).findFirst().orElse("");
    }

    private static boolean hasDisplayId(JsonObject content) {
        return content.has("transient") && content.getAsJsonObject("transient").has("display_id");
    }

    @Test
    void aTransitiveChainIsUsableInTheSameCellAndLaterOnesWithServicesResourcesAndThreads() {
        CellRun load = ok("%maven test.chain:a:1.0\nnew chain.a.A().hello()");
        assertEquals("\"a>b>c\"", load.result(), "the rest of the cell runs with the libraries");
        String table = table(load);
        for (String artifact : List.of("test.chain:a", "test.chain:b", "test.chain:c")) {
            assertTrue(table.contains(artifact) && table.contains("test-mirror"), artifact + " in\n" + table);
        }
        // the progress: one display with an id, updated in place, ending with what was resolved
        List<JsonObject> progress = displays(load, "display_data").stream().filter(MavenMagicsTest::hasDisplayId).toList();
        assertEquals(1, progress.size(), load.toString());
        String id = progress.getFirst().getAsJsonObject("transient").get("display_id").getAsString();
        List<JsonObject> updates = displays(load, "update_display_data");
        assertFalse(updates.isEmpty());
        assertTrue(updates.stream().allMatch(u -> u.getAsJsonObject("transient").get("display_id").getAsString().equals(id)));
        assertTrue(updates.getLast().getAsJsonObject("data").get("text/plain").getAsString().startsWith("Resolved test.chain:a:1.0: 3 artifacts"),
                updates.getLast().toString());

        assertEquals("\"a>b>c\"", ok("import chain.a.A;\nnew A().hello()").result());
        assertEquals("\"hello from c\"", ok("ServiceLoader.load(chain.c.Greeter.class).findFirst().orElseThrow().greet()").result());
        assertEquals("\"data of c\"", ok("new String(chain.c.C.class.getResourceAsStream(\"data.txt\").readAllBytes())").result());
        assertEquals("\"data of c\"", ok("""
                var text = new String[1];
                var t = new Thread(() -> {
                    try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream("chain/c/data.txt")) {
                        text[0] = new String(in.readAllBytes()) ;
                    } catch (Exception e) { text[0] = e.toString(); }
                });
                t.start(); t.join();
                text[0]""").result());
        assertEquals("true", ok("ServiceLoader.load(chain.c.Greeter.class, Thread.currentThread().getContextClassLoader()).findFirst().isPresent()").result());
    }

    @Test
    void theNearestVersionWinsAsInMaven() {
        CellRun run = ok("%maven test.med:top:1.0");
        assertTrue(table(run).contains("test.med:lib") && table(run).contains("1.0"), table(run));
        assertFalse(table(run).contains("2.0"), "the farther 2.0 lost: " + table(run));
        assertEquals("\"1.0\"", ok("med.Lib.version()").result());
        String tree = ok("%maven --list").result();
        assertTrue(tree.contains("test.med:top:1.0") && tree.contains("test.med:mid:1.0") && tree.contains("test.med:lib:1.0"), tree);
    }

    @Test
    void anotherVersionOfALoadedLibraryIsNotAddedAndTheWarningNamesBoth() {
        ok("%maven test.conf:lib:1.0");
        CellRun second = ok("%maven test.conf:lib:2.0");
        String warning = second.stream("stderr");
        assertTrue(warning.contains("test.conf:lib 2.0 was not added") && warning.contains("1.0 is already loaded")
                && warning.contains("cells will see 1.0"), warning);
        assertTrue(table(second).contains("not added"), table(second));
        assertEquals("\"1.0\"", ok("conf.Lib.version()").result());
        assertTrue(ok("%maven --list").result().contains("NOT ADDED: cells see 1.0"));
    }

    @Test
    void anExcludedDependencyIsLeftOut() {
        CellRun run = ok("%maven test.ex:a:1.0 --exclude test.ex:c");
        assertTrue(table(run).contains("test.ex:b") && !table(run).contains("test.ex:c"), table(run));
        assertEquals("CompilationError", run("ex.c.C c = null;").ename());
        assertEquals("ok", run("ex.b.B b = null;").status());
    }

    @Test
    void aPomFragmentWithExclusionsAndScopes() {
        CellRun run = ok("""
                %%maven
                <dependency>
                  <groupId>test.ex2</groupId><artifactId>a</artifactId><version>1.0</version>
                  <exclusions><exclusion><groupId>test.ex2</groupId><artifactId>c</artifactId></exclusion></exclusions>
                </dependency>
                <dependency><groupId>test.scoped</groupId><artifactId>tool</artifactId><version>1.0</version><scope>test</scope></dependency>""");
        String table = table(run);
        assertTrue(table.contains("test.ex2:a") && table.contains("test.ex2:b") && !table.contains("test.ex2:c"), table);
        assertTrue(table.contains("test.scoped:tool") && table.contains("test"), table);
        assertEquals("ok", run("ex2.b.B b = null; scoped.Tool t = null;").status());
        CellRun bad = run("%%maven\n<dependency><groupId>x</groupId></dependency>");
        assertEquals("UsageError", bad.ename());
        assertTrue(bad.evalue().contains("no <artifactId>"), bad.evalue());
    }

    @Test
    void aClassifierAndAVersionRange() {
        ok("%maven test.cls:tool:jar:extra:1.0");
        assertEquals("\"extra\"", ok("cls.Extra.what()").result());
        assertEquals("CompilationError", run("cls.Main m = null;").ename(), "the classifier's jar only");
        CellRun range = ok("%maven test.range:lib:[1.0,2.0)");
        assertTrue(table(range).contains("1.5"), table(range));
        assertEquals("\"1.5\"", ok("range.Lib.version()").result());
    }

    @Test
    void aSnapshotFromARepositoryAddedWithItsUpdatePolicy() throws IOException {
        Path snapshots = base.resolve("snapshots");
        TestRepository r = new TestRepository(snapshots);
        r.artifact("test.snap:lib:1.0-SNAPSHOT")
                .java("snap.Lib", "package snap; public class Lib { public static String v() { return \"snapshot\"; } }").publish();
        assertEquals("UsageError", run("%mavenRepo snaps " + r.url() + " --update sometimes").ename());
        assertTrue(ok("%mavenRepo snaps " + r.url() + " --update always").stream().contains("snapshots, updates always"));
        assertTrue(ok("%mavenRepo").result().contains("snaps " + r.url()));
        ok("%maven test.snap:lib:1.0-SNAPSHOT");
        assertEquals("\"snapshot\"", ok("snap.Lib.v()").result());
        ok("%mavenRepo --remove snaps");
        assertFalse(ok("%mavenRepo").result().contains("snaps"));
    }

    @Test
    void aMissingArtifactSaysItsCoordinatesAndTheRepositoriesTried() {
        CellRun run = run("%maven test.none:nothing:1.0");
        assertEquals("MavenResolutionError", run.ename(), run.toString());
        String said = run.traceback();
        assertTrue(said.contains("test.none:nothing") && said.contains("test-mirror") && said.contains(repository.url()), said);
        assertEquals("2", ok("1 + 1").result(), "the kernel goes on");
    }

    @Test
    void aCorruptChecksumFailsAndAddsNothing() {
        CellRun run = run("%maven test.bad:corrupt:1.0");
        assertEquals("MavenResolutionError", run.ename(), run.toString());
        assertTrue(run.traceback().toLowerCase().contains("checksum"), run.traceback());
        assertEquals("CompilationError", run("bad.Corrupt c = null;").ename());
        assertFalse(ok("%maven --list").result().contains("test.bad"));
    }

    @Test
    void malformedCoordinatesGetAUsageLineWithAnExample() {
        for (String bad : List.of("%maven org.apache.commons", "%maven a:b:c:d:e:f", "%maven a b:c:", "%maven a:b:1 --nope")) {
            CellRun run = run(bad);
            assertEquals("UsageError", run.ename(), bad);
            assertTrue(run.traceback().contains("e.g. %maven org.apache.commons:commons-text:1.15.0"), run.traceback());
        }
        assertEquals("UsageError", run("%maven").ename());
        assertEquals("2", ok("1 + 1").result());
    }

    @Test
    void theKernelsGsonIsNotTheCellsAndAGsonOfTheirOwnIs() {
        assertEquals("CompilationError", run("new com.google.gson.Gson()").ename());
        assertEquals("CompilationError", run("org.zeromq.ZMQ.Context c = null;").ename());
        assertEquals("CompilationError", run("jasyncio.kernel.wire.KernelServer s = null;").ename());
        ok("%maven com.google.code.gson:gson:9.9-test");
        assertEquals("\"the test's gson\"", ok("new com.google.gson.Gson().version()").result());
        assertEquals("2", ok("1 + 1").result(), "and the kernel's own gson still speaks JSON to the client");
    }

    @Test
    void documentationAndCompletionOfAddedClasses() {
        ok("%maven test.chain:a:1.0");
        String page = ok("chain.c.C.name?").page();
        assertTrue(page.contains("Says the name of c"), page);
        ok("%maven test.doc:html:1.0");
        String method = ok("docs.Html.plusOne?").page();
        assertTrue(method.contains("plusOne(int") && method.contains("Adds one to a number") && method.contains("x plus one"), method);
        assertTrue(ok("docs.Html?").page().contains("A class documented only in HTML"));
        JsonObject complete = new JsonObject();
        complete.addProperty("code", "Greet");
        complete.addProperty("cursor_pos", 5);
        Message request = client.send(client.shell, client.request("complete_request", complete));
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertTrue(reply.getAsJsonArray("matches").toString().contains("chain.c.Greeter"), reply.toString());
        assertEquals(0, reply.get("cursor_start").getAsInt());
    }

    /**
     * An HTTP repository that wants Basic credentials: settings.xml's server of the same id
     * gives them (its password decrypted as Maven does); another id without credentials is
     * refused with the server's 401 said.
     */
    @Test
    void aRepositoryWithCredentialsFromTheSettings() throws Exception {
        TestRepository secured = new TestRepository(base.resolve("secured"));
        secured.artifact("test.auth:lib:1.0").java("auth.Lib", "package auth; public class Lib { public static String who() { return \"behind a password\"; } }").publish();
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(String.valueOf(auth));
            Path file = secured.root.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!expected.equals(auth)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                exchange.sendResponseHeaders(401, -1);
            } else if (Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        try {
            ok("%mavenRepo nocredentials " + url);
            CellRun refused = run("%maven test.auth:lib:1.0");
            assertEquals("MavenResolutionError", refused.ename(), refused.toString());
            assertTrue(refused.traceback().contains("401"), refused.traceback());
            ok("%mavenRepo --remove nocredentials");
            ok("%mavenRepo secure " + url);
            assertTrue(ok("%mavenRepo").result().contains("secure " + url + ", releases and snapshots (updates: daily), with credentials"));
            ok("%maven test.auth:lib:1.0");
            assertEquals("\"behind a password\"", ok("auth.Lib.who()").result());
            assertTrue(seen.contains(expected), seen.toString());
        } finally {
            server.stop(0);
            ok("%mavenRepo --remove secure");
        }
    }

    @Test
    void anUnreachableRepositoryIsAnErrorNotAHang() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) { // accepts, never answers
            ok("%mavenRepo dead http://127.0.0.1:" + silent.getLocalPort() + "/");
            long start = System.nanoTime();
            client.shell.setReceiveTimeOut(60_000); // the reply comes after a 10 s time-out
            CellRun run;
            try {
                run = run("%maven test.none:gone:1.0");
            } finally {
                client.shell.setReceiveTimeOut(KernelClient.TIMEOUT_MILLIS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("unreachable repository: error after %.1f s%n", seconds);
            assertEquals("MavenResolutionError", run.ename(), run.toString());
            assertTrue(run.traceback().contains("dead (http://127.0.0.1:" + silent.getLocalPort()), run.traceback());
            assertTrue(run.traceback().contains("no answer"), run.traceback());
        } finally {
            ok("%mavenRepo --remove dead");
        }
        assertEquals("2", ok("1 + 1").result());
    }

    /**
     * A repository that answers every request with a 200 whose body never ends: one byte every
     * 50 ms, so the transfer is alive (no time-out) until the client gives up; counts down
     * {@code closed} when the client has closed the connection.
     */
    private static Thread trickle(ServerSocket server, CountDownLatch closed) {
        Thread thread = new Thread(() -> {
            try (var socket = server.accept()) {
                socket.getInputStream().read(new byte[4096]);
                var out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes());
                while (true) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                closed.countDown(); // the client closed it (or the test ended)
            }
        }, "trickling-repository");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void anInterruptStopsAResolutionAndAddsNothing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch closed = new CountDownLatch(1);
            trickle(server, closed);
            ok("%mavenRepo slow http://127.0.0.1:" + server.getLocalPort() + "/");
            Message request = client.execute("%maven test.cls:tool:1.0"); // in the mirror, but the slow repository is asked first
            client.iopubOf(request, m -> m.msgType().equals("update_display_data")
                    && m.content().getAsJsonObject("data").get("text/plain").getAsString().contains("from slow"));
            client.interrupt(); // while a file comes from the slow repository
            JsonObject reply = client.replyTo(client.shell, request).content();
            CellRun run = new CellRun(reply, client.iopubOf(request));
            assertEquals("CancelledError", run.ename(), run.toString());
            assertTrue(displays(run, "update_display_data").getLast().toString().contains("interrupted: nothing was added"), run.toString());
            assertTrue(closed.await(60, TimeUnit.SECONDS), "the resolution stopped its transfer");
        } finally {
            ok("%mavenRepo --remove slow");
        }
        assertEquals("CompilationError", run("cls.Main m = null;").ename());
        assertFalse(ok("%maven --list").result().contains("test.cls:tool:1.0 "));
    }

    @Test
    void offlineAndWithTheLocalRepositoryWarmItStillWorks() throws Exception {
        ok("%maven test.chain:a:1.0"); // fills the local repository (or finds it loaded)
        Path offlineHome = settingsHome(base.resolve("offline-home"), repository, true);
        Files.createSymbolicLink(offlineHome.resolve("local-repository"), home.resolve("local-repository"));
        try (KernelProcess offline = new KernelProcess(homeOptions(offlineHome)); KernelClient c = new KernelClient(offline)) {
            KernelTesting.awaitReady(c);
            CellRun run = CellRun.ok(c, "%maven test.chain:a:1.0\nnew chain.a.A().hello()");
            assertEquals("\"a>b>c\"", run.result());
            assertTrue(table(run).contains("(local repository)"), table(run));
            CellRun missing = CellRun.of(c, "%maven test.offline:never:1.0");
            assertEquals("MavenResolutionError", missing.ename());
            assertTrue(missing.traceback().contains("offline"), missing.traceback());
        }
    }
}
