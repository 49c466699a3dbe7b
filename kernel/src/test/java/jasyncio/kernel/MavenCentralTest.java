package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * %maven against Maven Central as this machine reaches it (CI's too): libraries that are not
 * on the kernel's class path, with their dependencies; gson at a version other than the
 * kernel's own; their documentation and completion; a new kernel with the local repository
 * warm. The kernel's home is a temporary folder without settings, so its local repository is
 * a new one and this machine's ~/.m2 plays no part.
 */
class MavenCentralTest extends OneKernelTest {
    private final Path home = tempHome();

    @Override
    protected String[] kernelOptions() {
        return MavenMagicsTest.homeOptions(home);
    }

    @AfterAll
    void deleteHome() throws IOException {
        TestRepository.delete(home);
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("jasyncio-maven-central");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String finalProgress(CellRun run) {
        return run.iopub().stream().filter(m -> m.msgType().equals("update_display_data"))
                .reduce((a, b) -> b).map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString()).orElse("");
    }

    private static CellRun timed(KernelClient client, String code) {
        long start = System.nanoTime();
        CellRun run = CellRun.ok(client, code);
        System.out.printf("%s: %.2f s (%s)%n", code, (System.nanoTime() - start) / 1e9, finalProgress(run));
        return run;
    }

    @Test
    void commonsTextWithItsDependencyCommonsLang3() {
        assertEquals("CompilationError", CellRun.of(client, "org.apache.commons.text.WordUtils w = null;").ename());
        CellRun load = timed(client, "%maven org.apache.commons:commons-text:1.15.0");
        assertTrue(load.stream().isEmpty() || !load.stream().contains("warning"), load.stream());
        assertEquals("\"Hello World cba\"", CellRun.ok(client, "import org.apache.commons.text.WordUtils;\n"
                + "WordUtils.capitalize(\"hello world\") + \" \" + org.apache.commons.lang3.StringUtils.reverse(\"abc\")").result());
        String tree = CellRun.ok(client, "%maven --list").result();
        assertTrue(tree.contains("org.apache.commons:commons-text:1.15.0") && tree.contains("org.apache.commons:commons-lang3:")
                && tree.contains("from central"), tree);
    }

    @Test
    void gsonAtAnotherVersionThanTheKernelsOwn() {
        assertEquals("CompilationError", CellRun.of(client, "new com.google.gson.Gson()").ename(), "the kernel's gson is hidden");
        timed(client, "%maven com.google.code.gson:gson:2.10.1");
        assertEquals("\"{\\\"a\\\":1}\"", CellRun.ok(client, "new com.google.gson.Gson().toJson(java.util.Map.of(\"a\", 1))").result());
        String location = CellRun.ok(client, "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()").result();
        assertTrue(location.endsWith("gson-2.10.1.jar\""), location);
        assertEquals("\"2.10.1\"", CellRun.ok(client, """
                var pom = new Properties();
                try (var in = com.google.gson.Gson.class.getResourceAsStream("/META-INF/maven/com.google.code.gson/gson/pom.properties")) {
                    pom.load(in);
                }
                pom.getProperty("version")""").result());
    }

    @Test
    void documentationAndCompletionOfALibraryFromCentral() {
        CellRun.ok(client, "%maven org.apache.commons:commons-lang3:3.18.0"); // or finds commons-text's loaded
        String page = CellRun.ok(client, "org.apache.commons.lang3.StringUtils.capitalize?").page();
        assertTrue(page.contains("Capitalizes a String"), page);
        JsonObject complete = new JsonObject();
        complete.addProperty("code", "StringUti");
        complete.addProperty("cursor_pos", 9);
        Message request = client.send(client.shell, client.request("complete_request", complete));
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertTrue(reply.getAsJsonArray("matches").toString().contains("\"org.apache.commons.lang3.StringUtils\""), reply.toString());
    }

    /** The README's %maven section: each java block is a cell, its last line the comment of what it shows. */
    @Test
    void theReadmesExampleRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Libraries: `%maven`");
        assertTrue(start >= 0, "the README has a %maven section");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```java\n(.*?)\n// (.*?)\n```", java.util.regex.Pattern.DOTALL)
                .matcher(section);
        int cells = 0;
        while (block.find()) {
            assertEquals(block.group(2), CellRun.ok(client, block.group(1)).result(), block.group(1));
            cells++;
        }
        assertTrue(cells >= 2, "the README's example has its cells");
    }

    @Test
    void aNewKernelWithTheLocalRepositoryWarmDownloadsNothing() throws Exception {
        CellRun.ok(client, "%maven org.apache.commons:commons-text:1.15.0"); // warms the local repository, if no other test has
        try (KernelProcess second = new KernelProcess(MavenMagicsTest.homeOptions(home)); KernelClient c = new KernelClient(second)) {
            KernelTesting.awaitReady(c);
            CellRun run = timed(c, "%maven org.apache.commons:commons-text:1.15.0");
            assertTrue(finalProgress(run).contains("0 files downloaded"), finalProgress(run));
            assertEquals("\"Abc\"", CellRun.ok(c, "org.apache.commons.lang3.StringUtils.capitalize(\"abc\")").result());
        }
    }
}
