package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.TestIO.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** loop.sock_connect, sock_accept, sock_sendall, sock_recv, sock_recv_into on loopback. */
class SocketOpsTest {
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.configureBlocking(false);
        client = SocketChannel.open();
        client.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** Connects client to listener with sockConnect and sockAccept; inside a coroutine. */
    private void connectPair() {
        Future<SocketChannel> accepted = sockAccept(listener);
        await(sockConnect(client, unchecked(listener::getLocalAddress)));
        server = await(accepted);
    }

    private static int interestOps(SocketChannel channel) {
        SelectionKey key = channel.keyFor(getRunningLoop().selector());
        return key == null ? 0 : key.interestOps();
    }

    @Test
    void bytesGoBothWaysThroughConnectAcceptSendallAndRecv() {
        run(async(() -> {
            connectPair();
            assertFalse(server.isBlocking(), "an accepted channel is non-blocking");
            await(sockSendall(client, bytes("hello")));
            assertEquals("hello", text(await(sockRecv(server, 100))));
            await(sockSendall(server, bytes("back")));
            ByteBuffer into = ByteBuffer.allocate(16);
            assertEquals(4, await(sockRecvInto(client, into)));
            assertEquals("back", new String(into.array(), 0, 4));
        }));
    }

    @Test
    void recvTriesFirstAndRegistersAReaderOnlyWhenItWouldBlock() {
        run(async(() -> {
            connectPair();
            Future<byte[]> waiting = sockRecv(server, 10);
            assertFalse(waiting.isDone());
            assertEquals(SelectionKey.OP_READ, interestOps(server), "nothing to read: it waits with a reader");
            await(sockSendall(client, bytes("abc")));
            assertEquals("abc", text(await(waiting)));
            await(sleep(0)); // the done callback removes the reader
            assertEquals(0, interestOps(server));

            await(sockSendall(client, bytes("ready"))); // on loopback the bytes are there when send returns
            Future<byte[]> immediate = sockRecv(server, 10);
            assertTrue(immediate.isDone(), "data was there: no reader, no waiting");
            assertEquals("ready", text(immediate.result()));
        }));
    }

    @Test
    void cancellingARecvRemovesItsReader() {
        run(async(() -> {
            connectPair();
            Future<byte[]> waiting = sockRecv(server, 10);
            assertEquals(SelectionKey.OP_READ, interestOps(server));
            waiting.cancel();
            await(sleep(0));
            assertEquals(0, interestOps(server), "the cancelled recv's reader is gone");
            assertFalse(getRunningLoop().removeReader(server), "nothing left to remove");
            // and the data it would have taken is there for the next reader
            await(sockSendall(client, bytes("kept")));
            assertEquals("kept", text(await(sockRecv(server, 10))));
        }));
    }

    @Test
    void recvAtEofIsEmptyAndRecvIntoIsMinusOne() {
        run(async(() -> {
            connectPair();
            Future<byte[]> waiting = sockRecv(server, 10);
            client.shutdownOutput();
            assertEquals(0, await(waiting).length);
            assertEquals(-1, await(sockRecvInto(server, ByteBuffer.allocate(4))));
        }));
    }

    @Test
    void sendallOfMoreThanTheSocketTakesWaitsForTheReader() {
        byte[] big = new byte[8 << 20];
        Arrays.fill(big, (byte) 7);
        run(async(() -> {
            connectPair();
            Future<Void> sending = sockSendall(client, big);
            assertFalse(sending.isDone(), "8 MiB do not fit in the socket buffers");
            assertEquals(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, interestOps(client), "it waits with a writer");
            long received = 0;
            while (received < big.length) {
                byte[] chunk = await(sockRecv(server, 1 << 16));
                for (byte b : chunk) {
                    assertEquals(7, b);
                }
                received += chunk.length;
            }
            await(sending);
            assertEquals(big.length, received);
        }));
    }

    @Test
    void aRefusedConnectSaysWhere() throws IOException {
        InetSocketAddress closed = (InetSocketAddress) listener.getLocalAddress();
        listener.close();
        run(async(() -> {
            ConnectException e = assertThrows(ConnectException.class, () -> await(sockConnect(client, closed)));
            assertTrue(e.getMessage().startsWith("Connect call failed"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(closed.getPort())), e.getMessage());
        }));
    }

    @Test
    void acceptWaitsForAConnection() {
        run(async(() -> {
            Future<SocketChannel> accepting = sockAccept(listener);
            await(sleep(0));
            assertFalse(accepting.isDone());
            await(sockConnect(client, unchecked(listener::getLocalAddress)));
            server = await(accepting);
            assertEquals(client.getLocalAddress(), server.getRemoteAddress());
        }));
    }

    @Test
    void aBlockingChannelIsRefused() throws IOException {
        client.configureBlocking(true);
        run(async(() -> {
            assertThrows(IllegalArgumentException.class, () -> sockRecv(client, 1));
        }));
    }
}
