#!/usr/bin/python3
"""Resident and proportional memory of a kernel process after N cells (default 400), each
declaring a variable:
  memory_after_cells.py (--kernel NAME | --argv JSON) --code 'int x{n} = {n}; x{n} * 2' [--cells 400]
Prints one line: name, when the first cell's result came, RSS after it, RSS and PSS (from
/proc/PID/smaps_rollup: memory shared with other processes, such as a class-data archive, counts
as a share) after the cells, and the cells' median round trip."""
import argparse, json, statistics, subprocess, time

import psutil
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec
from proc_memory import rss_pss_mib


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel")
    p.add_argument("--argv")
    p.add_argument("--code", required=True)
    p.add_argument("--cells", type=int, default=400)
    p.add_argument("--name", default="kernel")
    a = p.parse_args()
    if a.argv:
        km = KernelManager()
        km._kernel_spec = KernelSpec(argv=json.loads(a.argv), display_name=a.name, language="java", interrupt_mode="message")
    else:
        km = KernelManager(kernel_name=a.kernel)
    started = time.perf_counter()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    proc = psutil.Process(km.provisioner.process.pid)

    def rss():
        return sum(p.memory_info().rss for p in [proc] + proc.children(recursive=True)) / 2**20

    def pss():
        return sum(rss_pss_mib(p.pid)["pss"] for p in [proc] + proc.children(recursive=True))

    kc.execute_interactive(a.code.replace("{n}", "0"), timeout=60, output_hook=lambda m: None)
    first_result_s = time.perf_counter() - started
    start_rss = rss()
    times = []
    for n in range(1, a.cells + 1):
        t = time.perf_counter()
        reply = kc.execute_interactive(a.code.replace("{n}", str(n)), timeout=60, output_hook=lambda m: None)
        times.append(time.perf_counter() - t)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"cell {n} failed: {reply['content']}")
    print(f"{a.name}: first cell's result {first_result_s:.2f} s after launch; RSS {start_rss:.0f} MiB after it, "
          f"{rss():.0f} MiB after {a.cells} more cells (PSS {pss():.0f} MiB); their round trip p50 {statistics.median(times) * 1e3:.1f} ms")
    kc.stop_channels()
    km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
