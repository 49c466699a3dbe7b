package jasyncio.loop;

/** asyncio.QueueFull: {@link Queue#putNowait} found the queue full. */
public class QueueFull extends RuntimeException {
    public QueueFull() {
        super();
    }
}
