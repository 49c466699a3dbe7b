package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jasyncio.kernel.shell.Interpreter.Completeness;
import jasyncio.kernel.shell.Interpreter.Completions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The answers the kernel gives before JShell is up ({@link LightCompleteness}, {@link
 * EarlyCompletions}), checked against what JShell itself answers once it is: they may know
 * less, never say something else.
 */
class EarlyAnswersTest {
    @AutoClose
    static final Shell shell = new Shell();

    static final List<String> COMPLETE = List.of("1 + 1", "int x = 3;", "void f() { }", "await(sleep(0))", "i++",
            "System.out.println(\"a // b { (\");", "do { i++; } while (i < 3)", "String s = \"\"\"\n  text\n  \"\"\";",
            "int x = 1 // a comment with a {", "for (int i = 0; i < 3; i++) { }", "if (ok) run();", "x -> x + 1",
            "char c = '{';", "var m = new HashMap<String, List<Integer>>();", "");
    static final List<String> INCOMPLETE = List.of("void f() {", "int x = (1 +", "for (int i = 0; i < 3; i++) {",
            "for (int i = 0; i < 3; i++)", "if (x > 1)", "int y = x +", "Runnable r = () ->", "else", "/* still open",
            "String s = \"\"\"\n  text", "int z = 1 +\n", "while (true)", "new int[] {1, 2,", "list.stream()\n    .");
    static final List<String> INVALID = List.of("}", "int x = 3;)", "(]", "String s = \"broken\nline\";");

    private static String status(String code) {
        return LightCompleteness.judge(code).status();
    }

    @Test
    void theLightJudgeSeesBracketsLiteralsCommentsAndDanglingOperators() {
        COMPLETE.forEach(code -> assertEquals("complete", status(code), code));
        INCOMPLETE.forEach(code -> assertEquals("incomplete", status(code), code));
        INVALID.forEach(code -> assertEquals("invalid", status(code), code));
        assertEquals("    ", LightCompleteness.judge("void f() {").indent());
        assertEquals("        ", LightCompleteness.judge("void f() {\n    if (x) {").indent());
    }

    /** The kernel answers the light judge's "incomplete" and "invalid" without asking JShell. */
    @Test
    void theLightJudgeNeverCallsIncompleteWhatJShellWouldRun() {
        for (String code : INCOMPLETE) { // JShell waits for more, or calls it invalid: it would not run it as it is
            assertTrue(!shell.interpreter.isComplete(code).status().equals("complete"), "JShell runs " + code);
        }
        for (String code : COMPLETE) {
            Completeness jshell = shell.interpreter.isComplete(code);
            assertTrue(!jshell.status().equals("incomplete"), "JShell calls " + code + " incomplete");
        }
        for (String code : INVALID) { // the kernel answers these at once: JShell must agree
            assertEquals("invalid", shell.interpreter.isComplete(code).status(), "JShell on " + code);
        }
    }

    @Test
    void aLineMagicIsIncompleteOnlyWhileABracketIsOpen() {
        assertEquals("incomplete", LightCompleteness.judgeBrackets("run_until_complete gather(a,").status());
        assertEquals("complete", LightCompleteness.judgeBrackets("classpath /some/dir/").status());
        assertEquals("complete", LightCompleteness.judgeBrackets("trace --filter step,").status());
    }

    private static Set<String> early(String code) {
        Completions c = EarlyCompletions.complete(code, code.length());
        return new HashSet<>(c.matches());
    }

    private static Set<String> jshell(String code) {
        return new HashSet<>(shell.interpreter.complete(code, code.length()).matches());
    }

    @Test
    void earlyCompletionsAreJShellsForThePreludesNames() {
        for (String code : List.of("System.currentTimeM", "Math.ma", "Integer.parseI", "awa", "createT", "Asyncio.gat")) {
            Set<String> early = early(code);
            assertTrue(!early.isEmpty(), code);
            assertTrue(jshell(code).containsAll(early), code + ": early " + early + ", JShell " + jshell(code));
        }
        assertTrue(early("System.currentTimeM").contains("currentTimeMillis()"));
        assertTrue(early("Math.ma").contains("max("));
        assertTrue(early("Str").containsAll(Set.of("String", "StringBuilder")), early("Str").toString());
        assertTrue(early("TaskG").contains("TaskGroup"), early("TaskG").toString()); // jasyncio.loop's, imported on demand
        assertEquals(Set.of(), early("\"text\".len")); // a value's members need JShell
        Completions placed = EarlyCompletions.complete("int t = Math.ma", 15);
        assertEquals(13, placed.cursorStartCodePoints());
        assertEquals(15, placed.cursorEndCodePoints());
    }
}
