package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import jasyncio.kernel.player.TracePlayer;
import jasyncio.kernel.player.TraceRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the player says of cell code, on a real interpreter and loop: the cell line that called
 * callSoon, callLater or createTask, the line a task resumes at (also while its snippet is still
 * being evaluated, and in an earlier cell), and JShell's compile time apart from the run.
 */
class CellLinesTest {
    private static Shell shell;

    @BeforeAll
    static void start() {
        shell = new Shell();
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    /** Runs a cell traced, as %%trace does; the player's JSON. */
    private static JsonObject traced(String code) {
        TraceRecorder recorder = new TraceRecorder(shell.loop, shell.interpreter::locate);
        shell.interpreter.onCompile(recorder::compiling);
        shell.loop.setObserver(recorder);
        try {
            shell.run(code);
        } finally {
            shell.loop.setObserver(null);
            shell.interpreter.onCompile(null);
        }
        String html = (String) TracePlayer.bundle(recorder, "test", "").get("text/html");
        return JsonParser.parseString(html.substring(html.indexOf("class=\"jp-data\">") + 16, html.indexOf("</script>"))).getAsJsonObject();
    }

    /** The lines recorded for events of this kind, as "label: line text (this|earlier)". */
    private static List<String> lines(JsonObject data, String kindLabel) {
        JsonArray kinds = data.getAsJsonArray("kinds");
        int code = -1;
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).getAsJsonArray().get(0).getAsString().equals(kindLabel)) {
                code = i;
            }
        }
        List<String> out = new ArrayList<>();
        JsonArray k = data.getAsJsonArray("k");
        for (Map.Entry<String, com.google.gson.JsonElement> e : data.getAsJsonObject("lines").entrySet()) {
            if (k.get(Integer.parseInt(e.getKey())).getAsInt() == code) {
                JsonArray line = e.getValue().getAsJsonArray();
                out.add(line.get(0).getAsString() + (line.get(1).getAsInt() == 1 ? " (this)" : " (earlier)"));
            }
        }
        return out;
    }

    @Test
    void theLinesBehindCallsAndAwaitsAreTheCellsOwn() {
        JsonObject data = traced("""
                int n = 2;
                loop().callSoon(() -> { });
                var timer = loop().callLater(0.001, () -> { });
                var child = createTask(async(() -> {
                    await(sleep(0.001));
                    return 1;
                }), "child");
                await(child);
                await(sleep(0));
                """);
        assertEquals(List.of("line 2: loop().callSoon(() -> { }); (this)"), lines(data, "callSoon"));
        assertTrue(lines(data, "callAt").contains("line 3: var timer = loop().callLater(0.001, () -> { }); (this)"), lines(data, "callAt").toString());
        assertTrue(lines(data, "taskCreated").contains("line 4: var child = createTask(async(() -> { (this)"), lines(data, "taskCreated").toString());
        List<String> suspends = lines(data, "suspend");
        assertTrue(suspends.contains("line 5: await(sleep(0.001)); (this)"), "the child resumes inside its lambda: " + suspends);
        assertTrue(suspends.contains("line 8: await(child); (this)"), "the cell resumes at its await: " + suspends);
        assertTrue(lines(data, "yield").contains("line 9: await(sleep(0)); (this)"), lines(data, "yield").toString());
    }

    @Test
    void aLineOfAnEarlierCellSaysSo() {
        shell.run("void kick() {\n    loop().callSoon(() -> { });\n}");
        assertEquals(List.of("line 2: loop().callSoon(() -> { }); (earlier)"), lines(traced("kick();"), "callSoon"));
    }

    @Test
    void compileTimeIsApartFromTheRun() {
        JsonObject data = traced("int a = 1;\nawait(sleep(0.001));\nint b = a + 1;");
        JsonArray compiles = data.getAsJsonObject("timeline").getAsJsonArray("compile");
        assertTrue(compiles.size() >= 2, "a compile span per snippet evaluated: " + compiles);
        long compiled = 0;
        for (var span : compiles) {
            JsonArray s = span.getAsJsonArray();
            assertTrue(s.get(1).getAsLong() >= s.get(0).getAsLong());
            compiled += s.get(1).getAsLong() - s.get(0).getAsLong();
        }
        assertTrue(compiled > 0 && compiled < data.get("elapsed").getAsLong(), compiled + " of " + data.get("elapsed"));
        // The compile phases alternate begin/end, each end before the snippet's run (its first step or await).
        JsonArray k = data.getAsJsonArray("k"), b = data.getAsJsonArray("b");
        int compileCode = 16;
        int open = 0;
        for (int i = 0; i < k.size(); i++) {
            if (k.get(i).getAsInt() == compileCode) {
                open += b.get(i).getAsInt() == 1 ? 1 : -1;
                assertTrue(open == 0 || open == 1, "compile phases do not nest: " + open + " at " + i);
            }
        }
        assertEquals(0, open, "every compile phase ends");
    }
}
