#!/usr/bin/python3
"""What a cell costs a kernel, beside ipykernel, in rounds that alternate the kernels so that a
machine's changing load hits them alike:

    kernel/bench/cell_cost.py [--cells 200] [--rounds 3] [--jar JAR] [--flags '-XX:...']
        [--kernelspec DIR] [--also NAME JAR KERNELSPEC_DIR] [--cell trivial '1 + 1' '1 + 1' --cell declaration 'int x = 3;' 'x = 3' ...]

Each --cell is NAME JAVA PYTHON, three arguments ({n} in the code is the cell's number). For each cell kind and round, a fresh
kernel of each kind runs --warm cells, then --cells cells, one at a time through jupyter_client:
the round trip (execute_request sent -> status idle, as kernel_bench.py's b) p50 and p95, and the
kernel process's CPU time a cell (all its threads, from /proc; the loop thread's, or the Python
kernel's main thread, apart), which the machine's load disturbs far less than wall time. Then
its RSS and PSS (/proc/PID/smaps_rollup). Prints each round, then medians and the ratios to
ipykernel, with the load average. The jasyncio kernel runs with install/kernelspec.py's argv;
--also adds another build of it (another checkout's jar and kernelspec.py, e.g. main's) to the
same rounds, so that before and after are measured under the same load.
"""
import argparse, json, os, statistics, subprocess, sys, time

from proc_memory import rss_pss_mib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TCK = os.sysconf("SC_CLK_TCK")
CELLS = [("trivial", "1 + 1", "1 + 1"), ("declaration", "int x = 3;", "x = 3"),
         ("new name", "int x{n} = {n};", "x{n} = {n}")]


def thread_cpu(pid):
    """CPU seconds of each thread name of the process."""
    cpu = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended
        cpu[name] = cpu.get(name, 0) + (int(fields[11]) + int(fields[12])) / TCK
    return cpu


def measure(argv, code, cells, warm):
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpec
    if argv is None:
        km = KernelManager(kernel_name="python3")
        main_thread = "python3"
    else:
        km = KernelManager()
        km._kernel_spec = KernelSpec(argv=argv, display_name="jasyncio", language="java", interrupt_mode="message")
        main_thread = "jasyncio-loop"
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid
        for n in range(warm):
            kc.execute_interactive(code.replace("{n}", str(n)), timeout=60, output_hook=lambda m: None)
        before = thread_cpu(pid)
        times = []
        for n in range(warm, warm + cells):
            started = time.perf_counter()
            reply = kc.execute_interactive(code.replace("{n}", str(n)), timeout=60, output_hook=lambda m: None)
            times.append(time.perf_counter() - started)
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"cell {code!r} failed: {reply['content']}")
        after = thread_cpu(pid)
        mem = rss_pss_mib(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    times.sort()
    per_cell = {t: (after[t] - before.get(t, 0)) * 1e3 / cells for t in after}
    return {"p50_ms": times[len(times) // 2] * 1e3, "p95_ms": times[int(len(times) * 0.95)] * 1e3,
            "cpu_ms": sum(per_cell.values()), "main_thread_cpu_ms": per_cell.get(main_thread, 0.0),
            "rss_mib": mem["rss"], "pss_mib": mem["pss"], "load": os.getloadavg()[0]}


def jasyncio_argv(java, jar, archive, kernelspec_dir, flags):
    """The argv kernelspec.py (of kernelspec_dir) writes for this jar, with more flags before -jar."""
    import importlib.util
    if kernelspec_dir not in sys.path:
        sys.path.insert(0, kernelspec_dir)  # kernelspec.py imports class_data.py from its folder
    spec = importlib.util.spec_from_file_location("kernelspec_" + str(abs(hash(kernelspec_dir))),
                                                  os.path.join(kernelspec_dir, "kernelspec.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    argv = module.kernel_json(java, jar, archive or jar + ".jsa")["argv"]
    at = argv.index("-jar")
    argv[at:at] = flags.split()
    return argv


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cells", type=int, default=200)
    p.add_argument("--warm", type=int, default=25)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--jar", default=os.path.join(ROOT, "kernel", "target", "jasyncio-kernel.jar"))
    p.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java"))
    p.add_argument("--flags", default="", help="more JVM flags for the jasyncio kernel")
    p.add_argument("--archive", help="the class-data archive the kernelspec names (default: beside the jar)")
    p.add_argument("--kernelspec", default=os.path.join(ROOT, "install"),
                   help="the folder of the kernelspec.py whose flags the kernel runs with (another checkout's, to compare)")
    p.add_argument("--cell", action="append", nargs=3, metavar=("NAME", "JAVA", "PYTHON"),
                   help="a cell kind: its name, its Java code and its Python code ({n}: the cell's number)")
    p.add_argument("--also", action="append", nargs=3, metavar=("NAME", "JAR", "KERNELSPEC_DIR"), default=[],
                   help="another jasyncio build measured in the same rounds (its archive beside its jar)")
    p.add_argument("--json")
    a = p.parse_args()
    kernels = [("jasyncio", jasyncio_argv(a.java, a.jar, a.archive, a.kernelspec, a.flags))]
    kernels += [(name, jasyncio_argv(a.java, jar, None, spec, a.flags)) for name, jar, spec in a.also]
    kernels.append(("ipykernel", None))
    results = {}
    for name, java, python in a.cell or CELLS:
        for r in range(a.rounds):
            for kind, kargv in kernels:
                code = python if kargv is None else java
                m = measure(kargv, code, a.cells, a.warm)
                results.setdefault(name, {}).setdefault(kind, []).append(m)
                print(f"  {name} round {r} {kind}: " + ", ".join(f"{k} {v:.2f}" for k, v in m.items()), flush=True)
    print(f"\nmedians of {a.rounds} rounds, {a.cells} cells each after {a.warm} (load average now {os.getloadavg()[0]:.1f})")
    summary = {}
    for name, kinds in results.items():
        med = {kind: {k: statistics.median(m[k] for m in ms) for k in ms[0]} for kind, ms in kinds.items()}
        summary[name] = med
        i = med["ipykernel"]
        for kind, _ in kernels[:-1]:
            j = med[kind]
            print(f"{name:>12}: {kind} p50 {j['p50_ms']:.1f} ms p95 {j['p95_ms']:.1f} ms, CPU {j['cpu_ms']:.1f} ms a cell "
                  f"(loop thread {j['main_thread_cpu_ms']:.1f}) | ipykernel p50 {i['p50_ms']:.1f} p95 {i['p95_ms']:.1f} ms, "
                  f"CPU {i['cpu_ms']:.1f} | ratio p50 {j['p50_ms'] / i['p50_ms']:.2f}x, p95 {j['p95_ms'] / i['p95_ms']:.2f}x, "
                  f"CPU {j['cpu_ms'] / i['cpu_ms']:.2f}x; "
                  f"RSS {j['rss_mib']:.0f} vs {i['rss_mib']:.0f} MiB, PSS {j['pss_mib']:.0f} vs {i['pss_mib']:.0f} MiB")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rounds": results, "medians": summary}, f, indent=1)


if __name__ == "__main__":
    main()
