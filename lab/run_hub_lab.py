#!/usr/bin/python3
"""A class at once: JupyterHub with N users, each running the six lessons in jasyncio kernels.

  lab/run_hub_lab.py [--users 10] [--installed PREFIX] [--lessons a,b,...] [--one-kernel] [--json FILE] [--keep]

Steps, all on 127.0.0.1 with free ports:
  1. the kernel: installed by install/kernelspec.py into a fresh prefix, which the single-user
     servers find through JUPYTER_PATH; or, with --installed PREFIX, the one an administrator
     installed system-wide there (sudo install/install.sh --prefix /usr/local --no-demo), which
     they find on their own;
  2. Debian's JupyterHub (3.x, configurable-http-proxy) with lab/jupyterhub_config.py, plus a test
     authenticator (DummyAuthenticator), SimpleLocalProcessSpawner (every user is this Unix user;
     --allow-root as root) and an admin API token (overlay() below);
  3. for every user at once, through the hub's REST API and the proxy: a token, the user's
     server, then for each lesson a jasyncio kernel (POST /user/NAME/api/kernels; a kernel per
     notebook, as Jupyter gives them, the last lesson's shut down with DELETE when the next one
     starts; --one-kernel: one for all six), and the lesson's code cells over the kernel's
     websocket, one at a time as a notebook runs them, each cell's output checked against the
     expectations in its metadata (notebooks/run_notebooks.py's check_cell);
  4. figures: the time, each kernel's first cell's result after it was asked for, each cell's
     round trip (execute_request -> idle) p50/p95 across users, a trivial cell's round trip under
     the same load, and, after the lessons, each kernel JVM's proportional memory (PSS,
     /proc/PID/smaps_rollup: class data mapped from the one archive counts once);
  5. processes: one user's server stopped through the REST API (what an idle culler does) must
     take its kernel JVM with it; another's single-user server killed with SIGKILL must leave a
     kernel that ends itself (JPY_PARENT_PID); then the hub is stopped (SIGTERM) and no process
     the test started (hub, proxy, servers, kernels) may be left.
Exit status 0 when every expectation held and no process was left.
"""
import argparse, asyncio, glob, json, math, os, re, secrets, shutil, signal, socket, statistics, subprocess, sys
import tempfile, time, uuid

import nbformat
from tornado.httpclient import AsyncHTTPClient, HTTPRequest, HTTPClientError
from tornado.websocket import websocket_connect

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "notebooks"))
import run_notebooks  # noqa: E402  (check_cell, expectations_of: the lessons' own checks)

KERNEL = "jasyncio"
CELL_TIMEOUT = run_notebooks.CELL_TIMEOUT
now = time.perf_counter


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_server_ports(count):
    """A base B in 20000-32000 with B+1 .. B+count+1 free now: the learners' servers' ports
    (jupyterhub_config.py gives user N the port B + N; the hub's users' ids start at 1)."""
    import random
    for _ in range(200):
        base = random.randrange(20000, 32000 - count - 2)
        try:
            for port in range(base + 1, base + count + 2):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise SystemExit("no run of free ports for the learners' servers in 20000-32000")


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)] if xs else float("nan")


def overlay(work, ports, token, jupyter_path):
    """The hub's config: lab/jupyterhub_config.py, plus what only a test needs."""
    root = os.getuid() == 0
    return f"""
c = get_config()
load_subconfig({os.path.join(HERE, "jupyterhub_config.py")!r})
c.JupyterHub.port = {ports["public"]}
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "{work}/proxy.pid"
# a test authenticator and every user as this Unix user, in a home of its own
c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.args = c.Spawner.args + {["--allow-root"] if root else []!r}
c.Spawner.environment = {({"JUPYTER_PATH": jupyter_path} if jupyter_path else {})!r}
c.JupyterHub.services = [{{"name": "lab-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "lab-test", "services": ["lab-test"],
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:users"]}}]
"""


class Hub:
    def __init__(self, work, ports, token, jupyter_path):
        self.work, self.ports, self.token = work, ports, token
        self.url = f"http://127.0.0.1:{ports['public']}"
        config = os.path.join(work, "lab_config.py")
        with open(config, "w") as f:
            f.write(overlay(work, ports, token, jupyter_path))
        os.makedirs(os.path.join(work, "home"), exist_ok=True)
        self.log = open(os.path.join(work, "hub.log"), "wb")
        env = dict(os.environ, NODE_PATH="/usr/share/nodejs",
                   JASYNCIO_LAB_SERVER_PORT_BASE=str(ports["server_base"]))
        env.pop("JUPYTER_PATH", None)  # the servers get theirs from the config only
        self.process = subprocess.Popen(["jupyterhub", "-f", config], cwd=work, stdout=self.log,
                                        stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.http = AsyncHTTPClient(max_clients=64)

    async def api(self, method, path, body=None, token=None, timeout=120):
        url = self.url + ("/hub/api" + path if path.startswith("/") else "/" + path)
        req = HTTPRequest(url, method=method, headers={"Authorization": "token " + (token or self.token)},
                          body=None if body is None else json.dumps(body),
                          allow_nonstandard_methods=True, request_timeout=timeout)
        resp = await self.http.fetch(req, raise_error=False)
        if resp.code >= 400:
            raise RuntimeError(f"{method} {url}: {resp.code} {resp.body[:300]!r}")
        return json.loads(resp.body) if resp.body else None

    async def wait_up(self, timeout=120):
        deadline = now() + timeout
        while now() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.process.returncode}); see {self.log.name}")
            try:
                await self.api("GET", "/", timeout=5)
                return
            except Exception:
                await asyncio.sleep(0.2)
        raise RuntimeError(f"the hub did not answer in {timeout} s; see {self.log.name}")

    def stop(self, timeout=60):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the hub's own session only
                self.process.wait()
        self.log.close()


# ---- processes ----

def children_map():
    kids = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                text = f.read()
        except OSError:
            continue
        pid = int(text.split(" ", 1)[0])
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(pid)
    return kids


def descendants(pid):
    kids, out, todo = children_map(), [], [pid]
    while todo:
        p = todo.pop()
        for k in kids.get(p, []):
            out.append(k)
            todo.append(k)
    return out


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except OSError:
        return None


def alive(proc):
    """proc: (pid, start time); a pid reused by another process does not count."""
    return start_time(proc[0]) == proc[1]


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def kernel_jvms(root_pid):
    return [p for p in descendants(root_pid) if "jasyncio-kernel.jar" in cmdline(p)]


def server_of(hub_pid, user):
    """The pids of USER's single-user server (its environment names the user)."""
    pids = []
    for p in descendants(hub_pid):
        if "jupyterhub-singleuser" in cmdline(p):
            try:
                with open(f"/proc/{p}/environ", "rb") as f:
                    if f"JUPYTERHUB_USER={user}".encode() in f.read().split(b"\0"):
                        pids.append(p)
            except OSError:
                pass
    return pids


def kernels_of(hub_pid, user):
    """USER's kernel JVMs, as (pid, start time)."""
    return [(k, start_time(k)) for s in server_of(hub_pid, user) for k in descendants(s)
            if "jasyncio-kernel.jar" in cmdline(k)]


# ---- one user ----

class Kernel:
    """A kernel reached through the hub: REST to start it, its websocket for messages."""

    def __init__(self, hub, user, token, name=KERNEL):
        self.hub, self.user, self.token, self.name = hub, user, token, name
        self.session = uuid.uuid4().hex
        self.pending = {}

    async def start(self):
        k = await self.hub.api("POST", f"user/{self.user}/api/kernels", {"name": self.name}, token=self.token)
        self.id = k["id"]
        url = (self.hub.url.replace("http", "ws") + f"/user/{self.user}/api/kernels/{self.id}/channels"
               f"?session_id={self.session}")
        self.ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": "token " + self.token},
                                                      request_timeout=120), max_message_size=64 << 20)
        self.reader = asyncio.ensure_future(self.read())

    async def read(self):
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                for q in self.pending.values():
                    q.put_nowait(None)
                return
            if isinstance(raw, bytes):
                continue  # a message with binary buffers: none of the lessons sends one
            msg = json.loads(raw)
            q = self.pending.get(msg.get("parent_header", {}).get("msg_id"))
            if q is not None:
                q.put_nowait(msg)

    def send(self, msg_type, content, channel="shell"):
        mid = uuid.uuid4().hex
        self.pending[mid] = asyncio.Queue()
        self.ws.write_message(json.dumps({
            "header": {"msg_id": mid, "username": self.user, "session": self.session, "msg_type": msg_type,
                       "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        return mid

    async def request(self, msg_type, content, timeout):
        """Sends a request; returns (its reply, its iopub messages up to idle, seconds until idle)."""
        t0 = now()
        mid = self.send(msg_type, content)
        q, reply, iopub, idle_at = self.pending[mid], None, [], None
        try:
            while reply is None or idle_at is None:
                msg = await asyncio.wait_for(q.get(), timeout)
                if msg is None:
                    raise RuntimeError("the kernel's websocket closed")
                if msg["channel"] == "shell":
                    reply = msg
                elif msg["channel"] == "iopub":
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        idle_at = now()
                    else:
                        iopub.append(msg)
        finally:
            del self.pending[mid]
        return reply, iopub, idle_at - t0

    async def ready(self, timeout=180):
        deadline = now() + timeout
        while True:
            try:
                await self.request("kernel_info_request", {}, timeout=5)
                return
            except asyncio.TimeoutError:
                if now() > deadline:
                    raise RuntimeError(f"{self.user}: no kernel_info_reply in {timeout} s")

    async def execute(self, code, allow_errors):
        reply, iopub, seconds = await self.request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": not allow_errors}, timeout=CELL_TIMEOUT)
        return outputs_of(iopub), reply["content"], seconds

    async def close(self):
        self.ws.close()
        self.reader.cancel()


def outputs_of(iopub):
    """The nbformat outputs a front end shows for these iopub messages (as nbclient builds them)."""
    outs = []
    for m in iopub:
        kind, c = m["msg_type"], m["content"]
        if kind == "stream":
            outs.append(nbformat.v4.new_output("stream", name=c["name"], text=c["text"]))
        elif kind in ("execute_result", "display_data"):
            outs.append(nbformat.v4.new_output(kind, data=c["data"], metadata=c.get("metadata", {}),
                                               **({"execution_count": c["execution_count"]} if kind == "execute_result" else {})))
        elif kind == "error":
            outs.append(nbformat.v4.new_output("error", ename=c["ename"], evalue=c["evalue"], traceback=c["traceback"]))
        elif kind == "clear_output":
            outs.clear()
    return outs


async def start_kernel(hub, user, token, r):
    kernel = Kernel(hub, user, token)
    kernel.asked = now()
    await kernel.start()
    await kernel.ready()
    r["kernel_ready_s"].append(now() - kernel.asked)
    return kernel


async def run_user(hub, user, lessons, record, one_kernel):
    """USER's server, then the lessons: each in a kernel of its own, as Jupyter gives each notebook,
    the previous one shut down through the REST API when its lesson is over; or all in one."""
    r = record[user] = {"cells": [], "failures": [], "expectations": 0, "kernel_ready_s": [], "first_result_s": []}
    t0 = now()
    tokens = await hub.api("POST", f"/users/{user}/tokens", {"note": "lab test", "expires_in": 3600})
    token = r["token"] = tokens["token"]
    await hub.api("POST", f"/users/{user}/server")
    while True:  # the spawn is pending until the server answers
        model = await hub.api("GET", f"/users/{user}")
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            break
        if now() - t0 > 300:
            raise RuntimeError(f"{user}: the server did not start in 300 s")
        await asyncio.sleep(0.25)
    r["server_ready_s"] = now() - t0
    kernel = None
    try:
        for path in lessons:
            if kernel is None or not one_kernel:
                if kernel is not None:
                    await kernel.close()
                    await hub.api("DELETE", f"user/{user}/api/kernels/{kernel.id}", token=token)
                kernel = await start_kernel(hub, user, token, r)
                first = True
            nb = nbformat.read(path, as_version=4)
            name = os.path.basename(path)
            r["expectations"] += run_notebooks.expectations_of(nb)
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                allow = "raises-exception" in cell.metadata.get("tags", [])
                try:
                    outputs, reply, seconds = await kernel.execute(cell.source, allow)
                except asyncio.TimeoutError:
                    r["failures"].append(f"{name} cell {index}: no reply in {CELL_TIMEOUT} s")
                    continue
                if first:
                    r["first_result_s"].append(now() - kernel.asked)
                    first = False
                cell.outputs = outputs
                r["cells"].append(seconds)
                fails = run_notebooks.check_cell(cell)
                r["failures"] += [f"{name} cell {index}: {f}\n      output: {run_notebooks.output_text(cell)[:400]!r}"
                                  for f in fails]
                r.setdefault("missed", 0)
                r["missed"] += sum(1 for f in fails if f.startswith("expected"))
                if reply["status"] == "error" and not allow:
                    break  # as nbclient: the notebook stops at an unexpected error
        r["lessons_s"] = now() - t0
        r["kernel"] = kernel
    except Exception as e:
        r["failures"].append(f"{type(e).__name__}: {e}")
        if kernel is not None:
            await kernel.close()


async def probe(kernel, n):
    """A trivial cell's round trip, n times."""
    times = []
    for _ in range(n):
        _, reply, seconds = await kernel.execute("1 + 1", False)
        times.append(seconds)
    return times


async def wait_gone(procs, timeout):
    deadline = now() + timeout
    while now() < deadline and any(alive(p) for p in procs):
        await asyncio.sleep(0.2)
    return [p for p in procs if alive(p)]


async def main_async(a):
    work = tempfile.mkdtemp(prefix="jasyncio-lab-")
    os.chmod(work, 0o755)
    report = {"users": a.users, "load_before": os.getloadavg()}
    jupyter_path = None
    if a.installed:
        prefix = os.path.abspath(a.installed)
        from jupyter_core.paths import SYSTEM_JUPYTER_PATH, ENV_JUPYTER_PATH
        if os.path.join(prefix, "share", "jupyter") not in SYSTEM_JUPYTER_PATH + ENV_JUPYTER_PATH:
            jupyter_path = os.path.join(prefix, "share", "jupyter")  # not a system place: tell the servers
    else:
        prefix = os.path.join(work, "prefix")
        java = a.java or shutil.which("java")
        out = subprocess.run([sys.executable, os.path.join(ROOT, "install", "kernelspec.py"), "install", "--java", java,
                              "--jar", a.jar, "--prefix", prefix], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"the kernel install failed:\n{out.stdout}{out.stderr}")
        jupyter_path = os.path.join(prefix, "share", "jupyter")
    spec = os.path.join(prefix, "share", "jupyter", "kernels", KERNEL, "kernel.json")
    if not os.path.isfile(spec):
        raise SystemExit(f"no jasyncio kernelspec at {spec}")
    report["kernelspec"] = spec
    lessons = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if a.lessons:
        lessons = [p for p in lessons if os.path.basename(p)[0] in a.lessons.split(",")]
    ports = {k: free_port() for k in ("public", "hub", "proxy_api")}
    ports["server_base"] = free_server_ports(a.users)
    token = secrets.token_hex(16)
    hub = Hub(work, ports, token, jupyter_path)
    seen = {}  # pid -> (pid, start time) of every kernel JVM and server the test saw
    users = [f"learner{i:02d}" for i in range(1, a.users + 1)]
    record = {}
    ok = True
    try:
        await hub.wait_up()
        await hub.api("POST", "/users", {"usernames": users})
        t0 = now()

        async def watch():  # note every kernel JVM and server while they run
            while True:
                for p in descendants(hub.process.pid):
                    if p not in seen:
                        line = cmdline(p)
                        if "jasyncio-kernel.jar" in line or "jupyterhub-singleuser" in line or "http-proxy" in line:
                            seen[p] = (p, start_time(p))
                await asyncio.sleep(0.5)
        watcher = asyncio.ensure_future(watch())
        await asyncio.gather(*(run_user(hub, u, lessons, record, a.one_kernel) for u in users))
        report["lessons_wall_s"] = now() - t0
        report["load_after_lessons"] = os.getloadavg()
        kernels = {u: r["kernel"] for u, r in record.items() if "kernel" in r}
        # memory after the six lessons, all kernels alive at once
        jvms = kernel_jvms(hub.process.pid)
        report["kernel_pss_mib"] = sorted(round(pss_kib(p) / 1024, 1) for p in jvms)
        servers = [p for p in descendants(hub.process.pid) if "jupyterhub-singleuser" in cmdline(p)]
        report["server_pss_mib"] = round(sum(pss_kib(p) for p in servers) / 1024, 1)
        probes = await asyncio.gather(*(probe(k, a.probe) for k in kernels.values()))
        report["probe_ms"] = [t * 1e3 for ts in probes for t in ts]
        if a.peer:  # the same probe and memory, in the same run, for a kernel of another kind
            peers = [Kernel(hub, u, record[u]["token"], a.peer) for u in kernels]
            for k in peers:
                await k.start()
            await asyncio.gather(*(k.ready() for k in peers))
            await asyncio.gather(*(k.execute("1 + 1", False) for k in peers))
            report["peer_pss_mib"] = sorted(round(pss_kib(p) / 1024, 1) for p in descendants(hub.process.pid)
                                            if re.search(r"ipykernel|-m \S*kernel", cmdline(p)))
            peer_probes = await asyncio.gather(*(probe(k, a.probe) for k in peers))
            report["peer_probe_ms"] = [t * 1e3 for ts in peer_probes for t in ts]
            for k in peers:
                await k.close()
                await hub.api("DELETE", f"user/{k.user}/api/kernels/{k.id}", token=k.token)

        # a server stopped through the REST API (an idle culler's call) takes its kernel with it
        checks = {}
        if len(users) >= 1 and users[0] in kernels:
            user = users[0]
            await kernels[user].close()
            theirs = kernels_of(hub.process.pid, user)
            t = now()
            await hub.api("DELETE", f"/users/{user}/server")
            left = await wait_gone(theirs, 30)
            checks["server_stopped_via_rest"] = {"user": user, "kernel_jvms": len(theirs), "left": len(left),
                                                 "seconds": round(now() - t, 1)}
        if len(users) >= 2 and users[1] in kernels:
            user = users[1]
            await kernels[user].close()
            theirs = kernels_of(hub.process.pid, user)
            t = now()
            for s in server_of(hub.process.pid, user):
                os.kill(s, signal.SIGKILL)  # the server dies without a word: its kernel must notice
            left = await wait_gone(theirs, 30)
            checks["server_killed"] = {"user": user, "kernel_jvms": len(theirs), "left": len(left),
                                       "seconds": round(now() - t, 1)}
        for u in users[2:]:
            if u in kernels:
                await kernels[u].close()
        report["checks"] = checks
        watcher.cancel()
    finally:
        for p in descendants(hub.process.pid):
            if p not in seen and ("jasyncio-kernel.jar" in cmdline(p) or "jupyterhub-singleuser" in cmdline(p)):
                seen[p] = (p, start_time(p))
        t_stop = now()
        hub.stop()
        left = await wait_gone(list(seen.values()), 30)
        report["hub_stop_s"] = now() - t_stop
        report["processes_seen"] = len(seen)
        report["processes_left"] = [cmdline(p[0])[:200] for p in left]
    # ---- the report ----
    cells = [t for r in record.values() for t in r["cells"]]
    expectations = sum(r["expectations"] for r in record.values())
    missed = sum(r.get("missed", 0) for r in record.values())
    failures = [f"{u}: {f}" for u, r in record.items() for f in r["failures"]]
    report.update({
        "expectations": expectations, "expectations_met": expectations - missed,
        "failures": failures, "cells": len(cells),
        "cell_rtt_ms": {"p50": pct(cells, 50) * 1e3, "p95": pct(cells, 95) * 1e3, "max": max(cells, default=0) * 1e3},
        "probe_rtt_ms": {"p50": pct(report.get("probe_ms", []), 50), "p95": pct(report.get("probe_ms", []), 95)},
        "peer_probe_rtt_ms": {"p50": pct(report.get("peer_probe_ms", []), 50), "p95": pct(report.get("peer_probe_ms", []), 95)},
        "server_ready_s": sorted(round(r.get("server_ready_s", -1), 2) for r in record.values()),
        "kernel_ready_s": sorted(round(t, 2) for r in record.values() for t in r["kernel_ready_s"]),
        "first_result_s": sorted(round(t, 2) for r in record.values() for t in r["first_result_s"]),
        "per_user": {u: {"lessons_s": round(r.get("lessons_s", -1), 1), "missed": r.get("missed", 0)} for u, r in record.items()},
    })
    pss = report.get("kernel_pss_mib", [])
    lines = [
        f"JupyterHub lab: {a.users} users, {len(lessons)} lessons each, "
        f"{'all in one jasyncio kernel' if a.one_kernel else 'each in a jasyncio kernel of its own'} (kernelspec {spec})",
        f"  load average before {report['load_before'][0]:.2f}, after the lessons {report.get('load_after_lessons', [0])[0]:.2f}",
        f"  expectations met: {report['expectations_met']}/{expectations}; cells run {len(cells)}",
        f"  time: all lessons of all users {report.get('lessons_wall_s', 0):.1f} s; server ready after "
        f"{pct(report['server_ready_s'], 50):.1f} s (max {max(report['server_ready_s'], default=0):.1f}); "
        f"{len(report['first_result_s'])} kernels: first cell's result {pct(report['first_result_s'], 50):.1f} s after "
        f"the kernel was asked for (p95 {pct(report['first_result_s'], 95):.1f}, max {max(report['first_result_s'], default=0):.1f})",
        f"  lesson cell round trip p50 {report['cell_rtt_ms']['p50']:.0f} ms, p95 {report['cell_rtt_ms']['p95']:.0f} ms "
        f"(max {report['cell_rtt_ms']['max']:.0f}); '1 + 1' x {a.probe} per user at once: p50 "
        f"{report['probe_rtt_ms']['p50']:.1f} ms, p95 {report['probe_rtt_ms']['p95']:.1f} ms",
        *([f"  {a.peer} beside it, in the same hub: '1 + 1' x {a.probe} per user at once: p50 "
           f"{report['peer_probe_rtt_ms']['p50']:.1f} ms, p95 {report['peer_probe_rtt_ms']['p95']:.1f} ms; PSS median "
           f"{statistics.median(report['peer_pss_mib']) if report.get('peer_pss_mib') else 0:.0f} MiB a kernel"]
          if a.peer else []),
        f"  kernel PSS after the lessons: median {statistics.median(pss) if pss else 0:.0f} MiB "
        f"(min {min(pss, default=0):.0f}, max {max(pss, default=0):.0f}), all {len(pss)} kernels {sum(pss):.0f} MiB "
        f"(their single-user servers {report.get('server_pss_mib', 0):.0f} MiB)",
        f"  processes: {json.dumps(report.get('checks', {}))}; after the hub stopped ({report['hub_stop_s']:.1f} s): "
        f"{len(report['processes_left'])} of {report['processes_seen']} left",
    ]
    print("\n".join(lines))
    for f in failures[:30]:
        print("  FAIL " + f)
    ok = (not failures and missed == 0 and not report["processes_left"]
          and all(c["left"] == 0 and c["kernel_jvms"] > 0 for c in report.get("checks", {}).values())
          and len(report.get("checks", {})) == min(2, a.users))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({k: v for k, v in report.items()}, f, indent=1, default=str)
    if a.keep or not ok:
        print(f"  hub folder (log, homes): {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=10)
    p.add_argument("--installed", metavar="PREFIX", help="use the kernel installed under PREFIX (e.g. /usr/local)")
    p.add_argument("--java", help="java for a fresh install (default: the JDK 25 install/jdk.sh finds, via $JAVA)")
    p.add_argument("--jar", default=os.path.join(ROOT, "kernel", "target", "jasyncio-kernel.jar"))
    p.add_argument("--lessons", help="first letters of the lessons to run, e.g. a,c (default: all six)")
    p.add_argument("--probe", type=int, default=20, help="trivial cells per user after the lessons")
    p.add_argument("--peer", default="python3", help="a kernelspec measured beside jasyncio after the lessons "
                   "(a '1 + 1' probe and PSS; default python3, i.e. ipykernel; '' for none)")
    p.add_argument("--one-kernel", action="store_true",
                   help="all lessons in one kernel per user (default: a kernel per lesson, as Jupyter gives each notebook)")
    p.add_argument("--json")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    if not a.java:
        a.java = os.environ.get("JAVA")
    if not a.installed and not a.java:
        a.java = subprocess.run(["bash", "-c", f". {ROOT}/install/jdk.sh && echo $JAVA"], capture_output=True,
                                text=True).stdout.strip()
    sys.exit(0 if asyncio.run(main_async(a)) else 1)


if __name__ == "__main__":
    main()
