"""The classic Jupyter Notebook server (Debian's jupyter-notebook) with the jasyncio kernel, as a
reader opens the lessons: the server lists the kernelspec and the lessons, a session on a lesson
starts the jasyncio kernel, and a cell sent over the server's websocket (what the browser does)
runs with top-level await."""
import asyncio, json, os, shutil, tempfile, unittest, urllib.request, uuid

from notebook_server import NotebookServer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
TIMEOUT = 60


class NotebookServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("jupyter-notebook") is None:
            raise unittest.SkipTest("jupyter-notebook is not installed (Debian: jupyter-notebook)")
        cls.home = tempfile.mkdtemp()
        cls.server = NotebookServer(NOTEBOOKS, cls.home, TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.home, ignore_errors=True)

    def test_the_server_lists_the_kernel_and_the_lessons_open_with_it(self):
        self.assertIn("jasyncio", self.server.request("GET", "/api/kernelspecs")["kernelspecs"])
        lessons = [c["name"] for c in self.server.request("GET", "/api/contents/")["content"] if c["type"] == "notebook"]
        self.assertTrue(lessons, "no lessons in " + NOTEBOOKS)
        for name in lessons:
            model = self.server.request("GET", "/api/contents/" + urllib.request.quote(name))
            self.assertEqual(model["content"]["metadata"]["kernelspec"]["name"], "jasyncio", name)

    def test_a_cell_runs_over_the_servers_websocket(self):
        session = self.server.request("POST", "/api/sessions", {"path": "scratch.ipynb", "type": "notebook",
                                                         "name": "", "kernel": {"name": "jasyncio"}})
        try:
            messages = asyncio.run(self.execute(session["kernel"]["id"],
                                                'var t = createTask(async(() -> await(sleep(0.1, "from a task"))));\nawait(t)'))
        finally:
            self.server.request("DELETE", f"/api/sessions/{session['id']}")
        kinds = [(m["channel"], m["msg_type"]) for m in messages]
        self.assertIn(("shell", "execute_reply"), kinds, self.server.log_tail())
        reply = next(m for m in messages if m["msg_type"] == "execute_reply")
        self.assertEqual(reply["content"]["status"], "ok", reply)
        results = [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ['"from a task"'])

    async def execute(self, kernel_id, code):
        from tornado.websocket import websocket_connect
        ws = await websocket_connect(f"ws://127.0.0.1:{self.server.port}/api/kernels/{kernel_id}/channels?token={self.server.token}")
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False}}))
        messages, idle, replied = [], False, False
        while not (idle and replied):
            msg = json.loads(await asyncio.wait_for(ws.read_message(), TIMEOUT))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            idle |= msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
            replied |= msg["msg_type"] == "execute_reply"
        ws.close()
        return messages


if __name__ == "__main__":
    unittest.main()
