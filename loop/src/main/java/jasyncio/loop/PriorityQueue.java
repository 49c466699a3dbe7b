package jasyncio.loop;

import java.util.Comparator;

/**
 * asyncio.PriorityQueue (queues.py): a {@link Queue} that gives back the smallest item
 * first, by the items' natural order (they must be Comparable) or by a Comparator. Items
 * that compare equal come out in no particular order, as with heapq.
 */
public class PriorityQueue<T> extends Queue<T> {
    public PriorityQueue() {
        this(0, null);
    }

    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /** A comparator of null means the items' natural order. */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new java.util.PriorityQueue<>(comparator));
    }
}
