package jasyncio.loop;

import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.sleep;

/** Test helper: lets the other ready tasks run, one loop iteration per step (no wall-clock waits). */
final class LoopSteps {
    private LoopSteps() {
    }

    /** Yields to the loop n times; enough steps let every woken task run to its next await. */
    static void letOthersRun(int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(0));
        }
    }

    static void letOthersRun() {
        letOthersRun(10);
    }
}
