package jasyncio.kernel;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Channel;
import jasyncio.kernel.wire.Message;
import jasyncio.loop.EventLoop;
import jasyncio.loop.ExternalWork;
import jasyncio.loop.Future;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The stdin channel for cell code: {@code System.in} reads send an input_request and block the
 * loop thread until the front end's input_reply (as Python's input() does), and
 * {@link #input(String)} is the awaitable form that lets other tasks run while the user types.
 * Requests go to the front end of the cell that is running, and only if that cell's
 * execute_request said allow_stdin.
 */
public final class Stdin {
    private static volatile Stdin installed;

    private final Publisher publisher;
    private volatile Message cellRequest;
    private volatile boolean allowStdin;
    /** The one outstanding input_request: the front end answers one at a time. */
    private volatile Consumer<String> pendingReply;
    /** What an awaitable input holds the loop's virtual clock with, until answered or the cell ends. */
    private volatile ExternalWork pendingHold;

    Stdin(Publisher publisher) {
        this.publisher = publisher;
        installed = this;
    }

    /** Awaitable input: {@code String name = await(input("Your name? "));} */
    public static Future<String> input(String prompt) {
        Stdin stdin = installed;
        EventLoop loop = EventLoop.getRunningLoop();
        Future<String> answer = loop.createFuture();
        if (stdin == null) {
            answer.setException(new IllegalStateException("input() needs the jasyncio kernel's stdin channel"));
            return answer;
        }
        // The answer comes from a person: under virtual time the loop waits for it for real.
        ExternalWork typing = loop.holdExternalWork();
        answer.addDoneCallback(f -> typing.close()); // cancelled (an interrupt): nothing waits any more
        stdin.pendingHold = typing;
        try {
            stdin.request(prompt, false, value -> {
                try {
                    loop.callSoonThreadsafe(() -> {
                        if (!answer.isDone()) {
                            answer.setResult(value);
                        }
                    });
                } finally {
                    typing.close();
                }
            });
        } catch (IOException refused) {
            typing.close();
            answer.setException(refused);
        }
        return answer;
    }

    /** Called by the execute handler when a cell starts: where its input requests go. */
    void beginCell(Message request, boolean allow) {
        cellRequest = request;
        allowStdin = allow;
    }

    void endCell() {
        cellRequest = null;
        allowStdin = false;
        pendingReply = null;
        ExternalWork hold = pendingHold;
        if (hold != null) {
            pendingHold = null;
            hold.close(); // no reply can come for it any more
        }
    }

    private void request(String prompt, boolean password, Consumer<String> onReply) throws IOException {
        Message request = cellRequest;
        if (request == null || !allowStdin) {
            throw new IOException("input was requested, but this front end does not accept input requests "
                    + "(its execute_request said allow_stdin: false)");
        }
        pendingReply = onReply;
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", password);
        publisher.reply(Channel.STDIN, request, "input_request", content);
    }

    /** The transport thread hands over each verified message from the stdin channel. */
    void onReply(Message reply) {
        Consumer<String> waiting = pendingReply;
        if (!"input_reply".equals(reply.msgType()) || waiting == null) {
            KernelLog.ignored("ignored a " + reply.msgType() + " on stdin: no input request is waiting");
            return;
        }
        pendingReply = null;
        waiting.accept(Json.string(reply.content(), "value", ""));
    }

    /** What the kernel installs as System.in: each line read is asked of the front end. */
    InputStream systemIn() {
        return new InputStream() {
            private byte[] line = new byte[0];
            private int next;

            @Override
            public synchronized int read() throws IOException {
                if (!fill()) {
                    return -1;
                }
                return line[next++] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, line.length - next);
                System.arraycopy(line, next, b, off, n);
                next += n;
                return n;
            }

            @Override
            public synchronized int available() {
                return line.length - next;
            }

            private boolean fill() throws IOException {
                if (next < line.length) {
                    return true;
                }
                CompletableFuture<String> answer = new CompletableFuture<>();
                System.out.flush();
                request("", false, answer::complete);
                try {
                    line = (answer.get() + "\n").getBytes(StandardCharsets.UTF_8);
                } catch (InterruptedException e) {
                    pendingReply = null;
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("input interrupted");
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause());
                }
                next = 0;
                return true;
            }
        };
    }
}
