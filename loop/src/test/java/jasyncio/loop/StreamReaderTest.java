package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static jasyncio.loop.TestIO.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** StreamReader's reads, fed by hand (as streams.py's tests do), without a connection. */
class StreamReaderTest {
    /** Feeds the pieces on later loop iterations, then EOF if asked. */
    private static void feedLater(StreamReader reader, boolean eof, String... pieces) {
        createTask(async(() -> {
            for (String piece : pieces) {
                await(sleep(0));
                reader.feedData(bytes(piece));
            }
            if (eof) {
                await(sleep(0));
                reader.feedEof();
            }
        }));
    }

    @Test
    void readexactlyWaitsAcrossFeeds() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            feedLater(reader, false, "ab", "cd", "efgh");
            assertEquals("abcde", text(await(reader.readexactly(5))));
            assertEquals("fgh", text(await(reader.readexactly(3))));
        }));
    }

    @Test
    void readexactlyAtEofRaisesWithThePartialBytes() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            feedLater(reader, true, "abc");
            IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> await(reader.readexactly(5)));
            assertEquals("abc", text(e.partial()));
            assertEquals(5, e.expected());
            assertEquals("3 bytes read on a total of 5 expected bytes", e.getMessage());
            assertTrue(reader.atEof(), "the partial bytes were consumed");
        }));
    }

    @Test
    void readexactlyOfZeroIsEmptyAndOfANegativeCountAnError() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            assertEquals(0, await(reader.readexactly(0)).length);
            assertThrows(IllegalArgumentException.class, () -> await(reader.readexactly(-1)));
        }));
    }

    @Test
    void readuntilFindsASeparatorSplitAcrossFeeds() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            feedLater(reader, false, "ab|", "|cd||");
            assertEquals("ab||", text(await(reader.readuntil(bytes("||")))));
            assertEquals("cd||", text(await(reader.readuntil(bytes("||")))));
        }));
    }

    @Test
    void readuntilTakesTheSeparatorThatEndsFirst() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            reader.feedData(bytes("one\r\ntwo\n"));
            assertEquals("one\r\n", text(await(reader.readuntil(List.of(bytes("\n"), bytes("\r\n"))))));
            assertEquals("two\n", text(await(reader.readuntil(List.of(bytes("\r\n"), bytes("\n"))))));
        }));
    }

    @Test
    void readuntilAtEofWithoutSeparatorRaisesWithEverything() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            feedLater(reader, true, "no end");
            IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> await(reader.readuntil(bytes("\n"))));
            assertEquals("no end", text(e.partial()));
            assertNull(e.expected());
            assertEquals("6 bytes read on a total of undefined expected bytes", e.getMessage());
            assertEquals(0, reader.bufferedSize());
        }));
    }

    @Test
    void readuntilPastTheLimitWithoutSeparatorLeavesTheData() {
        run(async(() -> {
            StreamReader reader = new StreamReader(5);
            reader.feedData(bytes("abcdefgh"));
            LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> await(reader.readuntil(bytes("\n"))));
            assertEquals("Separator is not found, and chunk exceed the limit", e.getMessage());
            assertEquals(8, e.consumed());
            assertEquals(8, reader.bufferedSize(), "the data stays for the caller to deal with");
        }));
    }

    @Test
    void readuntilWithTheSeparatorPastTheLimitRaisesToo() {
        run(async(() -> {
            StreamReader reader = new StreamReader(5);
            reader.feedData(bytes("abcdefg\n"));
            LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> await(reader.readuntil(bytes("\n"))));
            assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
            assertEquals(7, e.consumed());
            assertEquals(8, reader.bufferedSize());
        }));
    }

    @Test
    void readuntilWithAChunkOfExactlyTheLimitSucceeds() {
        run(async(() -> {
            StreamReader reader = new StreamReader(5);
            reader.feedData(bytes("abcde\n"));
            assertEquals("abcde\n", text(await(reader.readuntil(bytes("\n")))));
        }));
    }

    @Test
    void anEmptySeparatorIsAnError() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            assertThrows(IllegalArgumentException.class, () -> await(reader.readuntil(new byte[0])));
        }));
    }

    @Test
    void readlineReturnsThePartialLineAtEof() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            feedLater(reader, true, "line\nrest");
            assertEquals("line\n", text(await(reader.readline())));
            assertEquals("rest", text(await(reader.readline())));
            assertEquals("", text(await(reader.readline())));
        }));
    }

    @Test
    void readlineOverTheLimitDropsThatLineAndRaises() {
        run(async(() -> {
            StreamReader reader = new StreamReader(4);
            reader.feedData(bytes("much too long\nok\n"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> await(reader.readline()));
            assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
            assertEquals("ok\n", text(await(reader.readline())), "the long line is gone, the next one is intact");
        }));
    }

    @Test
    void readReturnsWhatIsThereWithoutWaitingForMore() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            reader.feedData(bytes("abc"));
            assertEquals("ab", text(await(reader.read(2))));
            assertEquals("c", text(await(reader.read(100))), "fewer than asked: what the buffer has");
            feedLater(reader, true, "x", "yz");
            assertEquals("x", text(await(reader.read(100))), "an empty buffer waits for the next feed only");
            assertEquals("yz", text(await(reader.read())), "read() reads to EOF");
            assertEquals(0, await(reader.read(10)).length, "at EOF: empty");
            assertTrue(reader.atEof());
        }));
    }

    @Test
    void readOfZeroIsEmptyWithoutWaiting() {
        run(async(() -> assertEquals(0, await(new StreamReader().read(0)).length)));
    }

    @Test
    void twoReadersAtOnceIsAnError() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            Task<byte[]> first = createTask(reader.read(10));
            await(sleep(0));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(reader.readline()));
            assertEquals("readuntil() called while another coroutine is already waiting for incoming data", e.getMessage());
            reader.feedData(bytes("x"));
            assertEquals("x", text(await(first)));
        }));
    }

    @Test
    void setExceptionFailsTheWaitingReadAndLaterOnes() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            Task<byte[]> waiting = createTask(reader.readexactly(3));
            await(sleep(0));
            IllegalStateException boom = new IllegalStateException("boom");
            reader.setException(boom);
            assertSame(boom, assertThrows(IllegalStateException.class, () -> await(waiting)));
            assertSame(boom, assertThrows(IllegalStateException.class, () -> await(reader.read(1))));
        }));
    }

    @Test
    void feedingAfterEofIsAnError() {
        StreamReader reader = new StreamReader();
        reader.feedEof();
        assertThrows(IllegalStateException.class, () -> reader.feedData(bytes("late")));
    }

    @Test
    void aCancelledReadLeavesTheReaderUsable() {
        run(async(() -> {
            StreamReader reader = new StreamReader();
            Task<byte[]> waiting = createTask(reader.readline());
            await(sleep(0));
            waiting.cancel();
            assertThrows(CancelledError.class, () -> await(waiting));
            reader.feedData(bytes("after\n"));
            assertEquals("after\n", text(await(reader.readline())));
        }));
    }
}
