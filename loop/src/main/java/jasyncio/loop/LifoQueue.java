package jasyncio.loop;

import java.util.ArrayDeque;
import java.util.Collections;

/** asyncio.LifoQueue (queues.py): a {@link Queue} that gives back the most recently put item first. */
public class LifoQueue<T> extends Queue<T> {
    public LifoQueue() {
        this(0);
    }

    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
