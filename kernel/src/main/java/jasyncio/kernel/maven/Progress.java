package jasyncio.kernel.maven;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryEvent;
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
    private final long startNanos = System.nanoTime();
    private final String what;
    private final AtomicInteger resolved = new AtomicInteger();
    private final AtomicInteger downloadedFiles = new AtomicInteger();
    private final AtomicLong downloadedBytes = new AtomicLong();
    /** Transfers under way: resource → {bytes so far, length or -1}. */
    private final Map<TransferResource, long[]> active = new ConcurrentHashMap<>();
    /** The files this resolution downloaded (the rest came from the local repository). */
    private final Set<Path> downloaded = ConcurrentHashMap.newKeySet();
    private volatile long lastEventNanos = System.nanoTime();
    private volatile String cancelReason;

    Progress(String what) {
        this.what = what;
    }

    /** Stops the resolution at its next transfer event. */
    void cancel(String reason) {
        cancelReason = reason;
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

    /** Seconds since the last transfer or repository event, while a transfer is under way; else 0. */
    double secondsStalled() {
        return active.isEmpty() ? 0 : (System.nanoTime() - lastEventNanos) / 1e9;
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

    private void event() throws TransferCancelledException {
        lastEventNanos = System.nanoTime();
        if (cancelReason != null) {
            throw new TransferCancelledException(cancelReason);
        }
    }

    final AbstractTransferListener transfers = new AbstractTransferListener() {
        @Override
        public void transferInitiated(TransferEvent e) throws TransferCancelledException {
            active.put(e.getResource(), new long[] {0, -1});
            event();
        }

        @Override
        public void transferStarted(TransferEvent e) throws TransferCancelledException {
            long[] state = active.get(e.getResource());
            if (state != null) {
                state[1] = e.getResource().getContentLength();
            }
            event();
        }

        @Override
        public void transferProgressed(TransferEvent e) throws TransferCancelledException {
            long[] state = active.get(e.getResource());
            if (state != null) {
                state[0] = e.getTransferredBytes();
            }
            event();
        }

        @Override
        public void transferSucceeded(TransferEvent e) {
            active.remove(e.getResource());
            lastEventNanos = System.nanoTime();
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
            lastEventNanos = System.nanoTime();
        }
    };

    final AbstractRepositoryListener repository = new AbstractRepositoryListener() {
        @Override
        public void artifactResolved(RepositoryEvent event) {
            lastEventNanos = System.nanoTime();
            if (event.getExceptions().isEmpty()) {
                resolved.incrementAndGet();
            }
        }
    };

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
