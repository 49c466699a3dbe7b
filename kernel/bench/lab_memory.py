#!/usr/bin/python3
"""Proportional memory (PSS) of N kernels that each ran the six lessons, all at once, as a lab
runs one kernel per learner; beside N ipykernels that each ran as many cells of asyncio code.

    kernel/bench/lab_memory.py [--kernels 10] [--kernel jasyncio] [--no-ipykernel] [--rest SECONDS] [--lessons a,b,...] [--json FILE]

The jasyncio kernel is the installed kernelspec named --kernel (install/kernelspec.py; set
JUPYTER_PATH to find one installed with --prefix), started as Jupyter starts it. Each kernel runs
notebooks/*.ipynb in order, in one kernel, through nbclient with the lessons' own checks
(run_notebooks.check_cell); once every kernel has finished, each one's PSS and RSS are read from
/proc/PID/smaps_rollup while all are still running, so memory they share (the JDK's files, the
class data archive) counts once, split between them. Prints one line per kernel kind: PSS and RSS
a kernel (median, max) and in all, the time the lessons took, and every expectation missed
(lessons c and f read the loop's clock and expect a kernel of their own, as Jupyter gives each
notebook: run after the others in one kernel, three of their checks miss). With --rest, the
jasyncio kernels are measured again after that many seconds idle (a kernel idle for 60 s lets
go of its compilers' contexts: Kernel.REST_MILLIS).
"""
import argparse, glob, json, os, statistics, subprocess, sys, time

from proc_memory import rss_pss_mib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LESSONS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))


def choose_lessons(letters):
    """The lessons whose names start with one of these letters ("a,b,c"), or all of them."""
    global LESSONS
    if letters:
        wanted = tuple(letters.split(","))
        LESSONS = [path for path in LESSONS if os.path.basename(path).startswith(wanted)]
# ipykernel's peer work: asyncio cells of the lessons' kinds (tasks, timers, gather, cancel)
PY_CELLS = [
    "import asyncio, time\nticks = []",
    "async def tick(n):\n    await asyncio.sleep(0.001)\n    ticks.append(n)\n    return n",
    "await asyncio.gather(*(tick(i) for i in range(20)))",
    "t = asyncio.get_running_loop().create_task(tick(99))\nawait t\nlen(ticks)",
    "try:\n    await asyncio.wait_for(asyncio.sleep(1), 0.01)\nexcept TimeoutError:\n    print('timed out')",
    "x{n} = [i * i for i in range({n})]\nsum(x{n})",
]


def worker(kind, kernel, letters=None):
    """One learner: a kernel, the lessons (or the Python cells), then waits for the parent to measure."""
    sys.path.insert(0, os.path.join(ROOT, "notebooks"))
    choose_lessons(letters)
    import nbformat
    from jupyter_client import KernelManager
    started = time.monotonic()
    failures, cells, restarts = [], 0, 0
    km = None
    try:
        if kind == "jasyncio":
            import run_notebooks
            from nbclient import NotebookClient
            from nbclient.exceptions import CellExecutionError
            # the lessons as one notebook: one kernel and one client run them in order
            for attempt in (1, 2):
                lessons = [nbformat.read(path, as_version=4) for path in LESSONS]
                nb = lessons[0]
                origin = [os.path.basename(LESSONS[0])] * len(nb.cells)
                for path, lesson in zip(LESSONS[1:], lessons[1:]):
                    nb.cells += lesson.cells
                    origin += [os.path.basename(path)] * len(lesson.cells)
                client = NotebookClient(nb, kernel_name=kernel, timeout=run_notebooks.CELL_TIMEOUT, startup_timeout=90,
                                        resources={"metadata": {"path": os.path.dirname(LESSONS[0])}})
                try:
                    client.execute(cleanup_kc=False)
                except CellExecutionError as e:
                    failures.append(f"{str(e).strip().splitlines()[-1:]}")
                except RuntimeError as e:
                    # jupyter_client picks the ports and the kernel binds them: with ten kernels
                    # starting at once, another process can take one in between (EADDRINUSE). Jupyter
                    # would restart the kernel; so does this, once, and says so.
                    if attempt == 1 and "died before replying" in str(e):
                        restarts += 1
                        continue
                    raise
                break
            km = client.km
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    cells += 1
                    failures += [f"{origin[index]} cell {index}: {f}" for f in run_notebooks.check_cell(cell)]
        else:
            km = KernelManager(kernel_name="python3")
            km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=90)
            lesson_cells = sum(sum(c.cell_type == "code" for c in nbformat.read(p, as_version=4).cells) for p in LESSONS)
            for n in range(lesson_cells):
                code = PY_CELLS[min(n, len(PY_CELLS) - 1)].replace("{n}", str(n))
                reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
                cells += 1
                if reply["content"]["status"] != "ok":
                    failures.append(f"cell {n}: {reply['content'].get('ename')}")
            kc.stop_channels()
        print(json.dumps({"pid": km.provisioner.process.pid, "seconds": time.monotonic() - started,
                          "cells": cells, "failures": failures,
                          "restarts": restarts}), flush=True)
        sys.stdin.read()  # the parent closes it once it has measured every kernel
    finally:
        if km is not None:
            shutdown = km.shutdown_kernel(now=True)
            if hasattr(shutdown, "__await__"):  # nbclient's manager is the asynchronous one
                import asyncio
                asyncio.get_event_loop().run_until_complete(shutdown)


def lab(kind, count, kernel, rest=0, letters=None):
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", kind, "--kernel", kernel]
                              + (["--lessons", letters] if letters else []),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(count)]
    started = time.monotonic()
    results = []
    for p in procs:
        line = p.stdout.readline()
        if line.strip():
            results.append(json.loads(line))
        else:  # the worker died (its traceback is above): measured without it, and said
            results.append({"pid": None, "cells": 0, "restarts": 0, "failures": ["a learner's kernel could not be run"]})
    wall = time.monotonic() - started
    load = os.getloadavg()[0]
    memory = [rss_pss_mib(r["pid"]) for r in results if r["pid"]]
    rested = None
    if rest and kind == "jasyncio":
        # as a lab's kernels are most of the time: idle while their learners read (Kernel.REST_MILLIS)
        time.sleep(rest)
        rested = [rss_pss_mib(r["pid"]) for r in results if r["pid"]]
    for p in procs:
        p.stdin.close()
    for p in procs:
        p.wait(timeout=120)
    pss = [m["pss"] for m in memory]
    rss = [m["rss"] for m in memory]
    failures = [f for r in results for f in r["failures"]]
    print(f"{kind}: {count} kernels, {max(r['cells'] for r in results)} cells each, all done in {wall:.1f} s (load {load:.1f}); "
          f"PSS a kernel median {statistics.median(pss):.0f} MiB (max {max(pss):.0f}), {sum(pss):.0f} MiB in all; "
          f"RSS a kernel median {statistics.median(rss):.0f} MiB; {len(failures)} expectations missed; "
          f"{sum(r['restarts'] for r in results)} kernel(s) started again (a port taken at start)", flush=True)
    if rested:
        rpss = [m["pss"] for m in rested]
        print(f"{kind}: the same kernels {rest:.0f} s later, idle: PSS a kernel median {statistics.median(rpss):.0f} MiB "
              f"(max {max(rpss):.0f}), {sum(rpss):.0f} MiB in all; RSS a kernel median "
              f"{statistics.median(m['rss'] for m in rested):.0f} MiB", flush=True)
    for f in failures[:20]:
        print("  " + f)
    return {"kind": kind, "kernels": count, "seconds": wall, "load": load, "pss_mib": pss, "rss_mib": rss,
            "cells": max(r["cells"] for r in results), "failures": failures,
            "restarts": sum(r["restarts"] for r in results),
            "rested_pss_mib": [m["pss"] for m in rested] if rested else None}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", type=int, default=10)
    p.add_argument("--kernel", default="jasyncio", help="the jasyncio kernelspec's name")
    p.add_argument("--no-ipykernel", action="store_true")
    p.add_argument("--lessons", metavar="LETTERS", help="only these lessons, by letter: a,b,c,d,e,f (the first six); default all")
    p.add_argument("--rest", type=float, default=0, metavar="SECONDS",
                   help="measure the jasyncio kernels again after SECONDS idle (a kernel rests after 60 s: Kernel.REST_MILLIS)")
    p.add_argument("--json")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        worker(a.worker, a.kernel, a.lessons)
        return
    results = [lab("jasyncio", a.kernels, a.kernel, a.rest, a.lessons)]
    if not a.no_ipykernel:
        results.append(lab("ipykernel", a.kernels, a.kernel, 0, a.lessons))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    sys.exit(1 if results[0]["failures"] else 0)


if __name__ == "__main__":
    main()
