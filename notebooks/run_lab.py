#!/usr/bin/python3
"""A teaching lab on one machine: N learners run the six lessons at once, each in kernels of
its own, and every expectation of every lesson is counted.

    notebooks/run_lab.py [--clients 10] [--kernel jasyncio] [--save DIR] [NOTEBOOK.ipynb ...]

Each client is a process that executes the lessons (notebooks/*.ipynb, or those named) one
after the other, in order, as a learner would, with the installed kernel through nbclient (what
run_notebooks.py does for one client): a fresh kernel per lesson, so N kernels run at once.
All clients start together. At the end it prints, per lesson, how many clients met every
expectation, the expectations met of all those checked, and the median and slowest time; then
each expectation that failed anywhere, with the number of clients it failed for; then the total
and the wall time of the whole lab. Exit status 0 when every expectation held for every client.
"""
import argparse, glob, multiprocessing, os, statistics, sys, time
from concurrent.futures import ProcessPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_notebooks  # noqa: E402


def one_client(client, paths, kernel, save):
    """One learner: every lesson in order; a list of (lesson, result dict)."""
    results = []
    for path in paths:
        target = os.path.join(save, f"client-{client:02d}") if save else None
        try:
            result = run_notebooks.run_counted(path, kernel, save=target)
        except Exception as e:  # a kernel that did not start, a client that broke: counted, not hidden
            nb = run_notebooks.nbformat.read(path, as_version=4)
            result = {"failures": [f"the run failed: {e!r}"], "seconds": 0.0, "met": 0,
                      "expectations": run_notebooks.expectations_of(nb),
                      "failed_expectations": [(-1, f"the run failed: {type(e).__name__}")]}
        results.append((os.path.basename(path), result))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--clients", type=int, default=10, help="learners at once (default 10)")
    parser.add_argument("--kernel", default=run_notebooks.KERNEL)
    parser.add_argument("--save", metavar="DIR", help="write each client's executed notebooks to DIR/client-NN")
    args = parser.parse_args()
    paths = args.notebooks or sorted(glob.glob(os.path.join(HERE, "*.ipynb")))
    if not paths or args.clients < 1:
        sys.exit("run_lab: no notebooks, or fewer than one client")
    load = os.getloadavg()
    print(f"lab: {args.clients} clients x {len(paths)} lessons, kernel {args.kernel!r}, "
          f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    started = time.monotonic()
    spawn = multiprocessing.get_context("spawn")  # each client its own interpreter: nbclient, zmq and asyncio are per process
    with ProcessPoolExecutor(max_workers=args.clients, mp_context=spawn) as pool:
        futures = [pool.submit(one_client, c, paths, args.kernel, args.save) for c in range(args.clients)]
        clients = [f.result() for f in futures]
    wall = time.monotonic() - started

    total_met = total_checked = 0
    failed = {}  # (lesson, cell, line) -> clients
    print(f"\n| lesson | clients with every expectation met | expectations met | median s | slowest s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for i, path in enumerate(paths):
        lesson = os.path.basename(path)
        runs = [client[i][1] for client in clients]
        met = sum(r["met"] for r in runs)
        checked = sum(r["expectations"] for r in runs)
        clean = sum(1 for r in runs if not r["failures"])
        seconds = [r["seconds"] for r in runs]
        total_met += met
        total_checked += checked
        for r in runs:
            for cell, line in r["failed_expectations"]:
                failed[(lesson, cell, line)] = failed.get((lesson, cell, line), 0) + 1
            for line in r["failures"]:
                if line.startswith("cell ") and "unexpected error" in line.splitlines()[0]:
                    key = (lesson, int(line.split()[1].rstrip(":")), line.splitlines()[0].split(": ", 1)[1])
                    failed[key] = failed.get(key, 0) + 1
        print(f"| {lesson} | {clean}/{len(runs)} | {met}/{checked} | {statistics.median(seconds):.1f} | {max(seconds):.1f} |")
    if failed:
        print("\nwhat failed (lesson, cell: expectation, for how many clients):")
        for (lesson, cell, line), n in sorted(failed.items()):
            print(f"  {lesson}, cell {cell}: {line[:300]}  [{n} of {args.clients}]")
    load = os.getloadavg()
    print(f"\nlab: {total_met} of {total_checked} expectations met ({args.clients} clients x {len(paths)} lessons), "
          f"wall time {wall:.1f} s, load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    sys.exit(0 if total_met == total_checked and not failed else 1)


if __name__ == "__main__":
    main()
