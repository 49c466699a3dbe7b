package jasyncio.kernel.shell;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The guess behind the fast path: it may miss an expression, never take a declaration for one. */
class FastPathTest {
    static boolean expression(String snippet) {
        return FastPath.looksLikeExpression(JavaTokens.of(snippet));
    }

    @Test
    void expressionsAreRecognised() {
        for (String s : new String[] {"1 + 1", "x", "foo()", "new Foo()", "a < b", "List.of(1).size()", "(int) x",
                "-x", "!done", "\"s\".length()", "this.x", "x = 5", "i++", "await(sleep(1))", "a.b.c()",
                "Map.<String, Integer>of()", "x instanceof String s", "'c'", "obj.field // note"}) {
            assertTrue(expression(s), s);
        }
    }

    @Test
    void declarationsAndStatementsAreNot() {
        for (String s : new String[] {"int x = 1", "var x = 1", "List<String> l = null", "String[] a = {}",
                "Map.Entry<K, V> e", "Foo<Bar>.Baz q = null", "List<? extends Number> n", "class A {}",
                "record R(int x) {}", "@Deprecated void f() {}", "void f() {}", "final int x = 1", "import x.y;",
                "if (x) {}", "for (;;) {}", "outer: for (;;) {}", "non-sealed class X {}",
                "sealed interface I permits A {}", "String f() { return \"\"; }", "enum E { A }",
                "interface I {}", "<T> T id(T t) { return t; }", "switch (x) { default -> 1; }", "{ x(); }", "",
                "// only a comment", "Outer.Inner x", "int[] a", "String @A [] b"}) {
            assertFalse(expression(s), s);
        }
    }

    @Test
    void statementsThatMayShareABlock() {
        for (String s : new String[] {"System.out.println(1);", "list.add(x);", "for (;;) {}", "if (x) y();",
                "{ a(); }", "synchronized (lock) { }", "await(sleep(1));", "throw new X();", "i++;",
                "while (more()) next();", "try { a(); } finally { b(); }"}) {
            assertTrue(FastPath.isStatement(s), s);
        }
        for (String s : new String[] {"int x = 1;", "var y = 2;", "void f() {}", "synchronized void f() {}",
                "class A {}", "x", "foo()", "outer: for (;;) {}", "List<String> l = new ArrayList<>();",
                "import java.util.*;", "@SuppressWarnings(\"x\") int z = 1;", "String s;"}) {
            assertFalse(FastPath.isStatement(s), s);
        }
    }

    @Test
    void aBlockGetsASemicolonOnlyWhereOneIsMissing() {
        assertEquals("{a();\nb();\n}", FastPath.statementBlock("a();\nb();"));
        assertEquals("{for (;;) {}\n}", FastPath.statementBlock("for (;;) {}"));
        assertEquals("{System.out.println(1) // x\n;}", FastPath.statementBlock("System.out.println(1) // x"));
        assertTrue(FastPath.isExpressionStatement("System.out.println(1)"));
        assertFalse(FastPath.isExpressionStatement("foo()"));
        assertFalse(FastPath.isExpressionStatement("for (;;) {}"));
    }

    @Test
    void printCallsDoNotGoThroughTheValueDeclaration() {
        assertNull(FastPath.lastValueDeclaration("System.out.println(1)", 1));
        assertNull(FastPath.lastValueDeclaration("System.err.print(\"x\");", 1));
    }

    @Test
    void theDeclarationKeepsTheSnippetsLinesAndDropsItsSemicolon() {
        assertEquals("Object $cellValue3 = jasyncio.kernel.shell.LastValue.capture(x  // note\n);",
                FastPath.lastValueDeclaration("x; // note", 3));
        assertEquals("Object $cellValue4 = jasyncio.kernel.shell.LastValue.capture(foo(\n  1)\n);",
                FastPath.lastValueDeclaration("foo(\n  1)", 4));
    }

    @Test
    void tokensSkipCommentsAndKeepLiteralsWhole() {
        var tokens = JavaTokens.of("/* a; */ f(\"x;y\", 'z') // ;\n");
        assertEquals(java.util.List.of("f", "(", "\"x;y\"", ",", "'z'", ")"),
                tokens.stream().map(JavaTokens.Token::text).toList());
    }
}
