package jasyncio.kernel;

import com.google.gson.JsonParser;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageCodec;
import jasyncio.kernel.wire.Signer;
import jasyncio.kernel.wire.WireFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Floods a real kernel process with {@link MalformedMessages} on shell, control and stdin over
 * real sockets, interleaved with valid signed cells each sent twice (the second a replay), and
 * checks what must hold under hostile input:
 *
 * <ul>
 *   <li>only the valid originals execute: each increments a counter in the kernel, read at the
 *       end by a valid cell (so a forged, mutated or replayed cell that ran would show);
 *   <li>the kernel answers only valid requests: every reply on the fuzzing sockets, and every
 *       iopub message, has the msg_id of a message the kernel should have accepted as parent;
 *   <li>the heartbeat answers throughout;
 *   <li>each drop is logged at most once, within the rate limit (the log stays short);
 *   <li>afterwards a valid cell runs correctly.
 * </ul>
 *
 * <p>Run {@code kernel/fuzz/run-fuzz.sh COUNT SEED [HUGE_MB...]} for the long run; the CI run
 * is {@link WireFuzzerTest}. Returns a {@link Report} and fails with AssertionError.
 */
final class WireFuzzer {
    /** Valid side-effect cells: one in this many messages (a cell is slower than a drop). */
    private static final int VALID_EVERY = 100;
    private static final Pattern SUPPRESSED = Pattern.compile("and (\\d+) more such log lines suppressed");

    record Report(long seed, int sent, int valid, int replays, int hugeFrames, double seconds, double maxPingMillis,
                  int pings, long logLines, long dropLines, long suppressed, long rssBeforeKb, long rssAfterKb) {
        double perSecond() {
            return sent / seconds;
        }

        @Override
        public String toString() {
            return String.format("seed %d: %d messages in %.1f s (%.0f/s), %d valid cells, %d replays,"
                            + " %d huge frames; heartbeat %d pings, max %.1f ms; kernel log +%d lines"
                            + " (%d drop lines, %d suppressed); RSS %d -> %d MiB",
                    seed, sent, seconds, perSecond(), valid, replays, hugeFrames, pings, maxPingMillis, logLines,
                    dropLines, suppressed, rssBeforeKb / 1024, rssAfterKb / 1024);
        }
    }

    private WireFuzzer() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int[] hugeBytes = new int[Math.max(0, args.length - 2)];
        for (int i = 0; i < hugeBytes.length; i++) {
            hugeBytes[i] = Integer.parseInt(args[i + 2]) << 20;
        }
        if (args.length <= 2) {
            hugeBytes = new int[] {100 << 20, 100 << 20, 100 << 20};
        }
        try (KernelProcess kernel = new KernelProcess()) {
            System.out.println(run(kernel, count, seed, hugeBytes));
        }
    }

    static Report run(KernelProcess kernel, int count, long seed, int[] hugeBytes) throws Exception {
        String counter = "fuzzHits";
        String sideEffect = counter + ".incrementAndGet();";
        MalformedMessages generator = new MalformedMessages(seed, kernel.key, sideEffect);
        Set<String> mayAnswer = ConcurrentHashMap.newKeySet(); // msg_ids the kernel may be parent of
        try (KernelClient client = new KernelClient(kernel); ZContext context = new ZContext(1)) {
            KernelTesting.awaitReady(client);
            KernelTesting.awaitInterpreter(client);
            expectResult(client, "var " + counter + " = new java.util.concurrent.atomic.AtomicInteger();\n0", "0");
            long rssBefore = rssKb(kernel.process.pid());
            long logBefore = lineCount(kernel.log);
            context.setLinger(0);
            ZMQ.Socket[] fuzz = {dealer(context, kernel.ports[0], "fuzz-shell"),
                dealer(context, kernel.ports[3], "fuzz-control"), dealer(context, kernel.ports[2], "fuzz-stdin")};
            IopubWatch iopub = new IopubWatch(kernel.ports[1], mayAnswer);
            Heartbeat heartbeat = new Heartbeat(kernel.ports[4]);
            iopub.start();
            heartbeat.start();
            Replies replies = new Replies(new MessageCodec(Signer.of(kernel.key)), mayAnswer);
            List<List<byte[]>> answered = new ArrayList<>(); // valid cells the kernel has replied to
            Map<String, List<byte[]>> originals = new HashMap<>();
            int valid = 0;
            int replays = 0;
            int dropped = 0;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                ZMQ.Socket socket = fuzz[generator.random().nextInt(fuzz.length)];
                if (i % VALID_EVERY == VALID_EVERY / 2) {
                    List<byte[]> original = generator.validExecute();
                    mayAnswer.add(msgId(original));
                    originals.put(msgId(original), original);
                    send(fuzz[0], original);
                    send(fuzz[0], original); // replayed at once, behind it on the same connection
                    valid++;
                    replays++;
                    dropped++;
                    i++;
                    if (!answered.isEmpty()) {
                        // an earlier cell, surely seen by now, replayed on any channel
                        send(socket, answered.remove(generator.random().nextInt(answered.size())));
                        replays++;
                        dropped++;
                        i++;
                    }
                } else {
                    MalformedMessages.Kind kind = generator.nextKind();
                    List<byte[]> frames = generator.next(kind);
                    if (kind.accepted()) {
                        mayAnswer.add(msgId(frames)); // busy/idle on iopub, like ipykernel; no reply
                    } else {
                        dropped++;
                    }
                    send(socket, frames);
                }
                if (i % 64 == 0) {
                    for (ZMQ.Socket s : fuzz) {
                        for (Message reply : replies.drain(s, 0)) {
                            answered.add(originals.get(reply.parentMsgId()));
                        }
                    }
                }
            }
            for (int size : hugeBytes) {
                // Its own socket: past the size limit the kernel drops the connection, and with it
                // whatever else that connection had queued.
                try (ZMQ.Socket huge = dealer(context, kernel.ports[0], "fuzz-huge")) {
                    send(huge, generator.huge(size));
                    replies.drain(huge, 200);
                }
            }
            // Everything sent before this valid cell on shell is handled when its reply comes.
            List<byte[]> last = generator.validExecute();
            String lastId = msgId(last);
            mayAnswer.add(lastId);
            send(fuzz[0], last);
            valid++;
            try {
                replies.await(fuzz[0], lastId);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + afterTheFact(kernel, counter, valid), e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (ZMQ.Socket s : fuzz) {
                replies.drain(s, 300);
            }
            // Nothing answered but the valid cells: one execute_reply each, on the shell socket.
            check(replies.count == valid, "expected " + valid + " replies (one per valid cell), got " + replies.count);
            heartbeat.stopAndCheck();
            iopub.stopAndCheck();
            // The client's iopub queue filled up during the flood (ZeroMQ then drops what is
            // published to it): empty it, then see whether a new cell's output still reaches it.
            client.iopub.setReceiveTimeOut(200);
            while (client.iopub.recv(0) != null) {
                // status messages of the flood's cells
            }
            client.iopub.setReceiveTimeOut(5000);
            String floodedIopub = "its iopub still delivers";
            try {
                expectResult(client, "1", "1");
            } catch (AssertionError e) {
                floodedIopub = "ITS IOPUB DELIVERS NOTHING MORE (" + e.getMessage() + ")";
            }
            System.out.println("the flooding client: " + floodedIopub);
            // A new front end: the replays and forgeries did not run (the counter is exactly the
            // valid cells), and a cell computes correctly.
            try (KernelClient after = new KernelClient(kernel, "after-fuzz")) {
                KernelTesting.awaitReady(after);
                expectResult(after, counter + ".get()", Integer.toString(valid));
                expectResult(after, "int a = 6, b = 7;\na * b", "42");
            }
            // Each drop logged once at most, and no flood: ask the rate limiter for its summary
            // (it reports the suppressed count when a new second starts) with one more drop.
            Thread.sleep(1100);
            send(fuzz[1], generator.next(MalformedMessages.Kind.WRONG_SIGNATURE));
            dropped++;
            LogCount log = awaitLog(kernel.log, logBefore, dropped);
            long logLines = lineCount(kernel.log) - logBefore;
            check(log.dropLines <= dropped + hugeBytes.length,
                    log.dropLines + " drop lines for " + dropped + " dropped messages: one drop, one line at most");
            // Two rate limits (the transport's drops, the kernel's ignored requests), each at most
            // 10 lines and a summary a second.
            double logSeconds = (System.nanoTime() - start) / 1e9;
            long bound = 22L * ((long) Math.ceil(logSeconds) + 1) + 20;
            check(logLines <= bound, "the kernel log grew " + logLines + " lines in " + logSeconds + " s, more than "
                    + bound + ": a flood");
            for (ZMQ.Socket s : fuzz) {
                s.close();
            }
            return new Report(seed, count + 1, valid, replays, hugeBytes.length, seconds, heartbeat.maxMillis,
                    heartbeat.pings, logLines, log.dropLines, log.suppressed, rssBefore, rssKb(kernel.process.pid()));
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** What a new front end finds when the last valid cell got no reply: how many valid cells ran, the log's errors. */
    private static String afterTheFact(KernelProcess kernel, String counter, int valid) {
        String ran;
        try (KernelClient after = new KernelClient(kernel, "diagnosis")) {
            KernelTesting.awaitReady(after);
            CellRun run = CellRun.of(after, counter + ".get()");
            ran = run.status() + ", " + run.result();
        } catch (RuntimeException | AssertionError e) {
            ran = "no answer to a new client either: " + e.getMessage();
        }
        String log;
        try {
            log = Files.readAllLines(kernel.log).stream()
                    .filter(line -> !line.contains("dropped ") && !line.contains("ignored") && !line.contains("suppressed"))
                    .toList().toString();
        } catch (IOException e) {
            log = e.toString();
        }
        return valid + " valid cells sent, " + counter + " by a new client: " + ran + "; kernel log (no drops, ignored requests or suppression lines): " + log;
    }

    private static void expectResult(KernelClient client, String code, String expected) {
        Message request = client.execute(code);
        Message reply = client.replyTo(client.shell, request);
        check(reply.content().get("status").getAsString().equals("ok"), "cell failed: " + reply.content());
        String result = "";
        for (Message m : client.iopubOf(request)) {
            if (m.msgType().equals("execute_result")) {
                result = m.content().getAsJsonObject("data").get("text/plain").getAsString();
            }
        }
        check(result.equals(expected), code + " gave " + result + ", not " + expected);
    }

    private static ZMQ.Socket dealer(ZContext context, int port, String identity) {
        ZMQ.Socket s = context.createSocket(SocketType.DEALER);
        s.setHandshakeIvl(200);
        s.setLinger(0);
        s.setIdentity(identity.getBytes(StandardCharsets.UTF_8));
        s.connect("tcp://127.0.0.1:" + port);
        return s;
    }

    private static void send(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /** The kernel's replies on the fuzzing sockets: each verified, each to a message it may answer. */
    private static final class Replies {
        private final MessageCodec codec; // its replay guard also catches a reply sent twice
        private final Set<String> mayAnswer;
        int count;

        Replies(MessageCodec codec, Set<String> mayAnswer) {
            this.codec = codec;
            this.mayAnswer = mayAnswer;
        }

        /** The replies waiting on {@code socket}, waiting up to {@code waitMillis} for each. */
        List<Message> drain(ZMQ.Socket socket, int waitMillis) {
            socket.setReceiveTimeOut(waitMillis);
            List<Message> out = new ArrayList<>();
            List<byte[]> frames;
            while ((frames = receive(socket, waitMillis == 0 ? ZMQ.DONTWAIT : 0)) != null) {
                out.add(accept(frames));
            }
            return out;
        }

        void await(ZMQ.Socket socket, String msgId) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            socket.setReceiveTimeOut(1000);
            while (System.nanoTime() < deadline) {
                List<byte[]> frames = receive(socket, 0);
                if (frames != null && accept(frames).parentMsgId().equals(msgId)) {
                    return;
                }
            }
            throw new AssertionError("no reply to the last valid cell within 60 s");
        }

        private Message accept(List<byte[]> frames) {
            Message reply;
            try {
                reply = codec.decode(frames);
            } catch (WireFormatException e) {
                throw new AssertionError("the kernel sent a message that does not verify: " + e.getMessage(), e);
            }
            check(mayAnswer.contains(reply.parentMsgId()), "the kernel answered a message it should have dropped: "
                    + reply);
            count++;
            return reply;
        }
    }

    private static String msgId(List<byte[]> frames) {
        // a header the fuzzer built itself, so valid JSON
        return JsonParser.parseString(new String(frames.get(2), StandardCharsets.UTF_8))
                .getAsJsonObject().get("msg_id").getAsString();
    }

    private record LogCount(long dropLines, long suppressed) {
    }

    /**
     * Waits until the log accounts for every drop (lines plus suppressed counts) or 10 s pass,
     * and returns the counts; the summary line is written as the kernel gets to it.
     */
    private static LogCount awaitLog(Path log, long skipLines, long dropped) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            long dropLines = 0;
            long suppressed = 0;
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (String line : lines.subList((int) Math.min(skipLines, lines.size()), lines.size())) {
                if (line.startsWith("jasyncio: dropped ")) {
                    dropLines++;
                }
                Matcher m = SUPPRESSED.matcher(line);
                if (m.find()) {
                    suppressed += Long.parseLong(m.group(1));
                }
            }
            if (dropLines + suppressed >= dropped) {
                return new LogCount(dropLines, suppressed);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the log accounts for " + (dropLines + suppressed) + " of " + dropped
                        + " dropped messages (" + dropLines + " lines, " + suppressed + " suppressed)");
            }
            Thread.sleep(50);
        }
    }

    static long lineCount(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Pings the heartbeat on its own thread and socket for as long as the flood lasts. */
    private static final class Heartbeat extends Thread {
        private final int port;
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile double maxMillis;
        private volatile int pings;
        private volatile int missed;

        Heartbeat(int port) {
            super("fuzz-heartbeat");
            this.port = port;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (ZContext context = new ZContext(1)) {
                context.setLinger(0);
                ZMQ.Socket req = context.createSocket(SocketType.REQ);
                req.setReceiveTimeOut(5000);
                req.connect("tcp://127.0.0.1:" + port);
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    req.send("ping");
                    if (req.recv(0) == null) {
                        missed++;
                        req.close();
                        req = context.createSocket(SocketType.REQ);
                        req.setReceiveTimeOut(5000);
                        req.connect("tcp://127.0.0.1:" + port);
                        continue;
                    }
                    maxMillis = Math.max(maxMillis, (System.nanoTime() - t0) / 1e6);
                    pings++;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void stopAndCheck() throws InterruptedException {
            stop.set(true);
            join(10_000);
            check(missed == 0, "the heartbeat missed " + missed + " pings (5 s each) during the flood");
            check(pings > 0, "no heartbeat answered during the flood");
        }
    }

    /** Subscribes to iopub on its own thread: every message must have an accepted parent. */
    private static final class IopubWatch extends Thread {
        private final int port;
        private final Set<String> mayAnswer;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Set<String> unexpected = new HashSet<>();
        private volatile int seen;

        IopubWatch(int port, Set<String> mayAnswer) {
            super("fuzz-iopub");
            this.port = port;
            this.mayAnswer = mayAnswer;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (ZContext context = new ZContext(1)) {
                context.setLinger(0);
                ZMQ.Socket sub = context.createSocket(SocketType.SUB);
                sub.setReceiveTimeOut(100);
                sub.setRcvHWM(0);
                sub.subscribe(new byte[0]);
                sub.connect("tcp://127.0.0.1:" + port);
                MessageCodec codec = new MessageCodec(Signer.of(""));
                while (!stop.get()) {
                    List<byte[]> frames = receive(sub, 0);
                    if (frames == null) {
                        continue;
                    }
                    seen++;
                    String parent;
                    try {
                        parent = codec.decode(frames).parentMsgId(); // signature checked by the other tests
                    } catch (WireFormatException e) {
                        synchronized (unexpected) {
                            unexpected.add("undecodable: " + e.getMessage());
                        }
                        continue;
                    }
                    if (!parent.isEmpty() && !mayAnswer.contains(parent)) {
                        synchronized (unexpected) {
                            unexpected.add(parent);
                        }
                    }
                }
            }
        }

        void stopAndCheck() throws InterruptedException {
            stop.set(true);
            join(10_000);
            synchronized (unexpected) {
                check(unexpected.isEmpty(), "iopub messages for requests the kernel should have dropped: " + unexpected);
            }
        }
    }
}
