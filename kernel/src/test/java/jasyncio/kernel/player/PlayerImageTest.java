package jasyncio.kernel.player;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import jasyncio.loop.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The PNG's timeline axis under virtual time: the loop's clock, as the player's default axis. */
@Timeout(60)
class PlayerImageTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private TraceRecorder recorded(Runnable body) {
        TraceRecorder recorder = new TraceRecorder(loop, null);
        loop.setObserver(recorder);
        try {
            body.run();
        } finally {
            loop.setObserver(null);
            recorder.end();
        }
        return recorder;
    }

    @Test
    void onTheVirtualClockTheAxisIsLoopTimeWhereTheTimerFiresAtItsDueTime() {
        loop.useVirtualTime(true);
        TraceRecorder r = recorded(() -> loop.runUntilComplete(async(() -> {
            await(sleep(0.1));
            await(sleep(0.05));
            return null;
        })));
        PlayerImage.LoopAxis axis = PlayerImage.LoopAxis.of(r);
        assertEquals(150e6, axis.span(), 1e3, "the axis spans the 150 ms the loop's clock moved");
        // Every event is drawn at the loop time it happened at: the first timer's at 100 ms, the last event at 150 ms.
        EventLog.Chunk chunk = r.log.chunks().getFirst();
        int due = -1;
        for (int i = 0; i < chunk.size && due < 0; i++) {
            if (chunk.kind[i] == EventKind.TIMER_DUE.ordinal()) {
                due = i;
            }
        }
        assertTrue(due > 0, "a timer came due");
        assertEquals(100e6, axis.display(chunk.t[due]), 1e3);
        assertEquals(0, axis.display(chunk.t[0]), 1e-9, "the run starts at 0");
        assertEquals(150e6, axis.display(chunk.t[chunk.size - 1]), 1e3);
        assertTrue(PlayerImage.trace(StateView.ofRecording(r, "end"), r, "t").length > 1000, "it draws");
    }

    @Test
    void whenTheVirtualClockNeverMovedThereIsNoLoopAxisToDraw() {
        loop.useVirtualTime(true);
        TraceRecorder r = recorded(() -> loop.runUntilComplete(async(() -> 1)));
        assertEquals(1, PlayerImage.LoopAxis.of(r).span(), "no timer: the loop's clock stood still, and the PNG draws real time");
    }
}
