package jasyncio.loop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What several test classes need: the loop's error reports, captured instead of printed. */
final class LoopTesting {
    private LoopTesting() {
    }

    /** Installs an exception handler that records every context it receives (from any thread). */
    static List<ExceptionContext> recordExceptions(EventLoop loop) {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        return reports;
    }

    /** Routes the loop's log (the default exception handler's output, debug reports) into a list. */
    static List<String> recordLog(EventLoop loop) {
        List<String> lines = new CopyOnWriteArrayList<>();
        loop.setLogger(lines::add);
        return lines;
    }

    /** The callback, with a name that Handle descriptions and the loop's reports show. */
    static Runnable named(String name, Runnable callback) {
        return new Runnable() {
            @Override
            public void run() {
                callback.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A callback that does nothing, named so that reports which mention it can be read. */
    static final Runnable NOTHING = named("nothing", () -> {
    });
}
