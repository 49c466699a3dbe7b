#!/usr/bin/python3
"""Installs or removes the jasyncio kernelspec with jupyter_client's KernelSpecManager.

  kernelspec.py install --java /path/to/java --jar kernel.jar [--user | --sys-prefix | --prefix DIR]
                        [--name jasyncio] [--no-class-data]
  kernelspec.py uninstall [--name jasyncio]

The kernelspec folder gets kernel.json, the logos and a copy of the kernel jar, so the
installed kernel does not depend on the clone it was built from; and the kernel's class data
(jasyncio-kernel.jsa, made by a training run: see class_data.py), which kernel.json maps
read-only at start. Installing again keeps the class data when the jar's content, the java and
the JVM flags are the ones it was made from, and makes it again otherwise.
"""
import argparse, json, os, shutil, sys, tempfile

from jupyter_client.kernelspec import KernelSpecManager

import class_data

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
    # A full collection (the HeapTrimmer's, the rest's of an idle kernel) gives the free part of
    # the old generation back at once, not 0%, 10%, 40% of it on successive ones.
    "-XX:-ShrinkHeapInSteps",
]


# ---- class data (start-up): the archive made by the installer, read-only at run time ----

def class_data_flags(archive):
    """Maps the installer's archive (class_data.py) at start. A missing or stale archive (another
    jar, another JDK build, other flags) is refused by the JVM, which then starts without it and
    says why on stderr, the kernel's log (as does the kernel: ClassData.java); never a crash."""
    return ["-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
            # Mapped where it was made to be, not relocated (HotSpot's default since JDK 20, for
            # ASLR): relocating writes its pointers, so 25 of its 31 resident MiB became private
            # to each kernel; mapped in place, 11 are, and the rest is shared between kernels.
            "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
            "-Xlog:cds*=off", "-Xlog:aot*=off", "-Xlog:cds*=warning,aot*=warning:stderr",  # on stderr, not stdout
            "-Djasyncio.classData=" + archive]


def install_class_data(java, jar, dest, kept):
    """The archive in DEST for this jar: the one kept from the last install when still current, else a new one."""
    archive = os.path.join(dest, class_data.ARCHIVE_NAME)
    if kept:
        for name in os.listdir(kept):
            os.replace(os.path.join(kept, name), os.path.join(dest, name))
        os.rmdir(kept)
        class_data.adopt(archive, jar)  # same content: the jar gets the mtime the archive was made with
        print(f"  class data: {archive} is current (same jar, java and flags): kept")
    else:
        class_data.make(java, jar, JVM_FLAGS, archive)
    return archive


def keep_current_class_data(dest, java, jar):
    """Moves a current archive out of DEST (which the install replaces) into a folder beside it; returns it, or None."""
    archive = os.path.join(dest, class_data.ARCHIVE_NAME)
    if not class_data.is_current(archive, java, jar, JVM_FLAGS):
        return None
    kept = tempfile.mkdtemp(prefix=".jasyncio-class-data-", dir=os.path.dirname(dest))
    for path in (archive, class_data.stamp_path(archive)):
        os.replace(path, os.path.join(kept, os.path.basename(path)))
    return kept


# ---- kernel.json ----

def kernel_json(java, jar, archive=None):
    """The kernelspec; ARCHIVE: the class data it starts from (class_data_flags), or None."""
    argv = [java] + JVM_FLAGS
    if archive:
        argv += class_data_flags(archive)
    argv += ["-jar", jar, "{connection_file}"]
    return {
        "argv": argv,
        "display_name": "Java (jasyncio)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {},
        "metadata": {"debugger": False},
    }


def write_kernel_json(dest, spec):
    tmp = os.path.join(dest, ".kernel.json.tmp")
    with open(tmp, "w") as f:
        json.dump(spec, f, indent=1)
    os.chmod(tmp, 0o644)
    os.replace(tmp, os.path.join(dest, "kernel.json"))  # a front end reading it meanwhile sees one or the other


def install(a):
    java = os.path.abspath(a.java)
    if not os.access(java, os.X_OK):
        sys.exit(f"kernelspec.py: {java} is not an executable java")
    ksm = KernelSpecManager()
    dest = ksm._get_destination_dir(a.name, user=a.user, prefix=a.prefix)
    kept = keep_current_class_data(dest, java, a.jar) if a.class_data else None
    with tempfile.TemporaryDirectory() as staging:
        spec_dir = os.path.join(staging, a.name)
        os.makedirs(spec_dir)
        for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
            shutil.copy(os.path.join(HERE, "kernelspec", logo), spec_dir)
        shutil.copy(a.jar, os.path.join(spec_dir, "jasyncio-kernel.jar"))
        with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
            json.dump(kernel_json(java, "JAR"), f)  # a placeholder until the final place is known
        for path, mode in ((spec_dir, 0o755), (os.path.join(spec_dir, "jasyncio-kernel.jar"), 0o644)):
            os.chmod(path, mode)  # other users' kernels read it (--sys-prefix, --prefix)
        dest = ksm.install_kernel_spec(spec_dir, a.name, user=a.user, prefix=a.prefix)
    jar = os.path.join(dest, "jasyncio-kernel.jar")
    write_kernel_json(dest, kernel_json(java, jar))  # usable at once; the class data comes next
    print(f"installed kernelspec '{a.name}' in {dest}")
    print(f"  java: {java}")
    if a.class_data:
        try:
            archive = install_class_data(java, jar, dest, kept)
        except class_data.TrainingError as e:
            sys.exit(f"kernelspec.py: the class data could not be made (the kernel is installed without it):\n{e}")
        write_kernel_json(dest, kernel_json(java, jar, archive))


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
    i.add_argument("--no-class-data", dest="class_data", action="store_false",
                   help="no training run: the kernel starts without class data (about twice as slow to its first cell)")
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
