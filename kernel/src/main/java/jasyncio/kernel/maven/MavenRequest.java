package jasyncio.kernel.maven;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Exclusion;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * What one {@code %maven} or {@code %%maven} asks for: the dependencies as a POM declares
 * them (coordinates, type, scope, optional, exclusions). Made from a line of coordinates and
 * options, or from a POM {@code <dependencies>} fragment read by Maven's own POM reader.
 */
public record MavenRequest(List<Declared> dependencies) {

    /** One declared dependency; {@code type} as in a POM ("jar", "test-jar", ...), exclusions as GROUP:ARTIFACT. */
    public record Declared(Coordinates coordinates, String type, String scope, boolean optional, List<String> exclusions) {
    }

    /**
     * Coordinates and {@code --exclude GROUP:ARTIFACT} (for all of them), separated by blanks
     * or new lines; throws IllegalArgumentException with what is wrong.
     */
    public static MavenRequest parseCoordinates(String text) {
        List<Coordinates> coordinates = new ArrayList<>();
        List<String> exclusions = new ArrayList<>();
        String[] words = text.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals("--exclude") || word.startsWith("--exclude=")) {
                String value = word.equals("--exclude") ? (i + 1 < words.length ? words[++i] : "") : word.substring(10);
                for (String one : value.split(",")) {
                    Coordinates.parseExclusion(one);
                    exclusions.add(one);
                }
            } else if (word.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + word);
            } else {
                coordinates.add(Coordinates.parse(word));
            }
        }
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("no coordinates given");
        }
        List<Declared> declared = new ArrayList<>();
        for (Coordinates c : coordinates) {
            declared.add(new Declared(c, c.extension(), "compile", false, List.copyOf(exclusions)));
        }
        return new MavenRequest(List.copyOf(declared));
    }

    /** Is this %%maven body a POM fragment rather than coordinates? */
    public static boolean isPomFragment(String body) {
        return body.stripLeading().startsWith("<");
    }

    /**
     * A {@code <dependencies>} element, or {@code <dependency>} elements, as in a POM; read with
     * Maven's POM reader (strict: an unknown element is an error with its line).
     */
    public static MavenRequest parsePomFragment(String xml) {
        String body = xml.strip();
        String wrapped = body.startsWith("<dependencies") ? body : "<dependencies>" + body + "</dependencies>";
        String pom = "<project><modelVersion>4.0.0</modelVersion>" + wrapped + "</project>";
        Model model;
        try {
            model = new MavenXpp3Reader().read(new StringReader(pom), true);
        } catch (XmlPullParserException e) {
            throw new IllegalArgumentException("the POM fragment does not parse: " + e.getMessage()
                    .replaceAll("\\s*\\(position: .*", "").strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("the POM fragment could not be read: " + e.getMessage());
        }
        List<Declared> declared = new ArrayList<>();
        for (Dependency d : model.getDependencies()) {
            String missing = d.getGroupId() == null ? "groupId" : d.getArtifactId() == null ? "artifactId"
                    : d.getVersion() == null ? "version" : null;
            if (missing != null) {
                throw new IllegalArgumentException("a <dependency> has no <" + missing + ">: " + d.getManagementKey()
                        + " (the notebook has no dependencyManagement to take it from)");
            }
            String type = d.getType() == null ? "jar" : d.getType();
            String classifier = d.getClassifier() == null ? "" : d.getClassifier();
            Coordinates c = Coordinates.parse(d.getGroupId() + ":" + d.getArtifactId() + ":" + "jar"
                    + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + d.getVersion());
            List<String> exclusions = new ArrayList<>();
            for (Exclusion x : d.getExclusions()) {
                String one = x.getGroupId() + ":" + x.getArtifactId();
                Coordinates.parseExclusion(one);
                exclusions.add(one);
            }
            String scope = d.getScope() == null ? "compile" : d.getScope();
            if (scope.equals("import") || scope.equals("system")) {
                throw new IllegalArgumentException("scope " + scope + " of " + c + " is not for a notebook's class path "
                        + "(import belongs in dependencyManagement; for a jar on disk use %classpath)");
            }
            declared.add(new Declared(c, type, scope, d.isOptional(), List.copyOf(exclusions)));
        }
        if (declared.isEmpty()) {
            throw new IllegalArgumentException("the POM fragment declares no <dependency>");
        }
        return new MavenRequest(List.copyOf(declared));
    }
}
