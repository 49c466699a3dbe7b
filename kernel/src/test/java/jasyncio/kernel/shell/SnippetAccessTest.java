package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.classfile.ClassFile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Each cell's classes are in a class loader of their own: what one cell declares without a
 * modifier (package access, as JShell's package REPL gives it) must work from later cells as it
 * does in plain JShell, overriding included.
 */
class SnippetAccessTest {
    @AutoClose
    static final Shell shell = new Shell();

    @Test
    void packageAccessMembersOfOneCellWorkFromLaterCells() {
        shell.run("class Counter { int n; void inc() { n++; } protected int twice() { return 2 * n; } }");
        shell.run("var counter = new Counter();");
        assertEquals("1", shell.text("counter.inc();\ncounter.n"));
        assertEquals("2", shell.text("counter.twice()"));
        shell.run("class Faster extends Counter { @Override void inc() { n += 10; } }");
        assertEquals("10", shell.text("Counter c = new Faster();\nc.inc();\nc.n"));
        shell.run("interface Shape { double area(); }");
        shell.run("record Square(double side) implements Shape { public double area() { return side * side; } }");
        assertEquals("4.0", shell.text("Shape s = new Square(2);\ns.area()"));
        assertEquals("\"anonymous\"", shell.text("new Object() { String name() { return \"anonymous\"; } }.name()"));
    }

    @Test
    void privateStaysPrivateAndEverythingElseBecomesPublic() {
        assertEquals(ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, SnippetAccess.opened(ClassFile.ACC_STATIC));
        assertEquals(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, SnippetAccess.opened(ClassFile.ACC_PROTECTED | ClassFile.ACC_FINAL));
        assertEquals(ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC, SnippetAccess.opened(ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC));
        assertEquals(ClassFile.ACC_PUBLIC, SnippetAccess.opened(ClassFile.ACC_PUBLIC));
    }
}
