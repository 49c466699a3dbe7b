package jasyncio.loop;

/**
 * asyncio.QueueShutDown (3.13): a put on a queue that is shut down, or a get on one that is
 * shut down and empty (or shut down immediately).
 */
public class QueueShutDown extends RuntimeException {
    public QueueShutDown() {
        super();
    }
}
