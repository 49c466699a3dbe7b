#!/usr/bin/python3
"""Start-up as a notebook user meets it: launch of the kernel process -> the first cell's result.

  first_cell.py --kernel LABEL=SPEC [--kernel LABEL=SPEC ...] [--starts 10] [--json FILE]

SPEC is a kernelspec name (python3) or a JSON argv list holding "{connection_file}"; the first
cell is --code (default "1 + 1", a valid cell in Java and in Python). The kernels are started in turns (a, b, a,
b, ...), so a change of the machine's load falls on all of them alike. Each start: launch, then
kernel_info_request until it is answered (as a front end does), then the cell; three times are
taken from the launch: kernel_info_reply, the cell's execute_result on iopub, its execute_reply.
Also the CPU time the kernel's process (and its children) had used by the result: unlike the
wall time, it hardly depends on what else the machine is doing. Prints a table of medians (min,
max) per kernel and, when there are two or more kernels, the ratio of each median to the first
kernel's.
"""
import argparse, json, os, statistics, sys, tempfile, time
from queue import Empty

import psutil, zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

now = time.perf_counter


def parse_kernel(text, code):
    label, _, spec = text.partition("=")
    return {"label": label, "spec": spec, "code": code}


def manager(kernel):
    if kernel["spec"].startswith("["):
        km = KernelManager()
        km._kernel_spec = KernelSpec(argv=json.loads(kernel["spec"]), display_name=kernel["label"],
                                     language="java", interrupt_mode="message")
        return km
    return KernelManager(kernel_name=kernel["spec"])


def one_start(kernel, log, timeout):
    km = manager(kernel)
    t0 = now()
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.context.setsockopt(zmq.RECONNECT_IVL, 10)  # no 100 ms reconnect steps in the figure
    kc.start_channels(hb=False)
    try:
        info_s = None
        while info_s is None:  # resend every second, as jupyter_client's wait_for_ready does
            mid = kc.kernel_info()
            try:
                while kc.get_shell_msg(timeout=1.0)["parent_header"].get("msg_id") != mid:
                    pass
                info_s = now() - t0
            except Empty:
                if now() - t0 > timeout or not km.is_alive():
                    raise RuntimeError(f"{kernel['label']}: no kernel_info_reply in {timeout} s")
        # The iopub subscription must be live before the cell, or its result could be missed.
        while True:
            mid = kc.kernel_info()
            try:
                deadline = now() + 0.5
                while True:
                    m = kc.get_iopub_msg(timeout=max(0.0, deadline - now()))
                    if m["parent_header"].get("msg_id") == mid:
                        break
                break
            except Empty:
                if now() - t0 > timeout:
                    raise RuntimeError(f"{kernel['label']}: iopub never answered")
        mid = kc.execute(kernel["code"])
        result_s = None
        while result_s is None:
            m = kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == mid:
                if m["msg_type"] == "execute_result":
                    result_s = now() - t0
                elif m["msg_type"] == "error":
                    raise RuntimeError(f"{kernel['label']}: the first cell failed: {m['content']['evalue']}")
        while True:
            m = kc.get_shell_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == mid:
                reply_s = now() - t0
                break
        return {"kernel_info_s": info_s, "result_s": result_s, "reply_s": reply_s, "cpu_s": cpu_seconds(km)}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def cpu_seconds(km):
    """User and system CPU time of the kernel process and its children so far."""
    p = psutil.Process(km.provisioner.process.pid)
    return sum(q.cpu_times().user + q.cpu_times().system for q in [p] + p.children(recursive=True))


def summary(runs, key):
    xs = [r[key] for r in runs]
    return statistics.median(xs), min(xs), max(xs)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernel", action="append", required=True, metavar="LABEL=SPEC")
    p.add_argument("--code", default="1 + 1")
    p.add_argument("--starts", type=int, default=10)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--kernel-log", default=os.path.join(tempfile.gettempdir(), "first_cell.kernel.log"))
    p.add_argument("--json")
    a = p.parse_args()
    kernels = [parse_kernel(k, a.code) for k in a.kernel]
    runs = {k["label"]: [] for k in kernels}
    with open(a.kernel_log, "a") as log:
        for _ in range(a.starts):
            for k in kernels:
                runs[k["label"]].append(one_start(k, log, a.timeout))
    load = os.getloadavg()
    first = kernels[0]["label"]
    print(f"launch -> first cell's result, {a.starts} starts each, in turns; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'kernel':<22} {'kernel_info_reply s':>22} {'first result s':>22} {'execute_reply s':>22} {'ratio':>7} {'CPU s by then':>22}")
    base = statistics.median(r["result_s"] for r in runs[first])
    for k in kernels:
        cols = []
        for key in ("kernel_info_s", "result_s", "reply_s"):
            med, lo, hi = summary(runs[k["label"]], key)
            cols.append(f"{med:.3f} ({lo:.2f}-{hi:.2f})")
        ratio = statistics.median(r["result_s"] for r in runs[k["label"]]) / base
        med, lo, hi = summary(runs[k["label"]], "cpu_s")
        print(f"{k['label']:<22} {cols[0]:>22} {cols[1]:>22} {cols[2]:>22} {ratio:>7.2f} {f'{med:.3f} ({lo:.2f}-{hi:.2f})':>22}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"load": load, "runs": runs}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
