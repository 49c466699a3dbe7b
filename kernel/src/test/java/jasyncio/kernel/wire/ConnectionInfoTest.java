package jasyncio.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {
    static final String FILE = """
            {"shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796, "control_port": 53797,
             "hb_port": 53798, "ip": "127.0.0.1", "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84",
             "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "jasyncio"}
            """;

    @Test
    void parsesAJupyterClientConnectionFile() {
        ConnectionInfo info = ConnectionInfo.parse(FILE);
        assertEquals(53794, info.shellPort());
        assertEquals(53795, info.iopubPort());
        assertEquals(53796, info.stdinPort());
        assertEquals(53797, info.controlPort());
        assertEquals(53798, info.hbPort());
        assertEquals("a0436f6c-1916-498b-8eb9-e81ab9368e84", info.key());
        assertEquals("jasyncio", info.kernelName());
        assertTrue(info.signed());
        assertEquals("tcp://127.0.0.1:53794", info.endpoint(info.shellPort()));
        assertFalse(info.toString().contains(info.key()), "toString must not leak the key");
        assertEquals(info.toJson(), ConnectionInfo.parse(info.toJson()).toJson());
    }

    @Test
    void ipcEndpointsUseTheIpAsAPathPrefix() {
        ConnectionInfo info = ConnectionInfo.parse(FILE.replace("\"tcp\"", "\"ipc\"").replace("127.0.0.1", "/tmp/k"));
        assertEquals("ipc:///tmp/k-53794", info.endpoint(53794));
    }

    @Test
    void ipv6LiteralsAreBracketed() {
        assertEquals("tcp://[::1]:5", ConnectionInfo.withFreePorts("tcp", "::1", "k").endpoint(5));
    }

    @Test
    void emptyKeyOnlyWhenTheFileSaysSo() {
        assertFalse(ConnectionInfo.parse(FILE.replace("a0436f6c-1916-498b-8eb9-e81ab9368e84", "")).signed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectionInfo.parse(FILE.replace("\"key\"", "\"nokey\"")));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    void rejectsWhatItCannotHonour() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse(FILE.replace("hmac-sha256", "hmac-md5")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse(FILE.replace("\"tcp\"", "\"udp\"")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse(FILE.replace("53798", "70000")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse(FILE.replace("53798", "1.5")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse(FILE.replace("\"hb_port\"", "\"x\"")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse("{not json"));
    }

    @Test
    void warnsWhenGroupOrOthersCanReadTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kernel.json");
        Files.writeString(file, FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(ConnectionInfo.permissionWarning(file).isEmpty());
        assertEquals(53794, ConnectionInfo.read(file).shellPort());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(ConnectionInfo.permissionWarning(file).orElseThrow().contains("chmod 600"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertTrue(ConnectionInfo.permissionWarning(file).isPresent());
    }

    @Test
    void readNamesTheFileWhenItIsBad(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{}");
        IOException e = assertThrows(IOException.class, () -> ConnectionInfo.read(file));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    }
}
