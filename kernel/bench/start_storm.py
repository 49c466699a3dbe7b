#!/usr/bin/python3
"""Many kernel starts at once, as a lab's first minutes bring them: counts JVM crashes.

  start_storm.py [--kernel jasyncio | --argv JSON] [--starts 200] [--parallel 20]

Starts --starts kernels through jupyter_client, --parallel at a time (a new one as soon as one
ends). Each kernel runs in a folder of its own (the JVM writes hs_err_pid*.log into its working
folder when it crashes), must answer kernel_info and a cell ("1 + 1" -> 2), and is then shut down
with a shutdown_request. Prints the counts: kernels that answered, JVM crashes (an hs_err file, a
"fatal error" in the kernel's output, or an exit by a signal), kernels that did not answer or
answered wrongly, exit codes, and the time from launch to the cell's result (p50, p95, max).
Exit status 0 when every kernel answered and none crashed.
"""
import argparse, collections, concurrent.futures, glob, json, math, os, shutil, statistics, sys, tempfile, threading, time
from queue import Empty

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

now = time.perf_counter


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)] if xs else float("nan")


def manager(a):
    if a.argv:
        km = KernelManager()
        km._kernel_spec = KernelSpec(argv=json.loads(a.argv), display_name="storm", language="java",
                                     interrupt_mode="message")
        return km
    return KernelManager(kernel_name=a.kernel)


def one(a, index, root):
    """Starts kernel INDEX, asks it a cell, shuts it down; returns what happened."""
    folder = os.path.join(root, f"k{index:04d}")
    os.makedirs(folder)
    out = {"index": index, "answered": False, "result": None, "error": None, "exit": None, "seconds": None}
    km = manager(a)
    t0 = now()
    with open(os.path.join(folder, "kernel.log"), "wb") as log:
        try:
            km.start_kernel(cwd=folder, stdout=log, stderr=log)
        except Exception as e:
            out["error"] = f"launch: {e}"
            return out
        process = km.provisioner.process
        kc = km.client()
        kc.start_channels(hb=False)
        try:
            deadline = now() + a.timeout
            while True:
                mid = kc.kernel_info()
                try:
                    while kc.get_shell_msg(timeout=1)["parent_header"].get("msg_id") != mid:
                        pass
                    break
                except Empty:
                    if process.poll() is not None or now() > deadline:
                        raise RuntimeError("no kernel_info_reply" + (" (exited)" if process.poll() is not None else ""))
            mid = kc.execute(a.code)
            while True:
                msg = kc.get_shell_msg(timeout=max(0.1, deadline - now()))
                if msg["parent_header"].get("msg_id") == mid:
                    break
            out["seconds"] = now() - t0
            status = msg["content"]["status"]
            # the result itself comes on iopub; the reply says ok or error
            result = None
            try:
                while result is None:
                    m = kc.get_iopub_msg(timeout=2)
                    if m["parent_header"].get("msg_id") == mid and m["msg_type"] == "execute_result":
                        result = m["content"]["data"]["text/plain"]
            except Empty:
                pass
            out["result"] = result
            out["answered"] = status == "ok" and (result == a.expect or result is None)
            if status != "ok":
                out["error"] = f"cell: {msg['content'].get('ename')}: {msg['content'].get('evalue')}"
        except Exception as e:
            out["error"] = str(e) or type(e).__name__
        finally:
            kc.stop_channels()
            try:
                km.shutdown_kernel(now=out["error"] is not None)
            except Exception as e:
                out["error"] = (out["error"] or "") + f"; shutdown: {e}"
            try:
                process.wait(timeout=30)
            except Exception:
                pass
            out["exit"] = process.returncode
            out["pid"] = process.pid
    text = open(os.path.join(folder, "kernel.log"), errors="replace").read()
    out["hs_err"] = glob.glob(os.path.join(folder, "hs_err_pid*.log"))
    out["fatal"] = "A fatal error has been detected" in text or "SIGSEGV" in text
    out["crashed"] = bool(out["hs_err"]) or out["fatal"] or (out["exit"] is not None and out["exit"] < 0
                                                             and out["exit"] != -9)  # -9: killed by the manager
    if out["crashed"] or out["error"]:
        out["log_tail"] = text[-2000:]
    elif not a.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--kernel", default="jasyncio", help="kernelspec name (default jasyncio)")
    g.add_argument("--argv", help='JSON argv list holding "{connection_file}"')
    p.add_argument("--starts", type=int, default=200)
    p.add_argument("--parallel", type=int, default=20)
    p.add_argument("--code", default="1 + 1")
    p.add_argument("--expect", default="2")
    p.add_argument("--timeout", type=float, default=180, help="seconds a kernel may take to answer, under the storm's load")
    p.add_argument("--keep", action="store_true", help="keep every kernel's folder and log")
    a = p.parse_args()
    root = tempfile.mkdtemp(prefix="start-storm-")
    load0 = os.getloadavg()
    t0 = now()
    results = []
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.parallel) as pool:
        for r in pool.map(lambda i: one(a, i, root), range(a.starts)):
            with lock:
                results.append(r)
                if len(results) % 20 == 0:
                    print(f"  {len(results)}/{a.starts} done, {now() - t0:.0f} s", flush=True)
    wall = now() - t0
    answered = sum(r["answered"] for r in results)
    crashed = [r for r in results if r["crashed"]]
    unanswered = [r for r in results if not r["answered"]]
    exits = collections.Counter(r["exit"] for r in results)
    times = [r["seconds"] for r in results if r["seconds"] is not None]
    alive = [r["pid"] for r in results if "pid" in r and os.path.exists(f"/proc/{r['pid']}")]
    print(f"kernel: {a.argv or a.kernel}")
    print(f"{a.starts} starts, {a.parallel} at a time, {wall:.0f} s; load average before {load0[0]:.2f}, "
          f"after {os.getloadavg()[0]:.2f}")
    print(f"answered a cell correctly: {answered}/{a.starts}")
    print(f"JVM crashes (hs_err file, fatal error or signal): {len(crashed)}")
    print(f"not answered or wrong: {len(unanswered)}")
    print(f"exit codes: {dict(exits)}")
    print(f"processes still alive after shutdown: {len(alive)}")
    if times:
        print(f"launch -> first cell's reply under this load: p50 {pct(times, 50):.2f} s, p95 {pct(times, 95):.2f} s, "
              f"max {max(times):.2f} s")
    for r in (crashed + [u for u in unanswered if u not in crashed])[:5]:
        print(f"--- kernel {r['index']}: exit {r['exit']}, error {r['error']}, hs_err {r.get('hs_err')}\n{r.get('log_tail', '')}")
    print(f"kernel folders: {root}" if (a.keep or crashed or unanswered) else "")
    if not (a.keep or crashed or unanswered):
        shutil.rmtree(root, ignore_errors=True)
    sys.exit(0 if answered == a.starts and not crashed and not alive else 1)


if __name__ == "__main__":
    main()
