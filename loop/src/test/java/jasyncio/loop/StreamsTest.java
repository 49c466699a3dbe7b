package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.TestIO.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.ConnectException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** open_connection and start_server over loopback: echo, flow control, half-close, server life. */
class StreamsTest {
    private static final String HOST = "127.0.0.1";

    /** Echoes what it reads until EOF, then closes; counts the bytes. */
    private static ClientConnectedCallback echo(long[] bytesEchoed) {
        return (reader, writer) -> async(() -> {
            while (true) {
                byte[] data = await(reader.read(4096));
                if (data.length == 0) {
                    break;
                }
                bytesEchoed[0] += data.length;
                writer.write(data);
                await(writer.drain());
            }
            writer.close();
            await(writer.waitClosed());
        });
    }

    @Test
    void aThousandConcurrentClientsGetEveryByteBack() {
        int clients = 1000;
        int messages = 3;
        long[] echoed = {0};
        long[] received = {0};
        run(async(() -> {
            Server server = await(startServer(echo(echoed), HOST, 0, StreamReader.DEFAULT_LIMIT, 1024));
            assertTrue(server.port() > 0, "port 0 picked a free port");
            List<Coroutine<Void>> all = new ArrayList<>();
            int[] connected = {0};
            Future<Void> allConnected = getRunningLoop().createFuture();
            for (int c = 0; c < clients; c++) {
                int id = c;
                all.add(async(() -> {
                    StreamPair pair = await(openConnection(HOST, server.port()));
                    if (++connected[0] == clients) {
                        allConnected.setResult(null);
                    }
                    await(allConnected); // every client is connected at once before any talks
                    for (int m = 0; m < messages; m++) {
                        byte[] message = bytes("client " + id + " message " + m + "\n");
                        pair.writer().write(message);
                        await(pair.writer().drain());
                        byte[] answer = await(pair.reader().readexactly(message.length));
                        assertArrayEquals(message, answer);
                        received[0] += answer.length;
                    }
                    pair.writer().writeEof();
                    assertEquals(0, await(pair.reader().read()).length, "the server closes after our EOF");
                    pair.writer().close();
                    await(pair.writer().waitClosed());
                }));
            }
            await(gather(all));
            server.close();
            await(server.waitClosed());
        }));
        long expected = 0;
        for (int c = 0; c < clients; c++) {
            for (int m = 0; m < messages; m++) {
                expected += bytes("client " + c + " message " + m + "\n").length;
            }
        }
        assertEquals(expected, echoed[0], "the server saw every byte");
        assertEquals(expected, received[0], "the clients got every byte back");
    }

    @Test
    void drainWaitsWhileTheReaderIsSlowAndGoesOnWhenItReads() {
        byte[] lots = new byte[16 << 20];
        Arrays.fill(lots, (byte) 'x');
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            Future<Void> startReading = loop.createFuture();
            long[] read = {0};
            Server server = await(startServer((reader, writer) -> async(() -> {
                await(startReading); // a slow reader: nothing is read until the test says so
                while (true) {
                    byte[] data = await(reader.read(1 << 16));
                    if (data.length == 0) {
                        break;
                    }
                    read[0] += data.length;
                }
                writer.close();
            }), HOST, 0));
            StreamPair pair = await(openConnection(HOST, server.port()));
            StreamWriter writer = pair.writer();
            writer.write(lots);
            int[] limits = writer.transport().getWriteBufferLimits();
            assertEquals(16 * 1024, limits[0], "low-water mark: a quarter of the high");
            assertEquals(64 * 1024, limits[1], "high-water mark: 64 KiB");
            assertTrue(writer.transport().getWriteBufferSize() > limits[1], "the kernel took only part of 16 MiB");
            Task<Void> draining = createTask(writer.drain());
            for (int i = 0; i < 5; i++) {
                await(sleep(0));
            }
            assertFalse(draining.isDone(), "drain waits while the buffer is over the high-water mark");
            startReading.setResult(null);
            await(draining);
            assertTrue(writer.transport().getWriteBufferSize() <= limits[0], "drain returns at the low-water mark");
            writer.writeEof();
            await(pair.reader().read());
            assertEquals(lots.length, read[0]);
            writer.close();
            server.close();
            await(server.waitClosed());
        }));
    }

    @Test
    void theServerStopsReadingPastTwiceTheLimitAndResumesBelowIt() {
        int limit = 1024;
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            Future<StreamPair> serverSide = loop.createFuture();
            Server server = await(startServer((reader, writer) -> {
                serverSide.setResult(new StreamPair(reader, writer));
                return null; // a plain callback: the test reads by hand
            }, HOST, 0, limit, 100));
            StreamPair client = await(openConnection(HOST, server.port()));
            StreamPair peer = await(serverSide);
            Transport serverTransport = peer.writer().transport();
            client.writer().write(new byte[3 * limit]);
            while (peer.reader().bufferedSize() <= 2 * limit) {
                await(sleep(0));
            }
            assertFalse(serverTransport.isReading(), "over 2 * limit buffered: the transport pauses reading");
            await(peer.reader().readexactly(2 * limit + 1)); // leaves fewer than limit bytes
            assertTrue(serverTransport.isReading(), "at or below the limit: reading resumes");
            client.writer().close();
            peer.writer().close();
            server.close();
            await(server.waitClosed());
        }));
    }

    @Test
    void writeEofHalfClosesAndTheOtherSideCanStillAnswer() {
        run(async(() -> {
            Server server = await(startServer((reader, writer) -> async(() -> {
                byte[] question = await(reader.read()); // to EOF
                writer.write(bytes("got " + text(question)));
                writer.close();
            }), HOST, 0));
            StreamPair pair = await(openConnection(HOST, server.port()));
            assertTrue(pair.writer().canWriteEof());
            pair.writer().write(bytes("all of it"));
            pair.writer().writeEof();
            assertEquals("got all of it", text(await(pair.reader().read())));
            assertThrows(IllegalStateException.class, () -> pair.writer().write(bytes("more")),
                    "no write after writeEof");
            pair.writer().close();
            await(pair.writer().waitClosed());
            assertTrue(pair.writer().isClosing());
            server.close();
            await(server.waitClosed());
        }));
    }

    @Test
    void waitClosedWaitsForTheServersConnectionsToEnd() {
        run(async(() -> {
            Server server = await(startServer(echo(new long[1]), HOST, 0));
            StreamPair pair = await(openConnection(HOST, server.port()));
            pair.writer().write(bytes("x"));
            await(pair.reader().readexactly(1)); // the connection is accepted and served
            server.close();
            assertFalse(server.isServing());
            assertEquals(List.of(), server.sockets());
            Task<Void> waiting = createTask(server.waitClosed());
            for (int i = 0; i < 5; i++) {
                await(sleep(0));
            }
            assertFalse(waiting.isDone(), "a client is still connected");
            pair.writer().close(); // the echo handler sees EOF and closes its side
            await(waiting);
        }));
    }

    @Test
    void aClosedServerRefusesNewConnections() {
        run(async(() -> {
            Server server = await(startServer(echo(new long[1]), HOST, 0));
            int port = server.port();
            server.close();
            await(server.waitClosed());
            assertThrows(ConnectException.class, () -> await(openConnection(HOST, port)));
        }));
    }

    @Test
    void serveForeverEndsByClosingTheServerWhenCancelled() {
        run(async(() -> {
            Server server = await(getRunningLoop().createServer(() -> new Protocol() { }, HOST, 0));
            Task<Void> serving = createTask(server.serveForever());
            await(sleep(0));
            assertTrue(server.isServing());
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> await(server.serveForever()));
            assertTrue(twice.getMessage().contains("already being awaited"), twice.getMessage());
            serving.cancel();
            assertThrows(CancelledError.class, () -> await(serving));
            assertFalse(server.isServing());
            assertEquals(-1, server.port(), "closed");
        }));
    }

    @Test
    void aFailingHandlerIsReportedAndItsConnectionClosed() {
        List<String> reports = new ArrayList<>();
        run(async(() -> {
            getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context.message() + " / " + context.exception().getMessage()));
            Server server = await(startServer((reader, writer) -> async(() -> {
                throw new IllegalStateException("handler broke");
            }), HOST, 0));
            StreamPair pair = await(openConnection(HOST, server.port()));
            assertEquals(0, await(pair.reader().read()).length, "the server closed the connection");
            pair.writer().close();
            server.close();
            await(server.waitClosed());
        }));
        assertEquals(1, reports.size(), String.valueOf(reports));
        assertTrue(reports.get(0).startsWith("Unhandled exception in client_connected_cb"), reports.get(0));
        assertTrue(reports.get(0).endsWith("/ handler broke"), reports.get(0));
    }

    @Test
    void aTransportsChannelIsNotForOtherReaders() {
        run(async(() -> {
            Server server = await(startServer(echo(new long[1]), HOST, 0));
            StreamPair pair = await(openConnection(HOST, server.port()));
            SocketChannel channel = (SocketChannel) pair.writer().getExtraInfo("socket");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> addReader(channel, () -> { }));
            assertTrue(e.getMessage().contains("is used by transport"), e.getMessage());
            assertEquals(channel.getRemoteAddress(), pair.writer().getExtraInfo("peername"));
            pair.writer().close();
            server.close();
            await(server.waitClosed());
        }));
    }

    @Test
    void connectingToAClosedPortRaisesConnectException() {
        run(async(() -> {
            Server server = await(startServer(echo(new long[1]), HOST, 0));
            int port = server.port();
            server.close();
            ConnectException e = assertThrows(ConnectException.class, () -> await(openConnection(HOST, port)));
            assertTrue(e.getMessage().contains("Connect call failed"), e.getMessage());
        }));
    }

    @Test
    void everyReadShowsInTheObserverAsAReadReadyHandle() {
        List<String> handles = new ArrayList<>();
        int[] events = {0};
        run(async(() -> {
            Server server = await(startServer(echo(new long[1]), HOST, 0));
            StreamPair pair = await(openConnection(HOST, server.port()));
            getRunningLoop().setObserver(new LoopObserver() {
                @Override
                public void handleScheduled(Handle handle, int readyLength) {
                    handles.add(handle.callbackName());
                }

                @Override
                public void waitReturned(int n) {
                    events[0] += n;
                }
            });
            pair.writer().write(bytes("ping"));
            assertEquals("ping", text(await(pair.reader().readexactly(4))));
            getRunningLoop().setObserver(null);
            pair.writer().close();
            server.close();
            await(server.waitClosed());
        }));
        // the server reads "ping", the client reads the echo: two readReady handles at least
        assertTrue(handles.stream().filter("SelectorSocketTransport.readReady"::equals).count() >= 2, String.valueOf(handles));
        assertTrue(events[0] >= 2, "each readiness is an I/O event the observer counts: " + events[0]);
    }
}
