package jasyncio.kernel.maven;

import jasyncio.loop.EventLoop;
import jasyncio.loop.ExternalWork;
import jasyncio.loop.Future;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's Maven: the libraries it has loaded ({@link Libraries}) and, made on the first
 * use only (the kernel's start loads no class of the resolver), Maven's settings and Maven
 * Resolver ({@link MavenResolver}). Resolutions run on a thread of their own, each a
 * {@link Resolving} whose Future completes on the loop thread; cancelling that Future (the
 * cell's interrupt) cancels the resolution.
 */
public final class Maven {
    /** With no transfer event for this long while a transfer is under way, a resolution fails (a stalled repository). */
    public static final double STALL_SECONDS = 25;

    private final Libraries libraries = new Libraries();
    private volatile MavenResolver resolver;
    private boolean settingsProblemsSaid;

    public Libraries libraries() {
        return libraries;
    }

    /** Settings read and the repository system made once; a second or so, on the caller's thread. */
    private MavenResolver resolver() {
        MavenResolver r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null) {
                    r = new MavenResolver(MavenSettings.load());
                    resolver = r;
                }
            }
        }
        return r;
    }

    /** A resolution under way: its Future (completed on the loop thread) and its progress. */
    public static final class Resolving {
        private final Future<Resolution> future;
        private final Progress progress;

        Resolving(Future<Resolution> future, Progress progress) {
            this.future = future;
            this.progress = progress;
        }

        public Future<Resolution> future() {
            return future;
        }

        /**
         * Stops the resolution at its next transfer event. The cell calls it when its await
         * ends cancelled: the Future's done callbacks would run only when the loop runs again.
         */
        public void cancel(String reason) {
            progress.cancel(reason);
        }

        /** One line: resolved, downloaded, bytes, the current file. */
        public String progressText() {
            return progress.text();
        }

        public String doneText(Resolution r) {
            return progress.doneText(r.artifacts().size());
        }

        /**
         * On the loop thread, a few times a second: fails the resolution when its transfer has
         * stalled for {@link #STALL_SECONDS} (time-outs should have ended it before).
         */
        public void checkStalled() {
            if (!future.isDone() && progress.secondsStalled() > STALL_SECONDS) {
                String message = "no answer from " + progress.activeRepository() + " for " + (int) STALL_SECONDS + " s";
                progress.cancel(message);
                future.setException(new MavenResolver.ResolutionFailure(message));
            }
        }
    }

    /** Starts resolving {@code request} (described as {@code what}); call on the loop thread. */
    public Resolving start(EventLoop loop, String what, MavenRequest request) {
        Progress progress = new Progress(what);
        Future<Resolution> future = loop.createFuture();
        future.addDoneCallback(f -> {
            if (f.isCancelled()) {
                progress.cancel("interrupted");
            }
        });
        ExternalWork work = loop.holdExternalWork(); // under virtual time the loop waits for it for real
        Thread thread = new Thread(() -> {
            try {
                Resolution r = resolver().resolve(what, request, progress);
                loop.callSoonThreadsafe(() -> {
                    if (!future.isDone()) {
                        future.setResult(r);
                    }
                });
            } catch (Throwable e) {
                loop.callSoonThreadsafe(() -> {
                    if (!future.isDone()) {
                        future.setException(e instanceof MavenResolver.ResolutionFailure ? e
                                : new MavenResolver.ResolutionFailure(e.toString()));
                    }
                });
            } finally {
                work.close(); // after the result went to callSoonThreadsafe, as ExternalWork asks
            }
        }, "maven-resolve");
        thread.setDaemon(true);
        thread.start();
        return new Resolving(future, progress);
    }

    /** The table of what a resolution added: text/plain and text/html. */
    public java.util.Map<String, Object> tableOf(Libraries.Plan plan) {
        return LibraryViews.table(plan);
    }

    /** Is this throwable a resolution's failure (its message is for the user)? */
    public static boolean isFailure(Throwable t) {
        return t instanceof MavenResolver.ResolutionFailure;
    }

    /** %mavenRepo ID URL. */
    public void addRepository(String id, String url, String updatePolicy, boolean releases, boolean snapshots) {
        resolver().addRepository(id, url, updatePolicy, releases, snapshots);
    }

    public boolean removeRepository(String id) {
        return resolver().removeRepository(id);
    }

    /** The repositories as searched (mirrors and proxies applied), the settings used; for %mavenRepo and --list. */
    public List<String> describeRepositories() {
        return resolver().describeRepositories();
    }

    public String describeSettings() {
        MavenSettings s = resolver().settings();
        return s.describe() + (s.problems().isEmpty() ? "" : "\nsettings problems: " + String.join("; ", s.problems()));
    }

    /** Warnings of reading the settings: the first time asked, then none (they are said once). */
    public List<String> settingsProblemsOnce() {
        if (settingsProblemsSaid) {
            return List.of();
        }
        settingsProblemsSaid = true;
        return resolver().settings().problems();
    }

    /** The sources (else javadoc) jar of the %maven artifact holding this class, downloaded on first use; or null. */
    public Path sourcesOf(String className) {
        return libraries.documentationFor(className, (c, classifier) -> resolver().resolveClassified(c, classifier));
    }
}
