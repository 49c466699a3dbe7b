package jasyncio.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real kernel process for the tests: a connection file with free loopback ports and a random
 * key, and {@code java ... jasyncio.kernel.Main FILE} on the test's own class path, started the
 * way Jupyter starts it. Its stderr (the kernel's log) goes to a file the tests can read.
 */
final class KernelProcess implements AutoCloseable {
    final Path directory;
    final Path connectionFile;
    final Path log;
    final String key;
    final int[] ports = new int[5]; // shell, iopub, stdin, control, hb
    /** JVM options added to the kernel's command line, e.g. a small -Xmx. */
    private final List<String> jvmOptions;
    /** Whether jdk.jshell is opened to the kernel (as the jar's manifest does), so it can reach JShell's internals. */
    private final boolean openJShell;
    Process process;

    KernelProcess() throws IOException {
        this(file -> { }, "rw-------");
    }

    /** A kernel whose JVM gets these extra options (before the main class). */
    KernelProcess(String... jvmOptions) throws IOException {
        this(file -> { }, "rw-------", jvmOptions);
    }

    /**
     * A kernel on a connection file changed by {@code edit} (e.g. another key or ip) and with
     * these POSIX {@code permissions}; {@link #key} is then the file's key, "" if it has none.
     */
    KernelProcess(Consumer<JsonObject> edit, String permissions, String... jvmOptions) throws IOException {
        this(edit, permissions, true, jvmOptions);
    }

    /** A kernel started without --add-opens=jdk.jshell/jdk.jshell: its housekeeping of JShell's internals cannot start. */
    static KernelProcess withoutJShellOpens() throws IOException {
        return new KernelProcess(file -> { }, "rw-------", false);
    }

    private KernelProcess(Consumer<JsonObject> edit, String permissions, boolean openJShell, String... jvmOptions) throws IOException {
        this.openJShell = openJShell;
        this.jvmOptions = List.of(jvmOptions);
        directory = Files.createTempDirectory("jasyncio-kernel-test");
        connectionFile = directory.resolve("kernel.json");
        log = directory.resolve("kernel.log");
        byte[] keyBytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(keyBytes);
        String randomKey = HexFormat.of().formatHex(keyBytes);
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports[i] = s.getLocalPort();
            }
        }
        JsonObject c = new JsonObject();
        c.addProperty("transport", "tcp");
        c.addProperty("ip", "127.0.0.1");
        c.addProperty("shell_port", ports[0]);
        c.addProperty("iopub_port", ports[1]);
        c.addProperty("stdin_port", ports[2]);
        c.addProperty("control_port", ports[3]);
        c.addProperty("hb_port", ports[4]);
        c.addProperty("key", randomKey);
        c.addProperty("signature_scheme", "hmac-sha256");
        c.addProperty("kernel_name", "jasyncio");
        edit.accept(c);
        key = c.has("key") ? c.get("key").getAsString() : "";
        Files.writeString(connectionFile, c.toString());
        Files.setPosixFilePermissions(connectionFile, PosixFilePermissions.fromString(permissions));

        process = launch();
    }

    /** Starts the kernel process on this connection file (again, after a shutdown with restart). */
    Process launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:+UseSerialGC"));
        if (openJShell) {
            command.add("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), connectionFile.toString()));
        process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return process;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits for the process to end; true when it did within the time. */
    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(directory);
    }
}
