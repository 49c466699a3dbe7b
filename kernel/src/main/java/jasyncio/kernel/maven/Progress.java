package jasyncio.kernel.maven;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryCache;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.metadata.Metadata;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.filter.RemoteRepositoryFilter;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferCancelledException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

/**
 * What one resolution has done so far, written by the resolver's threads (its transfer and
 * repository events) and read by the loop thread, which draws it into the cell's progress
 * display a few times a second. Also the resolution's cancellation: once {@link #cancel} is
 * called, the next transfer event throws TransferCancelledException, Maven Resolver's own way
 * to stop a transfer.
 */
final class Progress {
    /** The session's configuration property that hands this object to {@link #unansweredFilter}'s source. */
    static final String CONFIG_KEY = "jasyncio.maven.progress";
    private final long startNanos = System.nanoTime();
    private final String what;
    private final AtomicInteger resolved = new AtomicInteger();
    private final AtomicInteger downloadedFiles = new AtomicInteger();
    private final AtomicLong downloadedBytes = new AtomicLong();
    /** Transfers under way: resource → {bytes so far, length or -1}. */
    private final Map<TransferResource, long[]> active = new ConcurrentHashMap<>();
    /** The files this resolution downloaded (the rest came from the local repository). */
    private final Set<Path> downloaded = ConcurrentHashMap.newKeySet();
    /**
     * When a repository last answered (bytes, a success, "not found"), or when the first
     * transfer after an answer began; a failure with no answer (a time-out, a refused
     * connection) leaves it. So {@link #secondsStalled} counts across dead repositories
     * tried one after another, and not across time spent without transfers.
     */
    private volatile long lastAnswerNanos = System.nanoTime();
    private volatile boolean unanswered;
    private volatile String cancelReason;
    /** Repositories that did not answer in this resolution, by id, with why. */
    private final Map<String, String> unansweredRepositories = new ConcurrentHashMap<>();

    Progress(String what) {
        this.what = what;
    }

    /**
     * The session's cache: Maven Resolver keeps its HTTP connection pools there, so on cancel
     * its closeable entries are closed, which closes the connections in use, and a transfer
     * blocked in a read (or in HttpClient draining a body it was told to drop) ends now.
     */
    final ClosingCache cache = new ClosingCache();

    static final class ClosingCache implements RepositoryCache {
        private final Map<Object, Object> entries = new ConcurrentHashMap<>();

        @Override
        public void put(RepositorySystemSession session, Object key, Object data) {
            entries.put(key, data);
        }

        @Override
        public Object get(RepositorySystemSession session, Object key) {
            return entries.get(key);
        }

        @Override
        public Object computeIfAbsent(RepositorySystemSession session, Object key, Supplier<Object> supplier) {
            return entries.computeIfAbsent(key, k -> supplier.get());
        }

        void closeAll() {
            for (Object value : entries.values()) {
                if (value instanceof Closeable c) {
                    try {
                        c.close();
                    } catch (IOException | RuntimeException e) {
                        // closing what is being cancelled: nothing more to do
                    }
                }
            }
        }
    }

    /** Stops the resolution: its connections now, its next transfer event with TransferCancelledException. */
    void cancel(String reason) {
        cancelReason = reason;
        cache.closeAll();
    }

    boolean isCancelled() {
        return cancelReason != null;
    }

    String cancelReason() {
        return cancelReason;
    }

    boolean wasDownloaded(Path file) {
        return file != null && downloaded.contains(file.toAbsolutePath().normalize());
    }

    /** Seconds without an answer from a repository, while a transfer is under way; else 0. */
    double secondsStalled() {
        return active.isEmpty() ? 0 : (System.nanoTime() - lastAnswerNanos) / 1e9;
    }

    /** The repository of a transfer under way (for a stall's message), or null. */
    String activeRepository() {
        return active.keySet().stream().findFirst().map(r -> r.getRepositoryId() + " (" + r.getRepositoryUrl() + ")").orElse(null);
    }

    int downloadedFiles() {
        return downloadedFiles.get();
    }

    long downloadedBytes() {
        return downloadedBytes.get();
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void answered() {
        lastAnswerNanos = System.nanoTime();
        unanswered = false;
    }

    private void checkCancelled() throws TransferCancelledException {
        if (cancelReason != null) {
            throw new TransferCancelledException(cancelReason);
        }
    }

    final AbstractTransferListener transfers = new AbstractTransferListener() {
        @Override
        public void transferInitiated(TransferEvent e) throws TransferCancelledException {
            if (active.isEmpty() && !unanswered) {
                lastAnswerNanos = System.nanoTime();
            }
            active.put(e.getResource(), new long[] {0, -1});
            checkCancelled();
        }

        @Override
        public void transferStarted(TransferEvent e) throws TransferCancelledException {
            long[] state = active.get(e.getResource());
            if (state != null) {
                state[1] = e.getResource().getContentLength();
            }
            answered();
            checkCancelled();
        }

        @Override
        public void transferProgressed(TransferEvent e) throws TransferCancelledException {
            long[] state = active.get(e.getResource());
            if (state != null) {
                state[0] = e.getTransferredBytes();
            }
            answered();
            checkCancelled();
        }

        @Override
        public void transferSucceeded(TransferEvent e) {
            active.remove(e.getResource());
            answered();
            if (e.getRequestType() == TransferEvent.RequestType.GET) {
                downloadedBytes.addAndGet(e.getTransferredBytes());
                String name = e.getResource().getResourceName();
                if (!name.endsWith(".sha1") && !name.endsWith(".md5") && !name.endsWith(".sha256") && !name.endsWith(".sha512")) {
                    downloadedFiles.incrementAndGet();
                    Path file = e.getResource().getPath();
                    if (file != null) {
                        downloaded.add(file.toAbsolutePath().normalize());
                    }
                }
            }
        }

        @Override
        public void transferFailed(TransferEvent e) {
            active.remove(e.getResource());
            if (noAnswer(e.getException())) {
                unanswered = true;
                Throwable root = e.getException();
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                unansweredRepositories.putIfAbsent(e.getResource().getRepositoryId(), "it did not answer (" + root.getMessage() + ")");
            } else {
                answered(); // "not found", an HTTP status, a checksum: the repository answered
            }
        }
    };

    final AbstractRepositoryListener repository = new AbstractRepositoryListener() {
        @Override
        public void artifactResolved(RepositoryEvent event) {
            if (event.getExceptions().isEmpty()) {
                resolved.incrementAndGet();
            }
        }
    };

    /** Maven Resolver's filter that keeps this resolution from asking again a repository that did not answer. */
    RemoteRepositoryFilter unansweredFilter() {
        return new RemoteRepositoryFilter() {
            @Override
            public Result acceptArtifact(RemoteRepository repository, Artifact artifact) {
                return verdict(repository);
            }

            @Override
            public Result acceptMetadata(RemoteRepository repository, Metadata metadata) {
                return verdict(repository);
            }
        };
    }

    private Verdict verdict(RemoteRepository repository) {
        String why = unansweredRepositories.get(repository.getId());
        return why == null ? Verdict.ACCEPTED : new Verdict(false, "not asked again: " + why);
    }

    private record Verdict(boolean isAccepted, String reasoning) implements RemoteRepositoryFilter.Result {
        static final Verdict ACCEPTED = new Verdict(true, "answered so far");
    }

    /** A failure where the repository never answered: a time-out, a refused or impossible connection. */
    static boolean noAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.InterruptedIOException || t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** The progress display's text/plain: one line. */
    String text() {
        StringBuilder s = new StringBuilder();
        s.append("Resolving ").append(what).append(": ").append(resolved.get()).append(" resolved, ")
                .append(downloadedFiles.get()).append(" downloaded (").append(size(downloadedBytes.get())).append("), ")
                .append(String.format(Locale.ROOT, "%.1f s", seconds()));
        active.entrySet().stream().filter(e -> !e.getKey().getResourceName().matches(".*\\.(sha1|md5|sha256|sha512)$"))
                .findFirst().ifPresent(e -> {
                    long[] state = e.getValue();
                    String name = e.getKey().getResourceName();
                    s.append("; now ").append(name.substring(name.lastIndexOf('/') + 1)).append(' ')
                            .append(size(state[0])).append(state[1] > 0 ? " of " + size(state[1]) : "")
                            .append(" from ").append(e.getKey().getRepositoryId());
                });
        return s.toString();
    }

    /** The line that replaces the progress when the resolution is over. */
    String doneText(int artifacts) {
        return String.format(Locale.ROOT, "Resolved %s: %d artifact%s, %d file%s downloaded (%s), %.1f s", what, artifacts,
                artifacts == 1 ? "" : "s", downloadedFiles.get(), downloadedFiles.get() == 1 ? "" : "s",
                size(downloadedBytes.get()), seconds());
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
