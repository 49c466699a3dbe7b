package jasyncio.kernel.wire;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** A MessageHandler that records what it gets, with an optional hook run first (to block, reply...). */
final class RecordingHandler implements MessageHandler {
    record Received(Channel channel, Message message, Thread thread) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    volatile BiConsumer<Channel, Message> hook = (c, m) -> { };

    @Override
    public void onShell(Message request) {
        handle(Channel.SHELL, request);
    }

    @Override
    public void onControl(Message request) {
        handle(Channel.CONTROL, request);
    }

    @Override
    public void onStdin(Message reply) {
        handle(Channel.STDIN, reply);
    }

    private void handle(Channel channel, Message m) {
        received.add(new Received(channel, m, Thread.currentThread()));
        hook.accept(channel, m);
    }

    /** The next delivered message, waiting at most {@code timeout}; fails the test if none. */
    Received next(Duration timeout) throws InterruptedException {
        Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message reached the handler within " + timeout);
        }
        return r;
    }
}
