package jasyncio.kernel.magic;

import jasyncio.kernel.shell.Interpreter.CellError;
import jasyncio.kernel.shell.Interpreter.CellValue;
import jasyncio.loop.EventLoop;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code %virtual_time on|off} (the kernel's loop on a virtual clock from now on, or back on
 * the real one; with no argument, which one it is) and {@code %%virtual_time} (one cell on the
 * virtual clock). {@code %%trace --virtual-time} uses {@link #withVirtualTime} too.
 */
final class ClockMagics {
    static final String WHAT_IT_IS = "Under virtual time the loop's clock (loop().time(), sleep, timeouts) stands still while\n"
            + "code runs, and where the loop would wait for the next timer it jumps there at once: timers\n"
            + "fire in due order at exactly their due times, however slow the machine, and a cell shows the\n"
            + "same events and times on every run. It jumps only when nothing can wake the loop from\n"
            + "outside: while a socket is open for reading or writing, a server listens, a toThread or\n"
            + "runInExecutor job runs or an input request waits, the loop waits for real and the clock\n"
            + "advances by the time waited. The clock never goes back when switched either way.\n"
            + "Switched on with no timer scheduled, it starts at the next whole thousand seconds of the loop's\n"
            + "clock (1000.000 in a fresh kernel), so that the same cells give the same times on every run,\n"
            + "to the last digit; with timers scheduled it starts where the clock is, so that none comes due early.";

    /** Virtual time starts at a multiple of this (seconds), when it can: the same clock readings on every run. */
    static final double EPOCH = 1000;

    private ClockMagics() {
    }

    static void register(Magics magics) {
        magics.add(new Magic("virtual_time", Magic.Kind.LINE, "[on|off]",
                "%virtual_time on puts the kernel's loop on a virtual clock for every following cell,\n"
                        + "%virtual_time off puts it back on the real one; %virtual_time alone says which it is.\n"
                        + "%%virtual_time runs one cell on the virtual clock, %%trace --virtual-time one traced cell.\n\n"
                        + WHAT_IT_IS,
                (host, args, body) -> switchClock(host, args.strip())));
        magics.add(new Magic("virtual_time", Magic.Kind.CELL, "",
                "Runs the cell with the kernel's loop on the virtual clock, then puts back the clock it had.\n"
                        + "See %virtual_time? for what virtual time is.",
                (host, args, body) -> {
                    if (!args.isBlank()) {
                        throw usage("%%virtual_time takes no argument, not " + args.strip());
                    }
                    return withVirtualTime(host.loop(), () -> magics.dispatch(body, host));
                }));
    }

    private static CellValue switchClock(MagicHost host, String args) {
        EventLoop loop = host.loop();
        switch (args) {
            case "" -> host.write(state(loop));
            case "on" -> {
                startVirtualTime(loop);
                host.write(String.format(Locale.ROOT, "virtual time on: the clock jumps to the next timer when nothing"
                        + " else can happen (loop().time() = %.3f)%n", loop.time()));
            }
            case "off" -> {
                loop.useVirtualTime(false);
                host.write(String.format(Locale.ROOT, "virtual time off: the real clock, going on from loop().time() = %.3f%n",
                        loop.time()));
            }
            default -> throw usage("%virtual_time takes on or off, not " + args);
        }
        return null;
    }

    /** "clock: ..." as %loop and %virtual_time show it. */
    static String state(EventLoop loop) {
        return String.format(Locale.ROOT, "clock: %s, loop().time() = %.3f%n", loop.describeClock(), loop.time());
    }

    /**
     * Puts the loop on virtual time; when it was on real time and has no timer, the clock moves
     * on to the next multiple of {@link #EPOCH}: the same cells then see the same readings of
     * loop().time() on every run, and so the same rounding where two timers fall due together.
     */
    static void startVirtualTime(EventLoop loop) {
        if (loop.isVirtualTime()) {
            return;
        }
        loop.useVirtualTime(true);
        if (loop.scheduledTimers().isEmpty()) {
            loop.advanceVirtualTimeTo(Math.ceil(loop.time() / EPOCH) * EPOCH);
        }
    }

    /** Runs {@code run} with the loop on virtual time, then gives the loop back the clock it had. */
    static CellValue withVirtualTime(EventLoop loop, Supplier<CellValue> run) {
        boolean was = loop.isVirtualTime();
        startVirtualTime(loop);
        try {
            return run.get();
        } finally {
            loop.useVirtualTime(was);
        }
    }

    private static CellError usage(String why) {
        return new CellError("UsageError", why, List.of("UsageError: " + why, "usage: %virtual_time [on|off]   or   %%virtual_time"));
    }
}
