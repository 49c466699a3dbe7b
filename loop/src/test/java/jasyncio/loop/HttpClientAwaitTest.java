package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's HttpClient awaited from the loop, against a real HttpServer on 127.0.0.1 (a free
 * port): the response arrives on the loop thread, 200 requests in flight hold no thread each,
 * a timeout aborts the exchange, a refused connection raises ConnectException itself. The
 * server's handlers run on virtual threads, so they do not count as platform threads, and they
 * wait on latches, never on time.
 */
@Timeout(120)
class HttpClientAwaitTest {
    private HttpServer server;
    private ExecutorService clientPool;
    private HttpClient client;
    /** Opened by a test to let the /wait handlers answer. */
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final AtomicInteger waiting = new AtomicInteger();
    /** Completed (on a handler's thread) once {@code expected} requests wait in /wait. */
    private volatile CompletableFuture<Integer> allArrived = new CompletableFuture<>();
    private volatile int expected = Integer.MAX_VALUE;
    private final CompletableFuture<Void> abortArrived = new CompletableFuture<>();
    /** Counted down by the /abort handler when a write fails: the client went away. */
    private final CountDownLatch clientWentAway = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/wait", exchange -> {
            if (waiting.incrementAndGet() == expected) {
                allArrived.complete(expected);
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, "released");
        });
        server.createContext("/abort", this::answerOnceReleasedUntilTheClientGoesAway);
        server.createContext("/bytes", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getQuery());
            exchange.sendResponseHeaders(200, n);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[8192];
                for (int left = n; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
            }
        });
        server.createContext("/count", exchange -> {
            long n;
            try (var in = exchange.getRequestBody()) {
                n = in.transferTo(OutputStream.nullOutputStream());
            }
            reply(exchange, Long.toString(n));
        });
        server.start();
        // A small fixed pool for the client's own work: the platform thread count then shows
        // what the awaits cost, not how many threads a cached pool happened to start.
        clientPool = Executors.newFixedThreadPool(2);
        client = HttpClient.newBuilder().executor(clientPool).build();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        client.close();
        clientPool.shutdownNow();
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Tells the test it has arrived, waits for {@code release}, then writes a long chunked body;
     * a write fails once the client has closed the connection.
     */
    private void answerOnceReleasedUntilTheClientGoesAway(HttpExchange exchange) {
        abortArrived.complete(null);
        try {
            release.await();
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 64 * 1024; i++) { // 64 MB: far more than socket buffers hold
                out.write(new byte[1024]);
                out.flush();
            }
            out.close();
        } catch (IOException | InterruptedException gone) {
            clientWentAway.countDown();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aResponseIsAwaitedAndArrivesOnTheLoopThread() {
        Thread loopThread = Thread.currentThread();
        List<String> seen = new ArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setObserver(new LoopObserver() {
            @Override
            public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
                if (handle.callbackName().equals("_chain_future._set_state")) {
                    seen.add(cause + " from " + (source == loopThread ? "the loop thread"
                            : source instanceof Thread ? "another thread" : source));
                }
            }
        });
        try {
            expected = 1;
            release = new CountDownLatch(1); // the server answers once the request is wrapped: the reply must cross
            HttpResponse<String> response = loop.runUntilComplete(async(() -> {
                Future<HttpResponse<String>> wrapped = wrapFuture(
                        client.sendAsync(HttpRequest.newBuilder(uri("/wait")).build(), BodyHandlers.ofString()));
                wrapped.addDoneCallback(f -> seen.add("done callback on " + (Thread.currentThread() == loopThread ? "the loop thread" : "another thread")));
                release.countDown();
                return await(wrapped);
            }));
            assertEquals(200, response.statusCode());
            assertEquals("released", response.body());
        } finally {
            loop.close();
        }
        // A thread of the HttpClient (it completes the future on the common pool) called
        // callSoonThreadsafe; the loop thread moved the Handle to the ready queue and ran the done callbacks.
        assertEquals(List.of("THREADSAFE from another thread", "done callback on the loop thread"), seen);
    }

    @Test
    void twoHundredRequestsInFlightHoldNoThreadEach() {
        int n = 200;
        expected = n;
        release = new CountDownLatch(1);
        int[] platformThreads = new int[2];
        List<String> bodies = run(async(() -> {
            platformThreads[0] = ManagementFactory.getThreadMXBean().getThreadCount();
            List<Task<String>> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requests.add(createTask(async(() -> await(client.sendAsync(
                        HttpRequest.newBuilder(uri("/wait")).build(), BodyHandlers.ofString())).body())));
            }
            await(allArrived); // every request is now waiting in the server, and every task in its await
            platformThreads[1] = ManagementFactory.getThreadMXBean().getThreadCount();
            for (Task<String> t : requests) {
                assertFalse(t.isDone());
                assertNotNull(t.waitingOn(), "suspended in its await");
            }
            release.countDown();
            return await(gather(requests));
        }));
        assertEquals(n, bodies.size());
        assertTrue(bodies.stream().allMatch("released"::equals));
        int grown = platformThreads[1] - platformThreads[0];
        // The client's pool (2), its selector thread, the server's dispatcher and a few JDK helpers:
        // a thread per request would be 200 more.
        assertTrue(grown < 30, "platform threads grew by " + grown + " with " + n + " requests in flight ("
                + platformThreads[0] + " -> " + platformThreads[1] + ")");
    }

    @Test
    void aTimeoutCancelsTheRequestAndTheClientClosesTheExchange() throws InterruptedException {
        release = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>>[] inFlight = new CompletableFuture[1];
        run(async(() -> {
            inFlight[0] = client.sendAsync(HttpRequest.newBuilder(uri("/abort")).build(), BodyHandlers.ofString());
            await(abortArrived); // the server holds the request: no answer can beat the timeout
            assertThrows(TimeoutError.class, () -> await(waitFor(inFlight[0], 0.05)));
            await(sleep(0)); // _call_check_cancel: cancel(true) on the next iteration
        }));
        // HttpClient's future ends cancelled (or failed, when its own abort wins the race with cancel)
        assertTrue(inFlight[0].isCompletedExceptionally(), inFlight[0].toString());
        release.countDown();
        assertTrue(clientWentAway.await(60, TimeUnit.SECONDS), "cancel(true) made the HttpClient close the exchange");
    }

    @Test
    void aRequestCancelledFromAnotherThreadRaisesCancelledErrorInTheAwaiter() {
        expected = 1;
        release = new CountDownLatch(1);
        run(async(() -> {
            CompletableFuture<HttpResponse<String>> cf = client.sendAsync(
                    HttpRequest.newBuilder(uri("/wait")).build(), BodyHandlers.ofString());
            Task<String> waiter = createTask(async(() -> await(cf).body()));
            await(allArrived);
            Thread canceller = Thread.ofPlatform().start(() -> cf.cancel(true));
            assertThrows(CancelledError.class, () -> await(waiter));
            canceller.join();
        }));
    }

    @Test
    void aResponseBodyAsAFlowPublisherIsReadWithBackPressure() {
        int n = 4 * 1024 * 1024;
        long[] counts = new long[4];
        run(async(() -> {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = await(client.sendAsync(
                    HttpRequest.newBuilder(uri("/bytes?" + n)).build(), BodyHandlers.ofPublisher()));
            try (FlowIterator<List<ByteBuffer>> it = asyncIter(response.body(), 2)) {
                while (await(it.hasNext())) {
                    for (ByteBuffer b : it.next()) {
                        counts[0] += b.remaining();
                    }
                    counts[3] = Math.max(counts[3], it.requestedCount() - it.consumedCount());
                    await(sleep(0)); // a consumer slower than the socket: HttpClient must wait for requests
                }
                counts[1] = it.consumedCount();
                counts[2] = it.requestedCount();
            }
        }));
        assertEquals(n, counts[0], "every byte of the body");
        assertTrue(counts[3] <= 2, "at most the window of 2 outstanding: " + counts[3]);
        assertTrue(counts[2] <= counts[1] + 2, "requested " + counts[2] + " for " + counts[1] + " consumed");
        assertTrue(counts[1] > 2, "the body came in several lists: " + counts[1]);
    }

    @Test
    void aCoroutinePublisherIsTheBodyOfARequest() {
        int chunks = 100;
        String counted = run(async(() -> {
            Flow.Publisher<ByteBuffer> body = publisher(out -> {
                for (int i = 0; i < chunks; i++) {
                    await(out.emit(ByteBuffer.wrap(new byte[1000])));
                }
            });
            HttpRequest post = HttpRequest.newBuilder(uri("/count")).POST(BodyPublishers.fromPublisher(body)).build();
            return await(client.sendAsync(post, BodyHandlers.ofString())).body();
        }));
        assertEquals(Integer.toString(chunks * 1000), counted, "the HttpClient subscribed and took every chunk");
    }

    @Test
    void aRefusedConnectionRaisesConnectExceptionItself() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");
        run(async(() -> {
            try {
                await(client.sendAsync(HttpRequest.newBuilder(nowhere).build(), BodyHandlers.ofString()));
                fail("a closed port answered");
            } catch (Exception e) {
                assertInstanceOf(ConnectException.class, e, "not wrapped in CompletionException");
            }
        }));
    }
}
