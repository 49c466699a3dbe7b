package jasyncio.kernel.maven;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.RepositorySystemSession.SessionBuilder;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.ArtifactType;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.ArtifactRepository;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.spi.connector.filter.RemoteRepositoryFilterSource;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactFilteredOutException;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.transfer.TransferCancelledException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Maven Resolver 2, as {@code maven-resolver-supplier-mvn3} puts it together (Maven 3's POM
 * reading, the basic connector, the file and Apache HttpClient transports; no Sisu), with the
 * session Maven would make from the same settings ({@link MavenSettings}). Made on the first
 * %maven, never at kernel start. Blocking: the magic calls it off the loop thread.
 *
 * <p>Differences from {@code mvn}: checksums are strict (a mismatch fails, as {@code mvn -C});
 * connect and request (read) time-outs are 10 s each (Maven's are 10 s and 30 min) so that an
 * unreachable repository is an error within half a minute (with {@link Maven#STALL_SECONDS}
 * across several); what is resolved is Maven's test
 * class path of the declared dependencies (declared ones of any scope, their compile and
 * runtime dependencies). System properties {@code aether.*} (e.g. in kernel.json) override.
 */
final class MavenResolver {
    static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int REQUEST_TIMEOUT_MILLIS = 10_000;

    private final RepositorySystem system = new Supplier().get();
    private final MavenSettings settings;
    /** Added by %mavenRepo, in order. */
    private final List<RemoteRepository> added = new CopyOnWriteArrayList<>();

    MavenResolver(MavenSettings settings) {
        this.settings = settings;
    }

    MavenSettings settings() {
        return settings;
    }

    static RemoteRepository central() {
        return new RemoteRepository.Builder("central", "default", CENTRAL_URL)
                .setReleasePolicy(new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                .setSnapshotPolicy(new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                .build();
    }

    /**
     * %mavenRepo: a repository for releases and snapshots with Maven's update policy
     * ("daily", "always", "never", "interval:MINUTES"); one with the same id is replaced.
     */
    void addRepository(String id, String url, String updatePolicy, boolean releases, boolean snapshots) {
        RemoteRepository repository = new RemoteRepository.Builder(id, "default", url)
                .setReleasePolicy(new RepositoryPolicy(releases, updatePolicy, RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                .setSnapshotPolicy(new RepositoryPolicy(snapshots, updatePolicy, RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                .build();
        added.removeIf(r -> r.getId().equals(id));
        added.add(repository);
    }

    boolean removeRepository(String id) {
        return added.removeIf(r -> r.getId().equals(id));
    }

    /** The repositories searched, in order: the settings' active profiles', %mavenRepo's, central. */
    List<RemoteRepository> repositories() {
        List<RemoteRepository> all = new ArrayList<>(settings.profileRepositories());
        all.addAll(added);
        if (all.stream().noneMatch(r -> r.getId().equals("central"))) {
            all.add(central());
        }
        return all;
    }

    /** The same, as the session sees them: mirrors, proxies and credentials applied; one line each. */
    List<String> describeRepositories() {
        try (CloseableSession session = session(null)) {
            List<String> lines = new ArrayList<>();
            for (RemoteRepository r : system.newResolutionRepositories(session, repositories())) {
                lines.add(describe(r));
            }
            return lines;
        }
    }

    private static String describe(RemoteRepository r) {
        String mirrored = r.getMirroredRepositories().isEmpty() ? ""
                : " (mirror of " + String.join(", ", r.getMirroredRepositories().stream().map(RemoteRepository::getId).toList()) + ")";
        String kinds = (r.getPolicy(false).isEnabled() ? "releases" : "")
                + (r.getPolicy(false).isEnabled() && r.getPolicy(true).isEnabled() ? " and " : "")
                + (r.getPolicy(true).isEnabled() ? "snapshots (updates: " + r.getPolicy(true).getUpdatePolicy() + ")" : "");
        return r.getId() + " " + r.getUrl() + mirrored + ", " + kinds
                + (r.getProxy() != null ? ", through proxy " + r.getProxy().getHost() + ":" + r.getProxy().getPort() : "")
                + (r.getAuthentication() != null ? ", with credentials" : "");
    }

    private CloseableSession session(Progress progress) {
        SessionBuilder builder = new SessionBuilderSupplier(system).get();
        Map<String, Object> config = new HashMap<>();
        config.put(ConfigurationProperties.CONNECT_TIMEOUT, CONNECT_TIMEOUT_MILLIS);
        config.put(ConfigurationProperties.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MILLIS);
        config.put("aether.remoteRepositoryFilter.prefixes", false); // as Maven 3.9: no .meta/prefixes.txt asked of each repository
        config.put(ConfigurationProperties.USER_AGENT, "jasyncio-kernel (Maven Resolver 2; " + System.getProperty("java.version") + ")");
        System.getProperties().forEach((k, v) -> config.put(k.toString(), v)); // -Daether.* and the like win, as in Maven
        Map<String, String> systemProperties = new HashMap<>();
        System.getenv().forEach((k, v) -> systemProperties.put("env." + k, v));
        System.getProperties().forEach((k, v) -> systemProperties.put(k.toString(), v.toString()));
        builder.withLocalRepositoryBaseDirectories(settings.localRepository())
                .setOffline(settings.offline())
                .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
                .setMirrorSelector(settings.mirrorSelector())
                .setProxySelector(settings.proxySelector())
                .setAuthenticationSelector(settings.authenticationSelector())
                .setSystemProperties(systemProperties);
        if (progress != null) {
            builder.setTransferListener(progress.transfers).setRepositoryListener(progress.repository).setCache(progress.cache);
            config.put(Progress.CONFIG_KEY, progress);
        }
        builder.setConfigProperties(config);
        return builder.build();
    }

    /** Resolves the request with its transitive dependencies; a failure says what and where. */
    Resolution resolve(String what, MavenRequest request, Progress progress) {
        List<RemoteRepository> repositories = List.of();
        try (CloseableSession session = session(progress)) {
            repositories = system.newResolutionRepositories(session, repositories());
            List<Dependency> dependencies = new ArrayList<>();
            for (MavenRequest.Declared d : request.dependencies()) {
                dependencies.add(dependency(session, d));
            }
            CollectRequest collect = new CollectRequest(dependencies, List.of(), repositories);
            collect.setRequestContext("notebook");
            DependencyResult result = system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.TEST)));
            Map<String, String> scopes = new HashMap<>();
            scopes(result.getRoot(), scopes);
            List<Resolution.Artifact> artifacts = new ArrayList<>();
            for (ArtifactResult r : result.getArtifactResults()) {
                Artifact a = r.getArtifact();
                artifacts.add(new Resolution.Artifact(coordinates(a), scopes.getOrDefault(coordinates(a).toString(), ""), a.getPath(),
                        repositoryId(r.getRepository()), progress.wasDownloaded(a.getPath())));
            }
            List<Resolution.Node> roots = new ArrayList<>();
            for (DependencyNode child : result.getRoot().getChildren()) {
                roots.add(node(child));
            }
            return new Resolution(what, artifacts, roots, progress.seconds(), progress.downloadedFiles(), progress.downloadedBytes());
        } catch (DependencyResolutionException e) {
            throw new ResolutionFailure(progress.isCancelled() ? progress.cancelReason() : explain(e, repositories));
        } catch (RuntimeException e) {
            if (progress.isCancelled()) {
                throw new ResolutionFailure(progress.cancelReason());
            }
            throw new ResolutionFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * An artifact of the same coordinates with a classifier ("sources", "javadoc"), from the
     * same repositories, into the local repository; null when there is none.
     */
    Path resolveClassified(Coordinates c, String classifier) {
        try (CloseableSession session = session(null)) {
            ArtifactRequest request = new ArtifactRequest(
                    new DefaultArtifact(c.groupId(), c.artifactId(), classifier, "jar", c.version()),
                    system.newResolutionRepositories(session, repositories()), "notebook");
            return system.resolveArtifact(session, request).getArtifact().getPath();
        } catch (ArtifactResolutionException | RuntimeException e) {
            return null;
        }
    }

    private static Dependency dependency(RepositorySystemSession session, MavenRequest.Declared d) {
        Coordinates c = d.coordinates();
        ArtifactType type = session.getArtifactTypeRegistry().get(d.type());
        String classifier = c.classifier().isEmpty() && type != null ? type.getClassifier() : c.classifier();
        Artifact artifact = type != null && !d.type().equals(c.extension())
                ? new DefaultArtifact(c.groupId(), c.artifactId(), classifier, type.getExtension(), c.version(), type)
                : new DefaultArtifact(c.groupId(), c.artifactId(), classifier, c.extension(), c.version(), type);
        List<Exclusion> exclusions = new ArrayList<>();
        for (String x : d.exclusions()) {
            String[] ga = Coordinates.parseExclusion(x);
            exclusions.add(new Exclusion(ga[0], ga[1], "*", "*"));
        }
        return new Dependency(artifact, d.scope(), d.optional(), exclusions);
    }

    static Coordinates coordinates(Artifact a) {
        return new Coordinates(a.getGroupId(), a.getArtifactId(), a.getExtension(), a.getClassifier(), a.getVersion());
    }

    private static Resolution.Node node(DependencyNode n) {
        List<Resolution.Node> children = new ArrayList<>();
        for (DependencyNode child : n.getChildren()) {
            children.add(node(child));
        }
        Dependency d = n.getDependency();
        return new Resolution.Node(coordinates(n.getArtifact()), d == null ? "" : d.getScope(),
                d != null && d.isOptional(), List.copyOf(children));
    }

    /** Each node's artifact (as coordinates) → its scope after mediation. */
    private static void scopes(DependencyNode node, Map<String, String> into) {
        if (node.getArtifact() != null && node.getDependency() != null) {
            into.putIfAbsent(coordinates(node.getArtifact()).toString(), node.getDependency().getScope());
        }
        node.getChildren().forEach(child -> scopes(child, into));
    }

    private static String repositoryId(ArtifactRepository r) {
        if (r == null || r instanceof LocalRepository) {
            return "local";
        }
        return r.getId();
    }

    /** A resolution's failure, said plainly: what is missing or broken where, and the repositories tried. */
    static String explain(Exception e, List<RemoteRepository> repositories) {
        Set<String> reasons = new LinkedHashSet<>();
        collect(e, null, reasons, 0);
        String tried = repositories.isEmpty() ? "" : "\nrepositories tried: " + String.join(", ",
                repositories.stream().map(MavenResolver::name).toList());
        return String.join("\n", reasons) + tried;
    }

    private static String name(ArtifactRepository r) {
        return r instanceof RemoteRepository remote ? remote.getId() + " (" + remote.getUrl() + ")" : r == null ? "?" : r.getId();
    }

    /** Walks down to the causes that say something, remembering the repository a transfer was from. */
    private static void collect(Throwable t, ArtifactRepository repository, Set<String> reasons, int depth) {
        if (t == null || depth > 12) {
            return;
        }
        int before = reasons.size();
        if (t instanceof DependencyResolutionException d && d.getResult() != null) {
            d.getResult().getCollectExceptions().forEach(c -> collect(c, repository, reasons, depth + 1));
            for (ArtifactResult r : d.getResult().getArtifactResults()) {
                if (!r.isResolved()) {
                    r.getExceptions().forEach(x -> collect(x, repository, reasons, depth + 1));
                }
            }
        } else if (t instanceof ArtifactResolutionException a) {
            for (ArtifactResult r : a.getResults()) {
                r.getExceptions().forEach(x -> collect(x, repository, reasons, depth + 1));
            }
        }
        if (reasons.size() > before) {
            return;
        }
        ArtifactRepository where = t instanceof ArtifactTransferException x && x.getRepository() != null ? x.getRepository() : repository;
        String reason = reason(t, where);
        if (reason != null) {
            reasons.add(reason);
        } else if (t.getCause() == null || t.getCause() == t) {
            reasons.add(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        } else {
            collect(t.getCause(), where, reasons, depth + 1);
        }
    }

    /** The end of a cause chain, in words; null to look deeper. */
    private static String reason(Throwable t, ArtifactRepository where) {
        if (t instanceof ArtifactFilteredOutException f) {
            return "skipped " + name(where) + " for " + f.getArtifact() + ": " + f.getMessage().replaceAll("^.*?: ", "");
        }
        if (t instanceof ArtifactNotFoundException n && n.getMessage() != null && n.getMessage().contains("offline")) {
            return n.getMessage() + " (the settings say offline)";
        }
        if (t instanceof ArtifactNotFoundException n) {
            return "not found: " + n.getArtifact() + " in " + name(where);
        }
        if (t instanceof ChecksumFailureException c) {
            return "checksum failure" + (where == null ? "" : " from " + name(where)) + ": " + c.getMessage()
                    + " (the file is corrupt or was changed; it was not used)";
        }
        if (t instanceof TransferCancelledException) {
            return "cancelled";
        }
        if (t instanceof java.io.InterruptedIOException) {
            return "no answer in time from " + name(where) + " (" + t.getMessage() + "): the repository is unreachable or too slow";
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof java.net.NoRouteToHostException) {
            return "cannot connect to " + name(where) + ": " + t;
        }
        return null;
    }

    /**
     * The supplier's system, with one more remote repository filter: a repository that did
     * not answer in this resolution (a time-out, a refused connection; {@link Progress}) is
     * not asked again in it, so several files from one unreachable repository cost one
     * time-out, not one each (the filter's reasoning then says why it was skipped).
     */
    private static final class Supplier extends RepositorySystemSupplier {
        @Override
        protected Map<String, RemoteRepositoryFilterSource> createRemoteRepositoryFilterSources() {
            Map<String, RemoteRepositoryFilterSource> sources = new HashMap<>(super.createRemoteRepositoryFilterSources());
            sources.put("jasyncio-unanswered", session -> {
                Object progress = session.getConfigProperties().get(Progress.CONFIG_KEY);
                return progress instanceof Progress p ? p.unansweredFilter() : null;
            });
            return sources;
        }
    }

    /** A resolution that failed; its message is for the user. */
    static final class ResolutionFailure extends RuntimeException {
        ResolutionFailure(String message) {
            super(message, null, false, false);
        }
    }
}
