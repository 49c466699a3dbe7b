package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reason the kernel's log gives when the JVM did not map the installer's archive, read from
 * the archive's stamp (install/class_data.py writes it). test_class_data.py shows the real cases
 * with real JVMs; the one it cannot make here, another JDK build, is shown with a stamp.
 */
class ClassDataTest {
    static final String VM = "25.0.3+9-LTS";

    @TempDir
    Path dir;

    Path archiveWithStamp(Path jar, long size, long mtimeSeconds, String vmVersion) throws IOException {
        Path archive = dir.resolve("jasyncio-kernel.jsa");
        Files.write(archive, new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("jasyncio-kernel.jsa.json"), "{\"jar_size\": " + size + ", \"jar_mtime_ns\": "
                + mtimeSeconds * 1_000_000_000L + ", \"java_version\": \"openjdk version \\\"25\\\"\\n"
                + "OpenJDK 64-Bit Server VM (build " + vmVersion + ", mixed mode, sharing)\"}");
        return archive;
    }

    Path jar() throws IOException {
        Path jar = dir.resolve("jasyncio-kernel.jar");
        Files.write(jar, new byte[100]);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        return jar;
    }

    @Test
    void nothingToSayWhenTheArchiveIsMapped() throws IOException {
        Path jar = jar();
        assertNull(ClassData.problem(archiveWithStamp(jar, 100, 1_700_000_000L, VM), true, jar, VM));
    }

    @Test
    void aMissingArchive() throws IOException {
        String line = ClassData.problem(dir.resolve("jasyncio-kernel.jsa"), false, jar(), VM);
        assertTrue(line.startsWith("class data: "), line);
        assertTrue(line.contains("is not in use (it is missing)"), line);
        assertTrue(line.contains("install/install.sh"), line);
    }

    @Test
    void madeFromAnotherJar() throws IOException {
        Path jar = jar();
        String line = ClassData.problem(archiveWithStamp(jar, 99, 1_700_000_000L, VM), false, jar, VM);
        assertTrue(line.contains("it was made from another jasyncio-kernel.jar"), line);
        line = ClassData.problem(archiveWithStamp(jar, 100, 1_600_000_000L, VM), false, jar, VM);
        assertTrue(line.contains("it was made from another jasyncio-kernel.jar"), line);
    }

    @Test
    void madeByAnotherJdkBuild() throws IOException {
        Path jar = jar();
        String line = ClassData.problem(archiveWithStamp(jar, 100, 1_700_000_000L, "25.0.2+10-LTS"), false, jar, VM);
        assertTrue(line.contains("it was made by another JDK build than this one, " + VM), line);
    }

    @Test
    void refusedForAnotherReason() throws IOException {
        Path jar = jar();
        String line = ClassData.problem(archiveWithStamp(jar, 100, 1_700_000_000L, VM), false, jar, VM);
        assertTrue(line.contains("the JVM refused it: see its [cds] lines above"), line);
    }

    @Test
    void anArchiveWithoutItsStamp() throws IOException {
        Path archive = dir.resolve("jasyncio-kernel.jsa");
        Files.write(archive, new byte[] {1});
        String line = ClassData.problem(archive, false, jar(), VM);
        assertTrue(line.contains("its stamp jasyncio-kernel.jsa.json is missing or unreadable"), line);
    }
}
