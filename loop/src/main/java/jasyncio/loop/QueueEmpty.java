package jasyncio.loop;

/** asyncio.QueueEmpty: {@link Queue#getNowait} found the queue empty. */
public class QueueEmpty extends RuntimeException {
    public QueueEmpty() {
        super();
    }
}
