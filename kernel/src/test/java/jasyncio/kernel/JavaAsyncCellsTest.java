package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import org.junit.jupiter.api.Test;

/**
 * Java's own async types in cells of a real kernel: awaited with no import, traced as the
 * border crossings they are, and a ContextVar set at the top level of one cell seen by the next.
 */
class JavaAsyncCellsTest extends OneKernelTest {
    private CellRun ok(String code) {
        return CellRun.ok(client, code);
    }

    @Test
    void anHttpClientRequestAndAFlowPublisherNeedNoImport() {
        ok("""
                var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/", ex -> {
                    byte[] b = "hello from the server".getBytes();
                    ex.sendResponseHeaders(200, b.length);
                    try (var o = ex.getResponseBody()) { o.write(b); }
                });
                server.start();
                var http = HttpClient.newHttpClient();
                """);
        try {
            assertEquals("\"hello from the server\"", ok("""
                    var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
                    await(http.sendAsync(req, HttpResponse.BodyHandlers.ofString())).body()
                    """).result());
            CellRun flow = ok("""
                    Flow.Publisher<Integer> squares = publisher(out -> {
                        for (int i = 1; i <= 3; i++) await(out.emit(i * i));
                    });
                    await(forEach(squares, x -> System.out.println("got " + x)))
                    """);
            assertEquals("got 1\ngot 4\ngot 9\n", flow.stream("stdout"));
            assertEquals("3", flow.result());
            assertEquals("6", ok("await(wrapFuture(CompletableFuture.supplyAsync(() -> 6)))").result());
        } finally {
            ok("server.stop(0); http.close();");
        }
    }

    @Test
    void aCompletionFromAnotherThreadIsTracedWithTheThreadsName() {
        ok("var far = Executors.newSingleThreadExecutor(r -> new Thread(r, \"far-thread\"));");
        try {
            String trace = ok("""
                    %%trace --lines --filter callSoonThreadsafe,note
                    var go = new CountDownLatch(1);
                    var cf = CompletableFuture.supplyAsync(() -> {
                        try { go.await(); } catch (InterruptedException e) { }
                        return 1;
                    }, far);
                    var wrapped = wrapFuture(cf);
                    go.countDown();
                    await(wrapped);
                    try (var it = asyncIter(publisher(out -> await(out.emit("x"))))) {
                        while (await(it.hasNext())) it.next();
                    }
                    """).stream();
            assertTrue(trace.contains("callSoonThreadsafe Handle<_chain_future._set_state> from thread far-thread"), trace);
            assertTrue(trace.contains("note asyncIter(CoroutinePublisher) request 16"), trace);
            assertTrue(trace.contains("note asyncIter(CoroutinePublisher) onNext 1"), trace);
        } finally {
            ok("far.shutdown();");
        }
    }

    /** The stop button cancels the cell's task, and so the CompletableFuture it awaits. */
    @Test
    void anInterruptCancelsTheCompletableFutureTheCellAwaits() {
        ok("var neverAnswered = new CompletableFuture<String>();");
        // Printed by a callback, which runs only once the cell is suspended in its await.
        Message request = client.execute("loop().callSoon(() -> System.out.print(\"waiting\"));\nawait(neverAnswered)");
        client.iopubOf(request, m -> m.msgType().equals("stream"));
        client.interrupt();
        JsonObject reply = client.replyTo(client.shell, request).content();
        assertEquals("CancelledError", reply.get("ename").getAsString(), reply.toString());
        assertEquals("true", ok("neverAnswered.isCancelled()").result(), "_call_check_cancel ran in the interrupted cell's last iteration");
    }

    @Test
    void aContextVarSetInACellIsSeenByTheNextCellsAndTheirTasks() {
        ok("var requestId = new ContextVar<String>(\"request_id\");\nrequestId.set(\"r-17\");");
        assertEquals("\"r-17\"", ok("requestId.get()").result());
        assertEquals("\"r-17 in a task\"", ok("await(createTask(async(() -> requestId.get() + \" in a task\")))").result());
        assertEquals("\"r-17 on a thread\"", ok("await(toThread(() -> requestId.get() + \" on a thread\"))").result());
        ok("requestId.set(\"r-18\");");
        assertEquals("\"r-18\"", ok("requestId.get()").result());
    }
}
