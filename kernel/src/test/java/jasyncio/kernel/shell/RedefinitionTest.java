package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jasyncio.kernel.shell.Interpreter.CellError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A redefinition never loses a value without a word (issue 13; JJava #53, #64, #119, #128):
 * every variable JShell resets or drops because another declaration changed is named in the
 * cell's output (stderr) with the reason, and keeps its value where its type did not change.
 */
class RedefinitionTest {
    @AutoClose
    static final Shell shell = new Shell();

    /** Runs a cell; what it wrote to stderr (where the kernel's notes go). */
    private static String notesOf(String code) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            shell.run(code);
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordWithANewComponentNamesEachVariableItTakes() {
        notesOf("record Point(int x) {}");
        notesOf("var p = new Point(3);\nvar list = new ArrayList<Point>();\nlist.add(p);");
        int declared = shell.count;
        String notes = notesOf("record Point(int x, int y) {}");
        assertTrue(notes.contains("note: variable p (Point) is gone, and its value Point[x=3] with it: record Point was redefined,"
                + " and its declaration in Cell In[" + declared + "], var p = new Point(3);, no longer compiles (constructor Point"),
                notes);
        assertTrue(notes.contains("note: variable list (ArrayList<Point>) is gone, and its value [Point[x=3]] with it: record"
                + " Point was redefined"), notes);
        CellError gone = shell.error("p");
        assertEquals(CellErrors.COMPILATION_ERROR, gone.ename());
    }

    @Test
    void aMethodWithANewReturnTypeLeavesTheVariableItsValue() {
        notesOf("int twice(int x) { return 2 * x; }");
        notesOf("var n = twice(3);");
        int declared = shell.count;
        String notes = notesOf("long twice(int x) { return 2L * x; }");
        assertEquals("note: variable n keeps its value 6: method twice(int) was redefined, and its initializer in Cell In["
                + declared + "] no longer compiles (incompatible types: possible lossy conversion from long to int), so it is"
                + " declared without one: int n;\n", notes);
        assertEquals("6", shell.text("n"));
        assertEquals("8", shell.text("twice(4)"));
    }

    @Test
    void aClassUsedByAListVariableResetsItWithANote() {
        notesOf("class Item { int v = 1; }");
        notesOf("List<Item> items = new ArrayList<>();\nitems.add(new Item());");
        int declared = shell.count;
        String notes = notesOf("class Item { int v = 2; String name; }");
        assertTrue(notes.matches("note: variable items \\(List<Item>\\) was reset to null: class Item was redefined, and its"
                + " value \\[Item@[0-9a-f]+] was made of the old Item \\(run Cell In\\[" + declared + "] again for one of the new\\)\n"),
                notes);
        assertEquals("true", shell.text("items == null"));
    }

    @Test
    void aValueWhoseTypeDidNotChangeIsKeptSilently() {
        notesOf("String dt = \"first\";");
        notesOf("var dt1 = dt.substring(2);");
        assertEquals("", notesOf("String dt = \"override\";")); // JJava #53: dt1 was reset to null
        assertEquals("\"rst\"", shell.text("dt1"));

        // JJava #128: a method redeclared with the same signature reset a variable computed from it.
        assertEquals("", notesOf("int f() { return 1; }\nvar v = f();\nint f() { return 2; }"));
        assertEquals("1", shell.text("v"));

        // JJava #119: an import in a later cell (or in the same one) nulled the variables before it.
        assertEquals("", notesOf("var bq = new ArrayList<String>(List.of(\"z\"));\nimport java.util.concurrent.atomic.*;"));
        assertEquals("[z]", shell.text("bq"));
    }

    @Test
    void aVariableTheUserDeclaresAgainIsReplacedWithoutANote() {
        notesOf("int again = 1;");
        assertEquals("", notesOf("String again = \"two\";"));
        assertEquals("\"two\"", shell.text("again"));
    }

    @Test
    void aVariableOfAnInterfaceRedefinedIsResetWithANote() {
        notesOf("interface Shape { double area(); }");
        notesOf("Shape unit = () -> 1.0;");
        String notes = notesOf("interface Shape { double area(); default String name() { return \"shape\"; } }");
        assertTrue(notes.startsWith("note: variable unit (Shape) was reset to null: interface Shape was redefined"), notes);
    }

    @Test
    void aResetOfAVariableThatHeldNothingLosesNothingAndSaysNothing() {
        notesOf("record Box(int v) {}");
        notesOf("Box empty = null;");
        assertEquals("", notesOf("record Box(int v, int w) {}"));
    }
}
