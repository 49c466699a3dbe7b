"""jupyter_kernel_test's conformance suite, with every test it offers enabled for this kernel."""
import unittest

import jupyter_kernel_test


class JasyncioKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "jasyncio"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_page_something = "Math.max?"
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "await(sleep(0.01, 5)) + 1", "result": "6"},
    ]
    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")
    code_display_data = [
        {"code": 'display("text/html", "<b>bold</b>");', "mime": "text/html"},
        {"code": 'display("plain words");', "mime": "text/plain"},
    ]
    code_clear_output = "clearOutput(false);"
    code_inspect_sample = "Math.max"
    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "Integer.parseI", "matches": {"parseInt("}},
    ]
    complete_code_samples = ["1 + 1", "int x = 3;", "void f() { }", "await(sleep(0))"]
    incomplete_code_samples = ["void f() {", "int x = (1 +", "for (int i = 0; i < 3; i++) {"]
    invalid_code_samples = ["int x = 3 3;", "}"]


if __name__ == "__main__":
    unittest.main()
