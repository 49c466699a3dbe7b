"""The classic Jupyter Notebook server (Debian's jupyter-notebook) as the tests start it: on
127.0.0.1, a free port, a token, a home of its own, its log in a file the tests can read."""
import json, os, shutil, socket, subprocess, time, urllib.request, uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotebookServer:
    """Started by the constructor, which returns once /api/status answers (or raises with the log)."""

    def __init__(self, notebook_dir, home, timeout=60):
        executable = shutil.which("jupyter-notebook")
        if executable is None:
            raise FileNotFoundError("jupyter-notebook is not installed (Debian: jupyter-notebook)")
        self.token = uuid.uuid4().hex
        self.port = free_port()
        self.timeout = timeout
        self.log = open(os.path.join(home, "server.log"), "w+")
        self.process = subprocess.Popen(
            [executable, "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={self.port}",
             f"--NotebookApp.token={self.token}", f"--notebook-dir={notebook_dir}"],
            stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "HOME": home})
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.request("GET", "/api/status")
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    tail = self.log_tail()
                    self.stop()
                    raise RuntimeError("the notebook server did not start: " + tail)
                time.sleep(0.2)

    def url(self, path):
        """The address of a page, with the token (what a browser opens)."""
        return f"http://127.0.0.1:{self.port}{path}?token={self.token}"

    def request(self, method, path, body=None):
        """A REST call with the token; its JSON answer, or None for an empty one."""
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout) as response:
            text = response.read()
            return json.loads(text) if text else None

    def log_tail(self):
        self.log.seek(0)
        return self.log.read()[-3000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()
