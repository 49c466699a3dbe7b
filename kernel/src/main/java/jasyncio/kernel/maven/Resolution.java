package jasyncio.kernel.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * What a resolution found, in plain data (no resolver types, so that what the kernel keeps of
 * it does not hold the resolver's graph): the artifacts for the class path in Maven's order
 * (the graph's preorder, nearest first) and the dependency tree as Maven mediated it.
 */
public record Resolution(String request, List<Artifact> artifacts, List<Node> roots, double seconds, int downloadedFiles,
                  long downloadedBytes) {

    /**
     * One resolved artifact: where its file is, the repository it came from ("local" when the
     * local repository had it and does not say from where), whether this resolution downloaded it.
     */
    public record Artifact(Coordinates coordinates, String scope, Path file, String repository, boolean downloaded) {
        long size() {
            try {
                return java.nio.file.Files.size(file);
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** A node of the dependency tree (the winners of Maven's mediation, with their scope). */
    public record Node(Coordinates coordinates, String scope, boolean optional, List<Node> children) {
    }
}
