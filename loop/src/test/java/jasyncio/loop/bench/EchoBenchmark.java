package jasyncio.loop.bench;

import static jasyncio.loop.Asyncio.*;

import jasyncio.loop.ClientConnectedCallback;
import jasyncio.loop.Coroutine;
import jasyncio.loop.Server;
import jasyncio.loop.StreamPair;
import jasyncio.loop.StreamReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The echo benchmark (run it with loop/bench/run-echo-bench.sh): the same echo server and
 * client workload as loop/bench/echo_bench.py, on jasyncio, then on CPython's asyncio and
 * uvloop in child processes, one after another, for each client count; prints requests/s,
 * latency p50/p99 and the ratios.
 *
 * <p>Workload: one process, one loop. The server echoes what it reads (read(65536), write,
 * drain) until EOF. Each of N clients connected over 127.0.0.1 repeats a round trip: write
 * `size` bytes, drain, readexactly(size). Round trips completed in the measured window
 * (after a warm-up) are counted and timed.
 *
 * <p>"raw-nio" is the floor: the same syscalls from a hand-written Selector loop with no
 * event loop, tasks or streams, so that the table shows how much of a round trip is the
 * kernel's (send and recv on loopback) and how much is the loop's.
 */
public final class EchoBenchmark {
    private static final String HOST = "127.0.0.1";

    record Result(String loop, int clients, long requests, double seconds, double p50us, double p99us) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private EchoBenchmark() {
    }

    private static final ClientConnectedCallback ECHO = (reader, writer) -> async(() -> {
        while (true) {
            byte[] data = await(reader.read(65536));
            if (data.length == 0) {
                break;
            }
            writer.write(data);
            await(writer.drain());
        }
        writer.close();
    });

    /** A growable array of latencies in nanoseconds. */
    private static final class Latencies {
        long[] values = new long[1 << 16];
        int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        double percentileMicros(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) (size * p))] / 1000.0;
        }
    }

    static Result runJasyncio(int clients, int size, double warmup, double seconds) {
        return run(async(() -> {
            Server server = await(startServer(ECHO, HOST, 0, StreamReader.DEFAULT_LIMIT, Math.max(100, clients)));
            boolean[] measuring = {false};
            boolean[] stop = {false};
            Latencies latencies = new Latencies();
            byte[] message = new byte[size];
            Arrays.fill(message, (byte) 'x');
            List<Coroutine<Void>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(async(() -> {
                    StreamPair pair = await(openConnection(HOST, server.port()));
                    while (!stop[0]) {
                        long t0 = System.nanoTime();
                        pair.writer().write(message);
                        await(pair.writer().drain());
                        byte[] answer = await(pair.reader().readexactly(size));
                        if (measuring[0]) {
                            latencies.add(System.nanoTime() - t0);
                        }
                        if (answer.length != size) {
                            throw new AssertionError("short echo");
                        }
                    }
                    pair.writer().close();
                    await(pair.writer().waitClosed());
                }));
            }
            var tasks = all.stream().map(c -> createTask(c)).toList();
            await(sleep(warmup));
            measuring[0] = true;
            long start = System.nanoTime();
            await(sleep(seconds));
            measuring[0] = false;
            double elapsed = (System.nanoTime() - start) * 1e-9;
            stop[0] = true;
            await(gather(tasks));
            server.close();
            await(server.waitClosed());
            return new Result("jasyncio", clients, latencies.size, elapsed,
                    latencies.percentileMicros(0.5), latencies.percentileMicros(0.99));
        }));
    }

    /** One client of the raw loop: its socket, what it has read of the echo, and when it sent. */
    private static final class RawClient {
        final SocketChannel channel;
        final ByteBuffer received;
        long sentAt;

        RawClient(SocketChannel channel, int size) {
            this.channel = channel;
            this.received = ByteBuffer.allocateDirect(size);
        }
    }

    static Result runRawNio(int clients, int size, double warmup, double seconds) throws IOException {
        List<SocketChannel> opened = new ArrayList<>();
        try (Selector selector = Selector.open();
                ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(HOST, 0), clients)) {
            ByteBuffer message = ByteBuffer.allocateDirect(size);
            ByteBuffer echo = ByteBuffer.allocateDirect(65536);
            Latencies latencies = new Latencies();
            List<RawClient> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel served = listener.accept();
                for (SocketChannel channel : List.of(client, served)) {
                    opened.add(channel);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.configureBlocking(false);
                }
                served.register(selector, SelectionKey.OP_READ, null);
                RawClient raw = new RawClient(client, size);
                client.register(selector, SelectionKey.OP_READ, raw);
                all.add(raw);
            }
            for (RawClient raw : all) {
                raw.sentAt = System.nanoTime();
                raw.channel.write(message.clear());
            }
            long measureFrom = System.nanoTime() + (long) (warmup * 1e9);
            long measureUntil = measureFrom + (long) (seconds * 1e9);
            long now = System.nanoTime();
            while (now < measureUntil) {
                selector.select(10);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.attachment() instanceof RawClient raw) {
                        raw.channel.read(raw.received);
                        if (!raw.received.hasRemaining()) {
                            if (now >= measureFrom && now < measureUntil) {
                                latencies.add(now - raw.sentAt);
                            }
                            raw.received.clear();
                            raw.sentAt = now;
                            raw.channel.write(message.clear());
                        }
                    } else {
                        SocketChannel served = (SocketChannel) key.channel();
                        if (served.read(echo.clear()) > 0) {
                            served.write(echo.flip());
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            return new Result("raw-nio", clients, latencies.size, seconds, latencies.percentileMicros(0.5), latencies.percentileMicros(0.99));
        } finally {
            for (SocketChannel channel : opened) {
                channel.close();
            }
        }
    }

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\": ([0-9.eE+-]+)");

    static Result runPython(String python, String script, String loop, int clients, int size, double warmup, double seconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, script, "--loop", loop, "--clients", String.valueOf(clients),
                "--size", String.valueOf(size), "--warmup", String.valueOf(warmup), "--seconds", String.valueOf(seconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null) {
            throw new IOException(loop + " benchmark failed (exit " + process.exitValue() + ")");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return new Result(loop, clients, values.get("requests").longValue(), values.get("seconds"),
                values.get("p50_us"), values.get("p99_us"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<Integer> clientCounts = Arrays.stream(options.getOrDefault("clients", "10,100,1000").split(","))
                .map(Integer::parseInt).toList();
        int size = Integer.parseInt(options.getOrDefault("size", "64"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "1"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        String python = options.getOrDefault("python", "/usr/bin/python3");
        String script = options.getOrDefault("script", "loop/bench/echo_bench.py");
        List<String> loops = Arrays.asList(options.getOrDefault("loops", "raw-nio,jasyncio,asyncio,uvloop").split(","));
        if (clientCounts.stream().anyMatch(n -> n < 1 || n > 5000) || seconds <= 0 || seconds > 60) {
            throw new IllegalArgumentException("clients 1..5000, seconds 0..60");
        }
        System.out.printf("echo round trips of %d bytes over 127.0.0.1, one loop per process, %.1f s warm-up, %.1f s measured%n",
                size, warmup, seconds);
        System.out.printf("%-9s %7s %12s %10s %10s%n", "loop", "clients", "requests/s", "p50 us", "p99 us");
        for (int clients : clientCounts) {
            Map<String, Result> results = new LinkedHashMap<>();
            for (String loop : loops) {
                Result r = switch (loop) {
                    case "jasyncio" -> runJasyncio(clients, size, warmup, seconds);
                    case "raw-nio" -> runRawNio(clients, size, warmup, seconds);
                    default -> runPython(python, script, loop, clients, size, warmup, seconds);
                };
                results.put(loop, r);
                System.out.printf("%-9s %7d %12.0f %10.1f %10.1f%n", loop, clients, r.requestsPerSecond(), r.p50us(), r.p99us());
            }
            Result java = results.get("jasyncio");
            if (java != null) {
                for (Result other : results.values()) {
                    if (other.loop().equals("raw-nio")) {
                        System.out.printf("  jasyncio reaches %.0f%% of the raw selector loop's requests/s%n",
                                100 * java.requestsPerSecond() / other.requestsPerSecond());
                    } else if (other != java) {
                        System.out.printf("  jasyncio / %-7s: %.2fx requests/s, p50 %.2fx lower, p99 %.2fx lower%n", other.loop(),
                                java.requestsPerSecond() / other.requestsPerSecond(), other.p50us() / java.p50us(),
                                other.p99us() / java.p99us());
                    }
                }
            }
        }
    }
}
