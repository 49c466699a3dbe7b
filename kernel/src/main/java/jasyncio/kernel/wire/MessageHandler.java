package jasyncio.kernel.wire;

/**
 * Receives the verified requests of a {@link KernelServer}.
 *
 * <p>Every method is called on the server's single transport thread, one message at a time, in
 * arrival order per channel (control is read before shell when both have input). While a method
 * runs, no other shell, control or stdin message is read and queued replies are not written
 * (heartbeat and iopub have their own threads and keep going). So implementations should return
 * quickly: hand shell requests to another thread (the event loop) and handle only short things,
 * like interrupt or shutdown, inline. Calling {@link KernelServer#send} or
 * {@link KernelServer#publish} from inside a handler is allowed and never deadlocks: a send from
 * the transport thread is written to its socket at once, before send returns.
 *
 * <p>A handler that throws does not stop the server: the exception is logged (rate-limited) and
 * the next message is read.
 */
public interface MessageHandler {
    void onShell(Message request);

    void onControl(Message request);

    void onStdin(Message reply);
}
