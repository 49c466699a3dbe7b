#!/usr/bin/python3
"""Installs or removes the jasyncio kernelspec with jupyter_client's KernelSpecManager.

  kernelspec.py install --java /path/to/java --jar kernel.jar [--user | --sys-prefix | --prefix DIR] [--name jasyncio]
  kernelspec.py uninstall [--name jasyncio]

The kernelspec folder gets kernel.json, the logos and a copy of the kernel jar, so the
installed kernel does not depend on the clone it was built from.
"""
import argparse, json, os, shutil, sys, tempfile

from jupyter_client.kernelspec import KernelSpecManager

HERE = os.path.dirname(os.path.abspath(__file__))
JVM_FLAGS = [
    "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",  # coroutines on jdk.internal.vm.Continuation
    "--add-opens=java.base/java.lang=ALL-UNNAMED",          # each coroutine keeps its own ScopedValue bindings
    "-XX:+UseSerialGC",                                       # small footprint, quick start; the kernel is one loop thread
    # A cell's cost is JShell's compiler: C1 alone compiles it well enough, and sparing C2's
    # compilations of javac cuts the first cell from ~4 s to ~1.5 s and resident memory by a
    # third on 2 cores. Remove it from kernel.json for C2-compiled hot loops in long cells.
    "-XX:TieredStopAtLevel=1",
    # javac's methods run once or a few times a cell: at the default thresholds C1 compiles them
    # only after a few hundred cells, and until then they run interpreted. A tenth of the
    # thresholds compiles them in the first cells: a third less CPU a cell over the first 200.
    "-XX:CompileThresholdScaling=0.1",
    # Memory (a lab runs a kernel per learner): objects with 8-byte headers (JEP 519) hold the
    # heap 8% smaller; a young generation of at most 12 MB (it grew to 28 MB, all of it
    # touched) costs no more CPU, as a cell's compilation leaves little alive for the copy;
    # the old generation gives memory back after a big cell (HeapTrimmer collects it when idle).
    "-XX:+UseCompactObjectHeaders",
    "-Xms8m", "-XX:MaxNewSize=12m", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=20",
    "-Xshare:auto", "-Xlog:cds*=off", "-Xlog:aot*=off",      # the class-data archive, without its log lines
]


def kernel_json(java, jar, archive):
    argv = [java] + JVM_FLAGS
    # A class-data archive of the kernel's classes (JShell's compiler above all), made on the
    # first run and reused after, roughly halves start-up.
    argv += ["-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive]
    argv += ["-jar", jar, "{connection_file}"]
    return {
        "argv": argv,
        "display_name": "Java (jasyncio)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {},
        "metadata": {"debugger": False},
    }


def install(a):
    java = os.path.abspath(a.java)
    if not os.access(java, os.X_OK):
        sys.exit(f"kernelspec.py: {java} is not an executable java")
    with tempfile.TemporaryDirectory() as staging:
        spec_dir = os.path.join(staging, a.name)
        os.makedirs(spec_dir)
        for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
            shutil.copy(os.path.join(HERE, "kernelspec", logo), spec_dir)
        shutil.copy(a.jar, os.path.join(spec_dir, "jasyncio-kernel.jar"))
        with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
            json.dump(kernel_json(java, "JAR", "JSA"), f)  # placeholders until the final place is known
        ksm = KernelSpecManager()
        dest = ksm.install_kernel_spec(spec_dir, a.name, user=a.user, prefix=a.prefix)
    spec = kernel_json(java, os.path.join(dest, "jasyncio-kernel.jar"), os.path.join(dest, "jasyncio.jsa"))
    with open(os.path.join(dest, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=1)
    print(f"installed kernelspec '{a.name}' in {dest}")
    print(f"  java: {java}")


def uninstall(a):
    ksm = KernelSpecManager()
    try:
        path = ksm.remove_kernel_spec(a.name)
    except KeyError:
        sys.exit(f"kernelspec.py: no kernelspec named '{a.name}' is installed")
    print(f"removed kernelspec '{a.name}' from {path}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    i = sub.add_parser("install")
    i.add_argument("--java", required=True)
    i.add_argument("--jar", required=True)
    i.add_argument("--name", default="jasyncio")
    where = i.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", default=None, help="in the user's Jupyter data dir (default)")
    where.add_argument("--sys-prefix", action="store_true", help="in sys.prefix of this Python")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels")
    u = sub.add_parser("uninstall")
    u.add_argument("--name", default="jasyncio")
    a = p.parse_args()
    if a.command == "install":
        if a.sys_prefix:
            a.prefix = sys.prefix
        a.user = a.prefix is None
        install(a)
    else:
        uninstall(a)


if __name__ == "__main__":
    main()
