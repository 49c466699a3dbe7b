package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** loop.add_reader / remove_reader / add_writer / remove_writer on a Pipe's channels. */
class SelectorEventsTest {
    private Pipe pipe;

    @BeforeEach
    void openPipe() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
    }

    @AfterEach
    void closePipe() throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }

    private void send(String text) throws IOException {
        pipe.sink().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private String drain() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        pipe.source().read(buffer);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    private static int interestOps(EventLoop loop, java.nio.channels.SelectableChannel channel) {
        SelectionKey key = channel.keyFor(loop.selector());
        return key == null ? 0 : key.interestOps();
    }

    @Test
    void theReaderRunsWhenThePipeHasDataAndNotBefore() {
        List<String> got = new ArrayList<>();
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            Future<Void> done = loop.createFuture();
            loop.addReader(pipe.source(), () -> {
                got.add(TestIO.unchecked(this::drain));
                done.setResult(null);
            });
            await(sleep(0.01)); // nothing written yet: the reader must not have run
            assertEquals(List.of(), got);
            send("ping");
            await(done);
            assertTrue(loop.removeReader(pipe.source()));
        }));
        assertEquals(List.of("ping"), got);
    }

    @Test
    void theReaderRunsAsAHandleThroughTheReadyQueue() {
        List<Object> scheduled = new ArrayList<>();
        int[] eventsReported = {0};
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            Future<Void> done = loop.createFuture();
            boolean[] ranInline = {true};
            Handle handle = loop.addReader(pipe.source(), () -> {
                TestIO.unchecked(this::drain);
                if (!done.isDone()) {
                    done.setResult(null);
                }
            });
            loop.setObserver(new LoopObserver() {
                @Override
                public void handleScheduled(Handle h, int readyLength) {
                    scheduled.add(h);
                }

                @Override
                public void waitReturned(int events) {
                    eventsReported[0] += events;
                }
            });
            send("x");
            ranInline[0] = done.isDone();
            await(done);
            loop.setObserver(null);
            loop.removeReader(pipe.source());
            assertFalse(ranInline[0], "the callback waits for the loop's select, it never runs inside send");
            assertTrue(scheduled.contains(handle), "the reader's Handle went through the ready queue: " + scheduled);
        }));
        assertTrue(eventsReported[0] >= 1, "the observer counts the I/O event");
    }

    @Test
    void addingAnotherReaderReplacesTheFirst() {
        List<String> calls = new ArrayList<>();
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            Future<Void> done = loop.createFuture();
            Handle first = loop.addReader(pipe.source(), () -> calls.add("first"));
            Handle second = loop.addReader(pipe.source(), () -> {
                calls.add("second");
                TestIO.unchecked(this::drain);
                loop.removeReader(pipe.source());
                done.setResult(null);
            });
            assertTrue(first.isCancelled(), "the replaced reader's Handle is cancelled");
            assertFalse(second.isCancelled());
            send("x");
            await(done);
        }));
        assertEquals(List.of("second"), calls);
    }

    @Test
    void removingSaysWhetherOneWasRegisteredAndClearsTheInterest() {
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            assertFalse(loop.removeReader(pipe.source()), "nothing registered yet");
            Handle reader = loop.addReader(pipe.source(), () -> { });
            assertEquals(SelectionKey.OP_READ, interestOps(loop, pipe.source()));
            assertTrue(loop.removeReader(pipe.source()));
            assertTrue(reader.isCancelled());
            assertEquals(0, interestOps(loop, pipe.source()), "no reader, no interest");
            assertFalse(loop.removeReader(pipe.source()), "removed already");
            assertFalse(loop.removeWriter(pipe.source()), "there never was a writer");
        }));
    }

    @Test
    void aRemovedReaderDoesNotRunEvenWithDataWaiting() {
        List<String> calls = new ArrayList<>();
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            loop.addReader(pipe.source(), () -> calls.add("reader"));
            send("x");
            loop.removeReader(pipe.source());
            await(sleep(0.02));
        }));
        assertEquals(List.of(), calls);
    }

    @Test
    void theWriterRunsWhileThePipeIsWritable() {
        run(async(() -> {
            EventLoop loop = getRunningLoop();
            Future<String> done = loop.createFuture();
            loop.addWriter(pipe.sink(), () -> {
                TestIO.unchecked(() -> {
                    send("from the writer");
                    return null;
                });
                loop.removeWriter(pipe.sink());
                done.setResult("written");
            });
            assertEquals(SelectionKey.OP_WRITE, interestOps(loop, pipe.sink()));
            assertEquals("written", await(done));
            assertEquals(0, interestOps(loop, pipe.sink()));
            assertEquals("from the writer", drain());
        }));
    }

    @Test
    void aBlockingChannelIsRefused() throws IOException {
        pipe.source().configureBlocking(true);
        run(async(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> getRunningLoop().addReader(pipe.source(), () -> { }));
            assertTrue(e.getMessage().contains("non-blocking"), e.getMessage());
        }));
    }
}
