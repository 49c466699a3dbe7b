#!/usr/bin/python3
"""The kernel's long-session soak, with real jupyter_client against the installed "jasyncio"
kernelspec (kernel/soak/run-soak.sh installs it in a throwaway prefix and runs this):

  soak.py [--cells 10000] [--every 1000] [--names 200] [--rtt-cells 100] [--restarts 50]

1. Cells: one kernel runs CELLS cells like a real session's: each declares variables and
   creates tasks (some finish at once, some stay pending for seconds), some print, some define
   methods. Their variables are named after n mod NAMES, so the first NAMES cells declare new
   ones and the later cells declare them again, as a session re-runs its notebook's cells.
   Every EVERY cells it samples the kernel process: resident memory as found and right after a
   full collection (with the live heap and the loaded classes), the round trip of RTT_CELLS
   trivial cells (min/p50/p99), the session cells' p50, threads and the tasks alive in its loop.
   Flat means: the last row against the first one after warm-up (the row at EVERY cells) grew
   by at most MAX_RSS_GROWTH (resident memory after the collection: as found, it follows the
   collector's sawtooth) and MAX_RTT_GROWTH (the fastest of the trivial cells' round trips: a
   session that makes each cell do more work raises it, while the machine's other load, which
   made the p50 of a few-millisecond cell flip the verdict, mostly does not); the ratios go
   with the verdict.
2. Restarts: RESTARTS x KernelManager.restart_kernel(now=False), i.e. shutdown_request with
   restart=true: each old process must exit by itself (exit code 0, neither SIGTERM nor SIGKILL
   from the manager), its five ports must be free (bindable) once it is gone, no java process
   of ours may be left but the new kernel, the manager's own threads and file descriptors stay
   as they were, and the new kernel answers a cell.

Exits non-zero when a check fails or a figure is not flat. The CI part runs the same code with
fewer cells and restarts (kernel/src/test/python/test_soak.py)."""
import argparse, socket, statistics, sys, threading, time

import psutil
from jupyter_client import KernelManager

TIMEOUT = 60
MAX_RSS_GROWTH = 1.25
MAX_RTT_GROWTH = 1.5
TRIVIAL_CELL = "1 + 1"
# The tasks alive in the loop, the live heap after a full collection and the loaded classes.
PROBE_CELL = ('System.gc();\n'
              'var $soakHeap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();\n'
              'allTasks().size() + " " + $soakHeap + " "'
              ' + java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()')
PENDING_SECONDS = 2.0
NAMES = 200


def session_cell(n, names=NAMES):
    """Cell n of a session, and the text/plain result it must show (None: no result). Its
    variables are named after k = n mod names: cell n declares new variables while n < names,
    and then declares them again, as a long session re-runs its notebook's cells."""
    k = n % names
    match n % 5:
        case 0:  # variables, and a task that finishes at once
            return (f'int a{k} = {n};\nString s{k} = "cell " + a{k};\n'
                    f'var t{k} = createTask(async(() -> {{ await(sleep(0)); return a{k} * 2; }}));\n'
                    f'await(t{k}) + a{k}'), str(3 * n)
        case 1:  # a task that stays pending for a while, and output
            return (f'var p{k} = createTask(async(() -> {{ await(sleep({PENDING_SECONDS})); return {n}; }}));\n'
                    f'long pending{k} = allTasks().stream().filter(t -> !t.isDone()).count();\n'
                    f'System.out.println("cell {n}: " + (pending{k} > 0));'), None
        case 2:  # the same variables in every such cell
            return (f'var counter = {n};\nvar latest = createTask(async(() -> counter + 1));\n'
                    f'await(latest)'), str(n + 1)
        case 3:  # gather of tasks, a list kept in a variable
            return (f'var g{k} = await(gather(createTask(async(() -> {n})), createTask(async(() -> {{ await(sleep(0.001)); return 1; }}))));\n'
                    f'g{k}.size()'), "2"
        case _:  # a method (re)defined, and a task whose value is dropped
            return (f'int twice{k}(int x) {{ return 2 * x; }}\n'
                    f'createTask(async(() -> twice{k}({n})));\ntwice{k}({n})'), str(2 * n)


def execute(kc, code, store_history=True):
    """Runs a cell; returns (reply content, its text/plain result or None, its stdout)."""
    msg_id = kc.execute(code, store_history=store_history)
    result, stdout = None, []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        elif kind == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    return reply["content"], result, "".join(stdout)


def timed(kc, code):
    started = time.perf_counter()
    reply, result, _ = execute(kc, code, store_history=False)
    if reply["status"] != "ok":
        raise AssertionError(f"{code!r} failed: {reply}")
    return time.perf_counter() - started, result


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def sample(kc, proc, cells, rtt_cells, window):
    """One row: the kernel process as it is after `cells` cells."""
    rss = proc.memory_info().rss / 2**20
    threads = proc.num_threads()
    _, probe = timed(kc, PROBE_CELL)  # first: the tasks the last cells left pending are still there
    tasks, heap, classes = (int(x) for x in probe.strip('"').split())
    rss_after_gc = proc.memory_info().rss / 2**20
    rtts = [timed(kc, TRIVIAL_CELL)[0] * 1e3 for _ in range(rtt_cells)]
    return {"cells": cells, "rss_mib": rss, "rss_gc_mib": rss_after_gc, "heap_mib": heap / 2**20, "classes": classes,
            "rtt_min_ms": min(rtts), "rtt_p50_ms": statistics.median(rtts), "rtt_p99_ms": percentile(rtts, 99),
            "cell_p50_ms": statistics.median(window) * 1e3 if window else float("nan"), "threads": threads, "tasks": tasks}


ROW = ("{cells:>7} {rss_mib:>8.1f} {rss_gc_mib:>8.1f} {heap_mib:>8.1f} {classes:>8} {rtt_min_ms:>8.1f} {rtt_p50_ms:>8.1f} {rtt_p99_ms:>8.1f}"
       " {cell_p50_ms:>9.1f} {threads:>8} {tasks:>6}")
HEADER = (f"{'cells':>7} {'RSS':>8} {'RSS gc':>8} {'heap':>8} {'classes':>8} {'RTT min':>8} {'RTT p50':>8} {'RTT p99':>8}"
          f" {'cell p50':>9} {'threads':>8} {'tasks':>6}")
LEGEND = ("(MiB: RSS of the kernel process as found and after a full GC, heap live after it; ms: round trip"
          " of a trivial cell, p50 of the session's cells since the last row)")


def run_cells(kc, proc, cells, every, rtt_cells, names=NAMES, out=print):
    """Runs the session's cells, sampling every `every`; returns the rows (the first at 0 cells)."""
    out(HEADER)
    out(LEGEND)
    rows = [sample(kc, proc, 0, rtt_cells, [])]
    out(ROW.format(**rows[-1]))
    window = []
    for n in range(1, cells + 1):
        code, expected = session_cell(n, names)
        started = time.perf_counter()
        reply, result, stdout = execute(kc, code)
        window.append(time.perf_counter() - started)
        if reply["status"] != "ok":
            raise AssertionError(f"cell {n} failed: {reply.get('ename')}: {reply.get('evalue')}\n{code}")
        if result != expected:
            raise AssertionError(f"cell {n} showed {result!r}, not {expected!r}\n{code}")
        if n % 5 == 1 and stdout != f"cell {n}: true\n":
            raise AssertionError(f"cell {n} printed {stdout!r}")
        if n % every == 0:
            rows.append(sample(kc, proc, n, rtt_cells, window))
            out(ROW.format(**rows[-1]))
            window = []
    return rows


def growth(rows, key):
    """The last row's figure over the first one after warm-up (rows[1])."""
    return rows[-1][key] / rows[1][key]


def verdict(rows):
    """(flat, one line saying why)."""
    rss, rtt = growth(rows, "rss_gc_mib"), growth(rows, "rtt_min_ms")
    flat = rss <= MAX_RSS_GROWTH and rtt <= MAX_RTT_GROWTH
    return flat, (f"{'FLAT' if flat else 'NOT FLAT'}: cells {rows[1]['cells']} -> {rows[-1]['cells']}: "
                  f"RSS after GC x{rss:.2f} (limit {MAX_RSS_GROWTH}), RTT min x{rtt:.2f} (limit {MAX_RTT_GROWTH}); "
                  f"also: RTT p50 x{growth(rows, 'rtt_p50_ms'):.2f}, RSS as found x{growth(rows, 'rss_mib'):.2f}, heap x{growth(rows, 'heap_mib'):.2f}, "
                  f"session cell p50 x{growth(rows, 'cell_p50_ms'):.2f}, threads {rows[1]['threads']} -> {rows[-1]['threads']}")


# ---- restarts ----

def port_is_free(port):
    """Whether a server could bind the port now (SO_REUSEADDR, as ZeroMQ binds: TIME_WAIT is no owner)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class WatchedKernelManager(KernelManager):
    """A KernelManager that notes, for each shutdown, when it was requested, when the process
    exited (a thread waiting on it), its exit code, whether the manager had to signal it, and
    whether its ports were free once it was gone (checked before the new kernel binds them)."""

    def request_shutdown(self, restart=False):
        popen = self.provisioner.process
        process = psutil.Process(popen.pid)
        self.shutdown_record = record = {"pid": process.pid, "popen": popen, "requested": time.perf_counter()}

        def watch():
            process.wait()
            record["exited"] = time.perf_counter()
        record["watcher"] = threading.Thread(target=watch, daemon=True)
        record["watcher"].start()
        return super().request_shutdown(restart=restart)

    def cleanup_resources(self, restart=False):
        record = getattr(self, "shutdown_record", None)
        if record is None or "popen" not in record:  # shutdown_kernel(now=True): no request was sent
            return super().cleanup_resources(restart=restart)
        record["watcher"].join(timeout=TIMEOUT)
        record["exit_code"] = record.pop("popen").poll()
        record["status"] = self._shutdown_status.name
        record["busy_ports"] = [p for p in self.ports if not port_is_free(p)]
        return super().cleanup_resources(restart=restart)

    @property
    def ports(self):
        return [self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port]


def our_java_processes(jar_path):
    """The java processes running our kernel jar (of any parent)."""
    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        cmdline = p.info["cmdline"] or []
        if any(arg == jar_path for arg in cmdline):
            found.append(p.info["pid"])
    return found


def run_restarts(km, kc, count, out=print):
    """count restarts; returns their records. Raises AssertionError at the first that leaks."""
    jar = km.kernel_spec.argv[km.kernel_spec.argv.index("-jar") + 1]
    me = psutil.Process()
    before = {"threads": threading.active_count(), "fds": me.num_fds()}
    records = []
    out(f"{'restart':>7} {'exit ms':>8} {'code':>5} {'status':>16} {'first cell ms':>14} {'kernel threads':>15}")
    for i in range(1, count + 1):
        km.restart_kernel(now=False)
        record = km.shutdown_record
        record["exit_ms"] = (record["exited"] - record["requested"]) * 1e3
        if record["exit_code"] != 0 or record["status"] != "ShutdownRequest":
            raise AssertionError(f"restart {i}: the old kernel did not exit by itself: {record}")
        if record["busy_ports"]:
            raise AssertionError(f"restart {i}: ports still bound after the old kernel exited: {record['busy_ports']}")
        started = time.perf_counter()
        kc.wait_for_ready(timeout=TIMEOUT)
        reply, result, _ = execute(kc, f"var r = {i};\nr * 10")
        if reply["status"] != "ok" or result != str(i * 10):
            raise AssertionError(f"restart {i}: the new kernel answered {reply} {result!r}")
        record["first_cell_ms"] = (time.perf_counter() - started) * 1e3
        javas = our_java_processes(jar)
        if javas != [km.provisioner.process.pid]:
            raise AssertionError(f"restart {i}: java processes of ours: {javas}, expected only {km.provisioner.process.pid}")
        record["kernel_threads"] = psutil.Process(km.provisioner.process.pid).num_threads()
        records.append(record)
        out(f"{i:>7} {record['exit_ms']:>8.0f} {record['exit_code']:>5} {record['status']:>16} "
            f"{record['first_cell_ms']:>14.0f} {record['kernel_threads']:>15}")
    after = {"threads": threading.active_count(), "fds": me.num_fds()}
    if after["threads"] > before["threads"] or after["fds"] > before["fds"] + 2:
        raise AssertionError(f"the manager's process grew over {count} restarts: {before} -> {after}")
    exits = [r["exit_ms"] for r in records]
    threads = [r["kernel_threads"] for r in records]
    out(f"{count} restarts: each old kernel exited by itself (code 0, no signal) in {min(exits):.0f}..{max(exits):.0f} ms "
        f"(median {statistics.median(exits):.0f}); its ports free; no other java of ours; new kernels' threads "
        f"{min(threads)}..{max(threads)}; manager threads {before['threads']} -> {after['threads']}, "
        f"fds {before['fds']} -> {after['fds']}")
    return records


def start(kernel_name):
    km = WatchedKernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernel", default="jasyncio")
    p.add_argument("--cells", type=int, default=10000)
    p.add_argument("--every", type=int, default=1000)
    p.add_argument("--names", type=int, default=NAMES)
    p.add_argument("--rtt-cells", type=int, default=100)
    p.add_argument("--restarts", type=int, default=50)
    a = p.parse_args()
    out = lambda line: print(line, flush=True)  # noqa: E731
    km, kc = start(a.kernel)
    ok = True
    try:
        if a.cells:
            started = time.perf_counter()
            out(f"== {a.cells} cells ({a.names} names), a row every {a.every}")
            rows = run_cells(kc, psutil.Process(km.provisioner.process.pid), a.cells, a.every, a.rtt_cells, a.names, out)
            flat, text = verdict(rows)
            ok = flat
            out(f"{text}; {time.perf_counter() - started:.0f} s")
        if a.restarts:
            out(f"== {a.restarts} restarts (shutdown_request with restart=true)")
            run_restarts(km, kc, a.restarts, out)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
