package jasyncio.kernel.player;

import static jasyncio.loop.Asyncio.async;
import static jasyncio.loop.Asyncio.await;
import static jasyncio.loop.Asyncio.gather;
import static jasyncio.loop.Asyncio.sleep;

import jasyncio.loop.EventLoop;
import jasyncio.loop.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the player's output costs and weighs, for traces of growing size: tasks taking turns
 * with sleep(0) (a few events per turn), recorded, then turned into the player's bundle. Prints
 * the events, the time to build the JSON/HTML and to draw the PNG, the output's bytes, and
 * writes each player as an HTML page into the folder given (kernel/bench/player_open_time.py
 * opens them in headless Chromium). Not a unit test; run with kernel/bench/run-player-bench.sh.
 */
public final class PlayerBenchmark {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/player-bench");
        Files.createDirectories(out);
        for (int rounds : new int[] {10, 200, 2_100}) {
            EventLoop loop = new EventLoop();
            TraceRecorder recorder = new TraceRecorder(loop, null);
            loop.setObserver(recorder);
            loop.runUntilComplete(loop.createTask(async(() -> {
                List<Task<Object>> tasks = new ArrayList<>();
                for (int t = 0; t < 100; t++) {
                    tasks.add(loop.createTask(async(() -> {
                        for (int i = 0; i < rounds; i++) {
                            await(sleep(0));
                        }
                        return null;
                    })));
                }
                await(gather(tasks));
                return null;
            }), "Cell-1"));
            loop.setObserver(null);
            loop.close();
            long start = System.nanoTime();
            Map<String, Object> bundle = TracePlayer.bundle(recorder, "%%trace of Cell-1", "text");
            double bundleMs = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            byte[] png = PlayerImage.trace(StateView.ofRecording(recorder, "the loop at the end"), recorder, "%%trace of Cell-1");
            double pngMs = (System.nanoTime() - start) / 1e6;
            String html = (String) bundle.get("text/html");
            int bytes = html.getBytes(StandardCharsets.UTF_8).length + ((String) bundle.get("image/png")).length()
                    + ((String) bundle.get("text/plain")).length();
            String name = "player-" + recorder.events() + ".html";
            Files.writeString(out.resolve(name), "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + recorder.events()
                    + " events</title></head><body>" + html + "<script>window.__mountedAt = performance.now();</script></body></html>");
            System.out.printf(Locale.ROOT, "%,9d events: bundle (JSON, HTML, PNG) %.0f ms, of which the PNG %.0f ms (%,d bytes); output %,d bytes -> %s%n",
                    recorder.events(), bundleMs, pngMs, png.length, bytes, out.resolve(name));
            Base64.getDecoder().decode((String) bundle.get("image/png"));
        }
    }
}
