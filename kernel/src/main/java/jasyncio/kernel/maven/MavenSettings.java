package jasyncio.kernel.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Repository;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsBuildingResult;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * Maven's settings, as Maven 3 reads them, with Maven's own settings builder: the user's
 * {@code ~/.m2/settings.xml} over the global {@code $MAVEN_HOME/conf/settings.xml} (or the
 * {@code maven.home} property's), interpolated (${user.home}, ${env.X}), validated, and
 * passwords decrypted with {@code ~/.m2/settings-security.xml} as {@code mvn} does. Of them the
 * resolution uses: {@code localRepository} (the {@code maven.repo.local} property wins, as in
 * Maven), {@code offline}, mirrors, proxies, the servers' credentials, and the repositories of
 * the active profiles ({@code <activeProfiles>} and {@code activeByDefault}; activation by JDK,
 * OS, property or file is not evaluated).
 */
final class MavenSettings {
    private final Settings settings;
    private final List<String> problems = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Server> servers;
    private final List<Proxy> proxies;

    private MavenSettings(Settings settings, List<Server> servers, List<Proxy> proxies) {
        this.settings = settings;
        this.servers = servers;
        this.proxies = proxies;
    }

    /** Reads the settings files that exist; problems become warnings of the first %maven, never a failure. */
    static MavenSettings load() {
        Path home = Path.of(System.getProperty("user.home"));
        Path user = Path.of(System.getProperty("maven.settings", home.resolve(".m2/settings.xml").toString()));
        Path global = globalSettings();
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setUserSettingsFile(user.toFile());
        if (global != null) {
            request.setGlobalSettingsFile(global.toFile());
        }
        Properties system = new Properties();
        system.putAll(System.getProperties());
        System.getenv().forEach((k, v) -> system.setProperty("env." + k, v));
        request.setSystemProperties(system);
        List<String> problems = new ArrayList<>();
        Settings effective;
        try {
            SettingsBuildingResult result = new DefaultSettingsBuilderFactory().newInstance().build(request);
            effective = result.getEffectiveSettings();
            for (SettingsProblem p : result.getProblems()) {
                problems.add(p.getSeverity() + " " + p.getMessage() + " (" + p.getLocation() + ")");
            }
        } catch (SettingsBuildingException e) {
            effective = new Settings();
            problems.add("settings not used: " + e.getMessage().strip());
        }
        List<Server> servers = effective.getServers();
        List<Proxy> proxies = effective.getProxies();
        if (!servers.isEmpty() || !proxies.isEmpty()) {
            try {
                String security = System.getProperty("settings.security", home.resolve(".m2/settings-security.xml").toString());
                SettingsDecryptionResult decrypted = new DefaultSettingsDecrypter(
                        new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security))
                        .decrypt(new DefaultSettingsDecryptionRequest(effective));
                servers = decrypted.getServers();
                proxies = decrypted.getProxies();
                decrypted.getProblems().forEach(p -> problems.add("password not decrypted: " + p.getMessage()));
            } catch (RuntimeException e) {
                problems.add("passwords not decrypted: " + e);
            }
        }
        MavenSettings s = new MavenSettings(effective, servers, proxies);
        s.problems.addAll(problems);
        if (Files.isRegularFile(user)) {
            s.files.add(user);
        }
        if (global != null && Files.isRegularFile(global)) {
            s.files.add(global);
        }
        return s;
    }

    private static Path globalSettings() {
        String mavenHome = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
        return mavenHome == null || mavenHome.isBlank() ? null : Path.of(mavenHome, "conf", "settings.xml");
    }

    /** maven.repo.local, else the settings' localRepository, else ~/.m2/repository. */
    Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String configured = settings.getLocalRepository();
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    boolean offline() {
        return settings.isOffline();
    }

    /** The settings files read, existing ones only. */
    List<Path> files() {
        return List.copyOf(files);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    MirrorSelector mirrorSelector() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            selector.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
        }
        return selector;
    }

    ProxySelector proxySelector() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (Proxy p : proxies) {
            if (p.isActive()) {
                AuthenticationBuilder auth = new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword());
                selector.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth.build()),
                        p.getNonProxyHosts());
            }
        }
        return selector;
    }

    AuthenticationSelector authenticationSelector() {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (Server s : servers) {
            AuthenticationBuilder auth = new AuthenticationBuilder().addUsername(s.getUsername()).addPassword(s.getPassword());
            if (s.getPrivateKey() != null) {
                auth.addPrivateKey(s.getPrivateKey(), s.getPassphrase());
            }
            selector.add(s.getId(), auth.build());
        }
        return selector;
    }

    /** The repositories of the active profiles, in order, as Maven adds them before central. */
    List<RemoteRepository> profileRepositories() {
        Set<String> active = new HashSet<>(settings.getActiveProfiles());
        List<RemoteRepository> repositories = new ArrayList<>();
        for (Profile profile : settings.getProfiles()) {
            boolean byDefault = profile.getActivation() != null && profile.getActivation().isActiveByDefault();
            if (active.contains(profile.getId()) || byDefault) {
                for (Repository r : profile.getRepositories()) {
                    repositories.add(new RemoteRepository.Builder(r.getId(), r.getLayout(), r.getUrl())
                            .setReleasePolicy(policy(r.getReleases()))
                            .setSnapshotPolicy(policy(r.getSnapshots()))
                            .build());
                }
            }
        }
        return repositories;
    }

    private static RepositoryPolicy policy(org.apache.maven.settings.RepositoryPolicy p) {
        if (p == null) {
            return new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_WARN);
        }
        return new RepositoryPolicy(p.isEnabled(),
                p.getUpdatePolicy() == null ? RepositoryPolicy.UPDATE_POLICY_DAILY : p.getUpdatePolicy(),
                p.getChecksumPolicy() == null ? RepositoryPolicy.CHECKSUM_POLICY_WARN : p.getChecksumPolicy());
    }

    /** One line for %maven --list: which files, where the local repository is, offline or not. */
    String describe() {
        return "settings: " + (files.isEmpty() ? "none (no ~/.m2/settings.xml)" : files.stream()
                .map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""))
                + "; local repository: " + localRepository() + (offline() ? "; offline" : "")
                + (settings.getMirrors().isEmpty() ? "" : "; mirrors: " + settings.getMirrors().stream()
                .map(m -> m.getId() + " (of " + m.getMirrorOf() + ")").reduce((a, b) -> a + ", " + b).orElse(""));
    }

}
