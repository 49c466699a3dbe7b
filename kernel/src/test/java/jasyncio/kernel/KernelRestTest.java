package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A kernel idle for a while lets go of its compilers' contexts and gives the heap they held back
 * (Kernel.REST_MILLIS, here one second): the session is unchanged, and the next cells compile
 * with new contexts.
 */
class KernelRestTest extends OneKernelTest {
    private static final Pattern REST = Pattern.compile(
            "idle for \\d+ s: the compilers' contexts let go of \\(made again by the next cell\\); heap (\\d+) -> (\\d+) MB committed, (\\d+) MB in use");

    @Override
    protected String[] kernelOptions() {
        return new String[] {CellFaultsTest.KERNELSPEC_JIT, "-XX:-ShrinkHeapInSteps", "-Djasyncio.restMillis=1000"};
    }

    /** Waits for the n-th rest in the kernel's log (the kernel says it once per idle spell), as long as a loaded machine may take. */
    private Matcher awaitRest(int n) throws InterruptedException {
        long deadline = System.nanoTime() + KernelTesting.INTERPRETER_START_MILLIS * 1_000_000L;
        while (true) {
            Matcher m = REST.matcher(kernel.logText());
            int found = 0;
            while (found < n && m.find()) {
                found++;
            }
            if (found == n) {
                return m;
            }
            assertTrue(System.nanoTime() < deadline, "no rest number " + n + " in the kernel's log:\n" + kernel.logText());
            Thread.sleep(100);
        }
    }

    @Test
    void anIdleKernelLetsGoOfItsCompilersAndKeepsItsSession() throws Exception {
        CellRun.ok(client, "int answer = 41;\nString shout(String s) { return s.toUpperCase() + \"!\"; }\nrecord P(int x) {}");
        assertEquals("42", CellRun.ok(client, "answer + 1").result()); // the fast path's context, made
        Matcher rest = awaitRest(1);
        long before = Long.parseLong(rest.group(1));
        long after = Long.parseLong(rest.group(2));
        assertTrue(after <= before, "the heap grew at rest: " + rest.group());

        // The session is what it was; new contexts compile what comes next, both ways.
        assertEquals("42", CellRun.ok(client, "answer + 1").result());
        assertEquals("\"HI!\"", CellRun.ok(client, "shout(\"hi\")").result());
        CellRun.ok(client, "var p = new P(answer);");
        assertEquals("41", CellRun.ok(client, "p.x()").result());
        awaitRest(2); // and it rests again after new requests
        assertEquals("\"OK!\"", CellRun.ok(client, "shout(\"ok\")").result());
    }
}
