package jasyncio.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Maven repository on disk (Maven 2 layout, with .sha1 and .md5 files) that tests build from
 * Java sources: jars compiled here, POMs with dependencies, sources jars, metadata for version
 * ranges. Served as a file:// URL, so the tests need no network and no repository of this machine.
 */
final class TestRepository {
    final Path root;
    private final Path work;
    /** Jars built so far: later sources compile against them. */
    private final List<Path> jars = new ArrayList<>();

    TestRepository(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.work = Files.createTempDirectory("jasyncio-test-repo-work");
    }

    String url() {
        return root.toUri().toString();
    }

    /** One artifact to publish. */
    final class Artifact {
        private final String group;
        private final String artifact;
        private final String version;
        private String classifier = "";
        private final StringBuilder dependencies = new StringBuilder();
        private final Map<String, String> sources = new java.util.LinkedHashMap<>();
        private final Map<String, String> resources = new java.util.LinkedHashMap<>();
        private boolean withSources;
        private boolean withJavadoc;

        Artifact(String coordinates) {
            String[] p = coordinates.split(":");
            group = p[0];
            artifact = p[1];
            version = p[2];
        }

        Artifact classifier(String c) {
            classifier = c;
            return this;
        }

        /** A class: its qualified name and its source. */
        Artifact java(String className, String source) {
            sources.put(className, source);
            return this;
        }

        Artifact resource(String path, String text) {
            resources.put(path, text);
            return this;
        }

        /** A dependency GROUP:ARTIFACT:VERSION, with exclusions GROUP:ARTIFACT. */
        Artifact dependsOn(String coordinates, String... exclusions) {
            String[] p = coordinates.split(":");
            dependencies.append("<dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId><version>").append(p[2]).append("</version>");
            if (exclusions.length > 0) {
                dependencies.append("<exclusions>");
                for (String x : exclusions) {
                    String[] e = x.split(":");
                    dependencies.append("<exclusion><groupId>").append(e[0]).append("</groupId><artifactId>").append(e[1])
                            .append("</artifactId></exclusion>");
                }
                dependencies.append("</exclusions>");
            }
            dependencies.append("</dependency>");
            return this;
        }

        /** Also a -sources.jar of the Java sources (documentation for inspect). */
        Artifact withSources() {
            withSources = true;
            return this;
        }

        /** Also a -javadoc.jar: the HTML the JDK's javadoc makes of the sources. */
        Artifact withJavadoc() {
            withJavadoc = true;
            return this;
        }

        Path directory() {
            return root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        }

        String fileName(String suffix, String extension) {
            return artifact + "-" + version + (suffix.isEmpty() ? "" : "-" + suffix) + "." + extension;
        }

        /** Writes the jar (and the POM, unless a classifier's jar), with checksums. */
        void publish() throws IOException {
            Path dir = Files.createDirectories(directory());
            Path jar = dir.resolve(fileName(classifier, "jar"));
            writeJar(jar, compile(), resources);
            checksums(jar);
            if (classifier.isEmpty()) {
                Path pom = dir.resolve(fileName("", "pom"));
                Files.writeString(pom, "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                        + "<groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>" + version
                        + "</version><dependencies>" + dependencies + "</dependencies></project>");
                checksums(pom);
            }
            if (withSources) {
                Map<String, byte[]> files = new java.util.LinkedHashMap<>();
                sources.forEach((name, source) -> files.put(name.replace('.', '/') + ".java", source.getBytes(StandardCharsets.UTF_8)));
                Path sourcesJar = dir.resolve(fileName("sources", "jar"));
                writeJar(sourcesJar, files, Map.of());
                checksums(sourcesJar);
            }
            if (withJavadoc) {
                Path javadocJar = dir.resolve(fileName("javadoc", "jar"));
                writeJar(javadocJar, javadoc(), Map.of());
                checksums(javadocJar);
            }
            jars.add(jar);
        }

        private Map<String, byte[]> javadoc() throws IOException {
            Path src = Files.createTempDirectory(work, "doc-src");
            Path out = Files.createTempDirectory(work, "doc");
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-quiet", "-Xdoclint:none"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            if (ToolProvider.getSystemDocumentationTool().run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javadoc failed on the test sources of " + artifact);
            }
            Map<String, byte[]> files = new java.util.LinkedHashMap<>();
            try (var walk = Files.walk(out)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files.put(out.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            return files;
        }

        private Map<String, byte[]> compile() throws IOException {
            Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
            if (sources.isEmpty()) {
                return classes;
            }
            Path src = Files.createTempDirectory(work, "src");
            Path out = Files.createTempDirectory(work, "classes");
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "21", "-nowarn"));
            if (!jars.isEmpty()) {
                args.add("-cp");
                args.add(String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()));
            }
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("the test sources of " + artifact + " do not compile");
            }
            try (var files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    classes.put(out.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            return classes;
        }
    }

    Artifact artifact(String coordinates) {
        return new Artifact(coordinates);
    }

    /** maven-metadata.xml of GROUP:ARTIFACT listing these versions (what version ranges read). */
    void metadata(String groupAndArtifact, String... versions) throws IOException {
        String[] p = groupAndArtifact.split(":");
        Path dir = Files.createDirectories(root.resolve(p[0].replace('.', '/')).resolve(p[1]));
        StringBuilder xml = new StringBuilder("<metadata><groupId>" + p[0] + "</groupId><artifactId>" + p[1]
                + "</artifactId><versioning><latest>" + versions[versions.length - 1] + "</latest><release>"
                + versions[versions.length - 1] + "</release><versions>");
        for (String v : versions) {
            xml.append("<version>").append(v).append("</version>");
        }
        xml.append("</versions><lastUpdated>20240101000000</lastUpdated></versioning></metadata>");
        Path file = dir.resolve("maven-metadata.xml");
        Files.writeString(file, xml);
        checksums(file);
    }

    /** Replaces a file's .sha1 and .md5 with wrong ones, as a corrupt download or a tampered file would look. */
    void corruptChecksums(Path file) throws IOException {
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), "0".repeat(40));
        Files.writeString(file.resolveSibling(file.getFileName() + ".md5"), "0".repeat(32));
    }

    private static void writeJar(Path jar, Map<String, byte[]> classes, Map<String, String> resources) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    private static void checksums(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), digest("SHA-1", bytes));
        Files.writeString(file.resolveSibling(file.getFileName() + ".md5"), digest("MD5", bytes));
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a folder tree (the repository, a local repository, a home). */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
