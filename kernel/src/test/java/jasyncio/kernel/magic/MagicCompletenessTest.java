package jasyncio.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jasyncio.kernel.shell.Interpreter.Completeness;
import jasyncio.kernel.shell.LightCompleteness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** is_complete for magics, by syntax: what the kernel answers on the transport thread. */
class MagicCompletenessTest {
    private static String status(String code) {
        return Magics.isComplete(code, LightCompleteness::judge).status();
    }

    @Test
    void aCellMagicLineAloneIsIncompleteAndItsBodyIsJudgedAsCode() {
        assertEquals("incomplete", status("%%trace"));
        assertEquals("incomplete", status("  %%trace --cpython --limit 20\n"));
        assertEquals("complete", status("%%trace\nawait(sleep(0.05));"));
        assertEquals("incomplete", status("%%trace\nfor (int i = 0; i < 2; i++) {"));
        assertEquals("    ", Magics.isComplete("%%time\nvoid f() {", LightCompleteness::judge).indent());
        assertEquals("incomplete", status("%%trace\n%run_until_complete gather(a,"), "a body that is a line magic");
    }

    @Test
    void lineMagicsAndHelpAreComplete() {
        assertEquals("complete", status("%tasks"));
        assertEquals("complete", status("%loop"));
        assertEquals("complete", status("%trace on --cpython"));
        assertEquals("complete", status("%lsmagic?"));
        assertEquals("complete", status("%%trace?"));
        assertEquals("complete", status("%classpath /tmp/jars/"));
    }

    @Test
    void codeGoesToTheJudgeGivenAndItsNullMeansAskTheInterpreter() {
        List<String> judged = new ArrayList<>();
        Completeness result = Magics.isComplete("%%time\nint x = 1;", code -> {
            judged.add(code);
            return null;
        });
        assertNull(result);
        assertEquals(List.of("int x = 1;"), judged);
        assertNull(Magics.isComplete("int y = 2;", code -> null));
        assertEquals("complete", Magics.isComplete("%tasks", code -> null).status()); // no code to judge: answered
    }
}
