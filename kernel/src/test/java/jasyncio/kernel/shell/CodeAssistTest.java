package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import jasyncio.kernel.shell.Interpreter.Completeness;
import jasyncio.kernel.shell.Interpreter.Completions;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class CodeAssistTest {
    @AutoClose
    static final Shell shell = new Shell();

    static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    @Test
    void completionCountsCodePoints() {
        String code = "int n = 1; \"\uD83D\uDE00\uD83D\uDE00\".toUpp";
        Completions c = shell.interpreter.complete(code, codePoints(code));
        assertTrue(c.matches().contains("toUpperCase("), c.matches().toString());
        assertEquals(codePoints(code), c.cursorEndCodePoints());
        assertEquals(codePoints(code) - "toUpp".length(), c.cursorStartCodePoints());
        assertEquals(code.length() - 2 - "toUpp".length(), c.cursorStartCodePoints()); // two astral characters
    }

    @Test
    void completionWorksInTheSnippetUnderTheCursor() {
        shell.run("int alphaCount = 1;");
        String code = "int beta = 2;\nalphaC\nint gamma = 3;";
        int cursor = codePoints("int beta = 2;\nalphaC");
        Completions c = shell.interpreter.complete(code, cursor);
        assertEquals(java.util.List.of("alphaCount"), c.matches());
        assertEquals(cursor - "alphaC".length(), c.cursorStartCodePoints());
        assertEquals(cursor, c.cursorEndCodePoints());
    }

    @Test
    void completionSeesTheAsyncApi() {
        Completions c = shell.interpreter.complete("createT", 7);
        assertTrue(c.matches().contains("createTask("), c.matches().toString());
        Completions typed = shell.interpreter.complete("String s = Str", 14);
        assertTrue(typed.matches().contains("String"), typed.matches().toString());
    }

    @Test
    void inspectGivesSignatureAndJavadoc() {
        Map<String, Object> doc = shell.interpreter.inspect("String.format", 13, 0);
        String text = (String) doc.get("text/plain");
        assertTrue(text.contains("String String.format(String format, Object... args)"), text);
        assertTrue(text.contains("Returns a formatted string"), text);
        assertFalse(text.contains("{@code"), text);

        String max = (String) shell.interpreter.inspect("int m = Math.max(1, 2);", 14, 0).get("text/plain");
        assertTrue(max.contains("int Math.max(int a, int b)"), max);
        assertTrue(max.contains("Returns the greater of two"), max);
        assertTrue(max.contains("Parameters:"), max);
    }

    @Test
    void inspectOfNothingIsEmpty() {
        assertEquals(Map.of(), shell.interpreter.inspect("zzzNothingHere", 5, 0));
        assertEquals(Map.of(), shell.interpreter.inspect("", 0, 0));
    }

    @Test
    void isComplete() {
        assertEquals(new Completeness("complete", ""), shell.interpreter.isComplete("int x = 1;"));
        assertEquals(new Completeness("complete", ""), shell.interpreter.isComplete("1 + 1"));
        assertEquals(new Completeness("complete", ""), shell.interpreter.isComplete("int a = 1;\nint b = 2;\n"));
        assertEquals(new Completeness("complete", ""), shell.interpreter.isComplete(""));
        assertEquals(new Completeness("incomplete", "    "), shell.interpreter.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals(new Completeness("incomplete", "        "),
                shell.interpreter.isComplete("class A {\n    void f() {"));
        assertEquals(new Completeness("incomplete", "    "), shell.interpreter.isComplete("int a = 1;\nfoo("));
        assertEquals("invalid", shell.interpreter.isComplete("int x = ;").status());
        assertEquals("invalid", shell.interpreter.isComplete("}").status());
    }
}
