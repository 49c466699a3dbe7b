package jasyncio.kernel.player;

import jasyncio.kernel.display.MimeBundle;
import jasyncio.loop.EventLoop;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A picture of any loop's state now: {@code display(loopState(myLoop))} in a cell, e.g. after
 * {@code myLoop.runOnce()}. The ready deque as boxes in FIFO order, the timer heap by due time
 * beside the loop's clock, one card per task, what runs, the selector; as HTML (no script), PNG
 * and text. Take it on the loop's thread (a cell's, for the kernel's loop or one of your own).
 */
public final class LoopState implements MimeBundle {
    private final StateView view;

    LoopState(StateView view) {
        this.view = view;
    }

    /** The state of {@code loop} now. */
    public static LoopState loopState(EventLoop loop) {
        return new LoopState(StateView.of(loop, "the loop after iteration " + loop.iteration()));
    }

    /** The state of {@code loop} now, under a title of your own. */
    public static LoopState loopState(EventLoop loop, String title) {
        return new LoopState(StateView.of(loop, title));
    }

    /**
     * Runs one iteration of {@code loop} ({@code runOnce}, on this thread; the loop must not be
     * running) with a recorder as its observer, then gives the state after it, with what the
     * iteration did below the picture. The loop's observer is restored (and told the events too).
     */
    public static LoopState afterStep(EventLoop loop, java.util.function.Function<StackTraceElement,
            jasyncio.kernel.shell.Interpreter.SourceLine> locate, String title) {
        jasyncio.loop.LoopObserver previous = loop.getObserver();
        TraceRecorder recorder = new TraceRecorder(loop, locate).then(previous);
        loop.setObserver(recorder);
        try {
            loop.runOnce();
        } finally {
            loop.setObserver(previous);
            recorder.end();
        }
        List<String> notes = new java.util.ArrayList<>();
        notes.add("what iteration " + loop.iteration() + " did (" + recorder.events() + " events):");
        for (String line : EventText.all(recorder, 60)) {
            notes.add("  " + line);
        }
        return new LoopState(StateView.of(loop, title)).withNotes(notes);
    }

    /** With lines of text below the picture (e.g. what the last iteration did). */
    LoopState withNotes(List<String> notes) {
        return new LoopState(view.withNotes(notes));
    }

    @Override
    public Map<String, Object> mimeBundle() {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", view.text());
        bundle.put("text/html", StatePage.html(view));
        bundle.put("image/png", Base64.getEncoder().encodeToString(PlayerImage.state(view)));
        return bundle;
    }

    /** The state as text (what a console shows). */
    @Override
    public String toString() {
        return view.text();
    }
}
