package jasyncio.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Says in the kernel's log when the class data the installer made is not in use, and why.
 * kernel.json maps the archive install/class_data.py made (a static CDS archive with linked
 * classes) with {@code -XX:SharedArchiveFile=... -Xshare:auto} and names it in the property
 * {@value #PROPERTY}. A missing or stale archive (the jar changed, another JDK build, other JVM
 * flags) is refused by the JVM, which starts without it and logs its reason on stderr; this
 * line adds what it means and what to do. Nothing is logged when the archive is in use, or when
 * the kernel was started without one (by hand, by the tests).
 */
final class ClassData {
    static final String PROPERTY = "jasyncio.classData";

    private ClassData() {
    }

    /** Logs a line when the archive named in {@value #PROPERTY} is not in use. */
    static void report() {
        String archive = System.getProperty(PROPERTY);
        if (archive == null || archive.isBlank()) {
            return;
        }
        boolean mapped = System.getProperty("java.vm.info", "").contains("sharing");
        String jar = System.getProperty("java.class.path", "");
        String problem = problem(Path.of(archive), mapped, Path.of(jar), System.getProperty("java.vm.version", ""));
        if (problem != null) {
            KernelLog.line(problem);
        }
    }

    /**
     * Why the archive is not in use, or null when it is ({@code mapped}: the JVM runs with
     * class sharing, which with -XX:SharedArchiveFile means with this archive).
     */
    static String problem(Path archive, boolean mapped, Path jar, String vmVersion) {
        if (mapped) {
            return null;
        }
        String cause;
        if (!Files.isRegularFile(archive)) {
            cause = "it is missing";
        } else {
            cause = causeFromStamp(archive, jar, vmVersion);
        }
        return "class data: " + archive + " is not in use (" + cause + "): the kernel starts without it, "
                + "its first cell about twice as late; install the kernel again (install/install.sh) to make it anew";
    }

    private static String causeFromStamp(Path archive, Path jar, String vmVersion) {
        Path stamp = archive.resolveSibling(archive.getFileName() + ".json");
        JsonObject made;
        try {
            made = JsonParser.parseString(Files.readString(stamp)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            return "its stamp " + stamp.getFileName() + " is missing or unreadable, and the JVM refused it: see its [cds] lines";
        }
        try {
            BasicFileAttributes now = Files.readAttributes(jar, BasicFileAttributes.class);
            long mtimeNanos = now.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                    + now.lastModifiedTime().toInstant().getNano();
            if (made.has("jar_size") && made.has("jar_mtime_ns") && (made.get("jar_size").getAsLong() != now.size()
                    || made.get("jar_mtime_ns").getAsLong() / 1_000_000_000L != mtimeNanos / 1_000_000_000L)) {
                return "it was made from another " + jar.getFileName() + " (size or modification time differ)";
            }
        } catch (IOException | RuntimeException e) {
            // the jar is running, so it exists; a stamp without these fields falls through
        }
        String javaVersion = made.has("java_version") ? made.get("java_version").getAsString() : "";
        if (!vmVersion.isEmpty() && !javaVersion.contains("(build " + vmVersion + ",")) {
            return "it was made by another JDK build than this one, " + vmVersion;
        }
        return "the JVM refused it: see its [cds] lines above";
    }
}
