package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StreamCaptureTest {
    /**
     * The cell's end flushes, then replies: its flush must not return while the flusher thread
     * is still sending a batch it took, or that output arrives after the reply and idle status.
     */
    @Test
    void flushWaitsForABatchTheFlusherIsSending() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        try (StreamCapture capture = new StreamCapture((stream, text) -> {
            sent.add(text);
            sending.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            capture.append("stdout", "last words");
            sending.await(); // the flusher (after its 50 ms) took the batch and is in the sink
            List<String> seenByFlush = new ArrayList<>();
            Thread cellEnd = Thread.ofPlatform().start(() -> {
                capture.flush();
                seenByFlush.addAll(sent);
            });
            cellEnd.join(500); // it must not end while the sink is busy: no event to wait for instead
            boolean returnedWhileSending = !cellEnd.isAlive();
            release.countDown();
            cellEnd.join();
            assertFalse(returnedWhileSending, "flush() returned while the batch was still being sent");
            assertEquals(List.of("last words"), seenByFlush);
        }
    }

    /**
     * With the heap full, sending a batch fails with OutOfMemoryError: the text stays pending,
     * before what is written after it, and the flusher sends it once there is room again.
     */
    @Test
    void textTheHeapHadNoRoomToSendIsSentLaterInOrder() throws Exception {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allSent = new CountDownLatch(5);
        java.util.concurrent.atomic.AtomicBoolean heapFull = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (StreamCapture capture = new StreamCapture((stream, text) -> {
            if (heapFull.getAndSet(false)) {
                throw new OutOfMemoryError("Java heap space");
            }
            for (char c : text.toCharArray()) {
                sent.add(stream + ":" + c);
                allSent.countDown();
            }
        })) {
            capture.append("stdout", "ab");
            capture.append("stderr", "cd");
            capture.flush(); // the heap is full: nothing is sent, nothing is lost, nothing is thrown
            capture.append("stderr", "e");
            allSent.await(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of("stdout:a", "stdout:b", "stderr:c", "stderr:d", "stderr:e"), sent);
        }
    }
}
