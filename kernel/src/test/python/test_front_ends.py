"""What front ends need of the kernel (issue 13), through Debian's jupyter_client: replies that
need no interpreter from the first moment, is_complete for magics, errors named and coloured
as ipykernel's, display() without an Out[], redefinitions that name what they take, and
messaging 5.5 on the control channel (kernel_info, usage_request as jupyter-resource-usage asks
it, debug_request)."""
import re, time, unittest

from jupyter_client.manager import KernelManager, start_new_kernel

from test_clients import run_cell

TIMEOUT = 30
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def reply_to(get, msg_id):
    """The reply to msg_id from one channel, skipping replies to other requests."""
    while True:
        reply = get(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def on_control(kc, msg_type, content=None):
    msg = kc.session.msg(msg_type, content or {})
    kc.control_channel.send(msg)
    return reply_to(kc.get_control_msg, msg["header"]["msg_id"])


class FirstMomentTest(unittest.TestCase):
    def test_history_and_is_complete_are_answered_while_jshell_starts(self):
        km = KernelManager(kernel_name="jasyncio")
        km.start_kernel()
        kc = km.blocking_client()
        kc.start_channels()
        try:
            cell = kc.execute("1 + 1")  # waits for JShell
            history = kc.history(hist_access_type="tail", n=10)
            block = kc.is_complete("for (int i = 0; i < 3; i++) {")
            magic = kc.is_complete("%%trace")
            order = []
            replies = {}
            while cell not in replies:
                msg = kc.get_shell_msg(timeout=TIMEOUT)
                order.append(msg["parent_header"]["msg_id"])
                replies[msg["parent_header"]["msg_id"]] = msg["content"]
            # is_complete needs no interpreter: answered before the cell that waits for it; history
            # comes in order, after the cell it was asked after.
            self.assertLess(order.index(block), order.index(cell))
            self.assertLess(order.index(magic), order.index(cell))
            self.assertEqual(replies[block]["status"], "incomplete")
            self.assertEqual(replies[magic]["status"], "incomplete")
            self.assertEqual(reply_to(kc.get_shell_msg, history)["content"]["history"][-1][2], "1 + 1")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)


class FrontEndsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="jasyncio", startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def is_complete(self, code):
        return reply_to(self.kc.get_shell_msg, self.kc.is_complete(code))["content"]

    def test_is_complete_understands_magics(self):
        self.assertEqual(self.is_complete("%%trace")["status"], "incomplete")
        self.assertEqual(self.is_complete("%%trace\nawait(sleep(0.05));")["status"], "complete")
        self.assertEqual(self.is_complete("%%trace\nfor (int i = 0; i < 2; i++) {")["status"], "incomplete")
        self.assertEqual(self.is_complete("%tasks")["status"], "complete")

    def test_an_error_is_named_and_coloured_as_ipykernel_shows_it(self):
        reply, outputs = run_cell(self.kc, "int a = 4;\nint b = a / 0;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "ArithmeticException")
        self.assertEqual(reply["evalue"], "/ by zero")
        error = [m["content"] for m in outputs if m["msg_type"] == "error"][0]
        self.assertIn("\x1b[0;31m", error["traceback"][0])  # front ends render ANSI in tracebacks
        text = ANSI.sub("", "\n".join(error["traceback"]))
        self.assertIn(f"Cell In[{reply['execution_count']}], line 2\n      1 int a = 4;\n----> 2 int b = a / 0;", text)
        self.assertTrue(text.endswith("ArithmeticException: / by zero"), text)

    def test_display_as_the_last_statement_shows_no_out(self):
        reply, outputs = run_cell(self.kc, 'display("shown")')
        self.assertEqual(reply["status"], "ok")
        kinds = [m["msg_type"] for m in outputs]
        self.assertIn("display_data", kinds)
        self.assertNotIn("execute_result", kinds)

    def test_a_redefinition_names_what_it_takes_and_keeps_the_rest(self):
        run_cell(self.kc, "record Pt(int x) {}")
        run_cell(self.kc, "var pt = new Pt(1);\nString label = \"pt\" + pt.x();")
        reply, outputs = run_cell(self.kc, "record Pt(int x, int y) {}")
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("note: variable pt (Pt) is gone, and its value Pt[x=1] with it", stderr)
        reply, outputs = run_cell(self.kc, "label")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ['"pt1"'])

    def test_protocol_five_five_on_control(self):
        info = on_control(self.kc, "kernel_info_request")
        self.assertEqual(info["content"]["protocol_version"], "5.5")
        self.assertEqual(info["content"]["supported_features"], [])
        usage = on_control(self.kc, "usage_request")["content"]
        for field in ("hostname", "pid", "kernel_cpu", "kernel_memory", "cpu_count", "host_virtual_memory"):
            self.assertIn(field, usage)
        self.assertEqual(usage["pid"], self.km.provisioner.pid)
        self.assertGreater(usage["kernel_memory"], 10 * 2**20)
        self.assertGreater(usage["host_virtual_memory"]["total"], usage["kernel_memory"])
        debug = on_control(self.kc, "debug_request", {"type": "request", "seq": 3, "command": "debugInfo"})
        self.assertEqual(debug["msg_type"], "debug_reply")
        self.assertEqual(debug["content"]["success"], False)
        self.assertEqual(debug["content"]["request_seq"], 3)


if __name__ == "__main__":
    unittest.main()
