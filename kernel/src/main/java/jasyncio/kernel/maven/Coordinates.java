package jasyncio.kernel.maven;

import java.util.regex.Pattern;

/**
 * An artifact's coordinates as Maven writes them on a command line:
 * {@code GROUP:ARTIFACT:VERSION}, {@code GROUP:ARTIFACT:EXTENSION:VERSION} or
 * {@code GROUP:ARTIFACT:EXTENSION:CLASSIFIER:VERSION} (Maven Resolver's {@code DefaultArtifact}
 * form); the version may be a range ({@code [1.0,2.0)}) or a SNAPSHOT. Checked here, before
 * the resolver is loaded, so that a typo gets a usage line at once.
 */
public record Coordinates(String groupId, String artifactId, String extension, String classifier, String version) {
    public static final String USAGE = "usage: %maven GROUP:ARTIFACT:VERSION ... [--exclude GROUP:ARTIFACT]   "
            + "(also GROUP:ARTIFACT:EXTENSION:CLASSIFIER:VERSION and version ranges), "
            + "e.g. %maven org.apache.commons:commons-text:1.15.0";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.\\-+]+|[\\[(][A-Za-z0-9_.\\-+,\\[\\]()]*[\\])]");

    public static Coordinates parse(String text) {
        String[] parts = text.split(":", -1);
        Coordinates c = switch (parts.length) {
            case 3 -> new Coordinates(parts[0], parts[1], "jar", "", parts[2]);
            case 4 -> new Coordinates(parts[0], parts[1], parts[2], "", parts[3]);
            case 5 -> new Coordinates(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> throw new IllegalArgumentException(problem(text, parts.length < 3
                    ? "needs GROUP:ARTIFACT:VERSION, found " + parts.length + " part" + (parts.length == 1 ? "" : "s")
                    : "has " + parts.length + " parts, at most 5"));
        };
        check(text, "group", c.groupId, ID);
        check(text, "artifact", c.artifactId, ID);
        check(text, "extension", c.extension, ID);
        if (!c.classifier.isEmpty()) {
            check(text, "classifier", c.classifier, ID);
        }
        check(text, "version", c.version, VERSION);
        return c;
    }

    /** GROUP:ARTIFACT (with * for any), as exclusions name artifacts. */
    public static String[] parseExclusion(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()
                || !(parts[0].equals("*") || ID.matcher(parts[0]).matches())
                || !(parts[1].equals("*") || ID.matcher(parts[1]).matches())) {
            throw new IllegalArgumentException("'" + text + "' is not GROUP:ARTIFACT (an exclusion; * matches any), "
                    + "e.g. --exclude org.apache.commons:commons-lang3");
        }
        return parts;
    }

    private static void check(String text, String what, String value, Pattern pattern) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(problem(text, "its " + what + " is empty"));
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(problem(text, "its " + what + " '" + value + "' has characters Maven does not allow there"));
        }
    }

    private static String problem(String text, String why) {
        return "'" + text + "' is not a Maven coordinate: " + why;
    }

    /** Group and artifact, with the classifier and the extension when not the plain jar's: what one library is, any version. */
    public String key() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier)
                + (extension.equals("jar") ? "" : "@" + extension);
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + (extension.equals("jar") && classifier.isEmpty() ? ""
                : ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier)) + ":" + version;
    }
}
