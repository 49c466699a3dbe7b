"""Real Jupyter clients against the jasyncio kernel: jupyter_client's blocking client and
`jupyter console`, each executing cells with top-level await."""
import os, shutil, subprocess, unittest

from jupyter_client.manager import start_new_kernel

TIMEOUT = 30


def run_cell(kc, code, allow_stdin=False):
    """Executes code; returns (reply content, iopub messages of this request up to idle)."""
    msg_id = kc.execute(code, allow_stdin=allow_stdin)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


def stdout_of(outputs):
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def result_of(outputs):
    results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
    return results[-1] if results else None


class JupyterClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="jasyncio", startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def test_top_level_await(self):
        reply, outputs = run_cell(self.kc, "var answer = await(sleep(0.05, 41)) + 1;\nanswer")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(result_of(outputs), "42")

    def test_a_task_made_in_one_cell_progresses_in_the_next(self):
        reply, _ = run_cell(self.kc, "var ticks = new java.util.concurrent.atomic.AtomicInteger();\n"
                                     "var ticker = createTask(async(() -> { while (true) { ticks.incrementAndGet(); await(sleep(0.01)); } }));")
        self.assertEqual(reply["status"], "ok", reply)
        reply, outputs = run_cell(self.kc, "int before = ticks.get();\nawait(sleep(0.2));\nticks.get() - before > 5")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(result_of(outputs), "true")
        reply, outputs = run_cell(self.kc, "ticker.cancel();\nawait(sleep(0));\nticker.isCancelled()")
        self.assertEqual(result_of(outputs), "true")

    def test_output_of_a_cell_is_in_order(self):
        reply, outputs = run_cell(self.kc, "for (int i = 0; i < 1000; i++) System.out.println(i);")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(stdout_of(outputs), "".join(f"{i}\n" for i in range(1000)))

    def test_interrupt_of_an_await(self):
        # The callback prints once the cell's task is suspended in its await: an interrupt sent
        # before the cell began would be ignored, and one sent before the await would stop the
        # running code instead. Not stopped, the cell would end "ok" after 30 s.
        msg_id = self.kc.execute('loop().callSoon(() -> System.out.print("waiting"));\nawait(sleep(30));')
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CancelledError")
        reply, outputs = run_cell(self.kc, "1 + 1")
        self.assertEqual(result_of(outputs), "2")

    def test_stdin_input_request(self):
        msg_id = self.kc.execute('var name = await(input("name? "));\n"hello " + name', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["content"]["prompt"], "name? ")
        self.kc.input("Ada")
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        self.assertEqual(result_of(outputs), '"hello Ada"')


class JupyterConsoleTest(unittest.TestCase):
    def test_console_runs_a_cell_with_top_level_await(self):
        console = shutil.which("jupyter-console") or "/usr/bin/jupyter-console"
        script = 'System.out.println("from console " + await(sleep(0.05, 7)));\nexit\n'
        proc = subprocess.run([console, "--kernel", "jasyncio", "--simple-prompt", "--no-confirm-exit"],
                              input=script, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
        self.assertIn("from console 7", proc.stdout, proc.stdout + proc.stderr)

    def test_console_shows_a_traced_cells_text_summary(self):
        """A text front end shows the player's text/plain: the headline, the lines, the counts."""
        console = shutil.which("jupyter-console") or "/usr/bin/jupyter-console"
        proc = subprocess.run([console, "--kernel", "jasyncio", "--simple-prompt", "--no-confirm-exit"],
                              input="%trace await(sleep(0.01))\nexit\n", capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
        out = proc.stdout
        self.assertRegex(out, r"trace: \d+ events in [\d.]+ms, 1 tasks created", out + proc.stderr)
        self.assertRegex(out, r"\+[\d.]+ms it=\d+ taskCreated Cell-\d+ ", out)
        self.assertRegex(out, r"select +\d+ +selector.select\(timeout\)", out)
        self.assertNotIn("<div", out, "no HTML in a console")


if __name__ == "__main__":
    unittest.main()
