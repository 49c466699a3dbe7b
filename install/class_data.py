#!/usr/bin/python3
"""The kernel's class data: a static CDS archive with ahead-of-time linked classes (JEP 483),
made once by the installer from a training run of the kernel, read-only afterwards.

    class_data.py make --java JAVA --jar JAR --out ARCHIVE [--flags JSON]   (what the installer does)
    class_data.py check --java JAVA --jar JAR --archive ARCHIVE              (is it current? exit 0/1)

How it is made (make):
  1. training: the kernel JVM, with the kernelspec's JVM flags and -XX:DumpLoadedClassList, runs a
     scripted session through jupyter_client (TRAINING below: cells, an await, tasks, magics, a
     %%trace, errors, completion, inspection), then is shut down; the list of every class it loaded
     (lambda forms and lambda proxies included) is the result;
  2. the dump: java -Xshare:dump -XX:SharedClassListFile=LIST -XX:+AOTClassLinking with the same
     flags and the jar, into a temporary file beside ARCHIVE;
  3. the check: a JVM with -Xshare:on must map it and load the kernel's Main from it;
  4. it replaces ARCHIVE atomically (a kernel that has the old one mapped keeps it), and a stamp,
     ARCHIVE.json, records what it was made from: the jar's SHA-256, size and mtime, the java
     binary and its -version text, the JVM flags, the training's figures.

Why a static archive and not JDK 25's -XX:AOTCacheOutput cache: both hold the same loaded and
linked classes (the kernel runs C1 only, so the AOT cache's method profiles would be unused) and
start the kernel equally fast here, but HotSpot 25 does not check an AOT cache against the jar it
was made from (JDK-8377932: the app class path is not validated for a cache assembled by
-XX:AOTMode=create), so a cache left from another build would run that build's classes; the static
archive is checked (the jar's size and mtime): a stale one is refused, the kernel starts without it
and the JVM says so ("shared class paths mismatch"), as does the kernel's own log (ClassData.java).

The kernel never writes class data at run time (-XX:+AutoCreateSharedArchive, which kernels used
before, rewrote a shared file at every exit while other kernels mapped it).
"""
import argparse, datetime, hashlib, json, os, re, shutil, subprocess, sys, tempfile, time

ARCHIVE_NAME = "jasyncio-kernel.jsa"
FORMAT = 1

# The training session: what a lesson does, in a few seconds. Each cell: (code, expected status).
TRAINING = [
    ('System.out.println("Hello from Java " + Runtime.version());\ncurrentTask()', "ok"),
    ("1 + 1", "ok"),
    ("int x = 3;\nx * 2", "ok"),
    ('String s = "a" + x;\ns.length()', "ok"),
    ('var greeting = await(sleep(0.01, "awaited"));\ngreeting', "ok"),
    ("var ticks = new java.util.concurrent.atomic.AtomicInteger();\n"
     "var ticker = createTask(async(() -> {\n    while (true) {\n        ticks.incrementAndGet();\n"
     "        await(sleep(0.005));\n    }\n}), \"ticker\");\n\"started \" + ticker.getName()", "ok"),
    ("await(sleep(0.03));\nticks.get() > 0", "ok"),
    ("%tasks", "ok"),
    ("ticker.cancel();\nawait(sleep(0));\nticker", "ok"),
    ("run(async(() -> 42))", "error"),  # a loop is running: asyncio.run refuses too
    ('await(toThread(() -> run(async("main", () -> { await(sleep(0.01)); return 42; }))))', "ok"),
    ("var f = loop().<Integer>createFuture();\nvar asks = async(\"asks\", () -> 1 + await(f));\n"
     "Object waitingOn = asks.send(null);\nf.setResult(41);\n"
     "try { asks.send(null); } catch (StopIteration stop) { System.out.println(stop.value()); }", "ok"),
    ("record Point(int x, int y) {\n    double norm() { return Math.sqrt(x * x + y * y); }\n}\n"
     "new Point(3, 4).norm()", "ok"),
    ("int square(int n) { return n * n; }\nsquare(7)", "ok"),
    ("var names = List.of(\"b\", \"a\", \"c\");\n"
     "names.stream().sorted().map(String::toUpperCase).collect(java.util.stream.Collectors.joining(\",\"))", "ok"),
    ("await(gather(createTask(async(() -> { await(sleep(0.01)); return 1; })),\n"
     "            createTask(async(() -> { await(sleep(0.02)); return 2; }))))", "ok"),
    ("%%trace --cpython\nawait(sleep(0.001));", "ok"),
    ('%%trace\nvar t = createTask(async("work", () -> { await(sleep(0)); return 1; }), "traced");\nawait(t)', "ok"),
    ('%run_until_complete async("main", () -> { await(sleep(0.001)); return 42; })', "ok"),
    ("%time square(12)", "ok"),
    ("%lsmagic", "ok"),
    ('display("text/html", "<b>bold</b>");\nvar h = display("one");\nh.update("two");', "ok"),
    ('Map<String, Integer> counts = new HashMap<>();\nfor (String w : "a b a".split(" ")) counts.merge(w, 1, Integer::sum);\ncounts', "ok"),
    ("await(waitFor(sleep(1), 0.01))", "error"),
    ('throw new IllegalStateException("boom")', "error"),
    ("int broken = ;", "error"),
    ("undefinedName + 1", "error"),
    ("int x = 5;\nx", "ok"),
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    return out.stderr.strip()


def stamp_path(archive):
    return archive + ".json"


def wanted_stamp(java, jar, flags):
    """What the archive for this java, jar and these flags must have been made from."""
    return {"format": FORMAT, "jar_sha256": sha256(jar), "java": os.path.abspath(java),
            "java_version": java_version(java), "jvm_flags": list(flags)}


def is_current(archive, java, jar, flags):
    """Whether ARCHIVE exists and its stamp says it was made from this jar's content, java and flags."""
    try:
        with open(stamp_path(archive)) as f:
            stamp = json.load(f)
    except (OSError, ValueError):
        return False
    if not os.path.isfile(archive):
        return False
    want = wanted_stamp(java, jar, flags)
    return all(stamp.get(k) == v for k, v in want.items())


def adopt(archive, jar):
    """Gives JAR (same content as the archive's) the mtime the archive was made with: the JVM checks it."""
    with open(stamp_path(archive)) as f:
        stamp = json.load(f)
    os.utime(jar, ns=(stamp["jar_mtime_ns"], stamp["jar_mtime_ns"]))


def _log_tail(path, lines=40):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


class TrainingError(RuntimeError):
    pass


def wait_for_kernel_info(kc, proc, timeout):
    """kernel_info_request until it is answered (resent every second, as a front end does)."""
    from queue import Empty
    deadline = time.monotonic() + timeout
    while True:
        msg_id = kc.kernel_info()
        try:
            while kc.get_shell_msg(timeout=1)["parent_header"].get("msg_id") != msg_id:
                pass
            break
        except Empty:
            if proc.poll() is not None:
                raise TrainingError(f"the kernel exited ({proc.returncode}) before it answered kernel_info")
            if time.monotonic() > deadline:
                raise TrainingError(f"no kernel_info_reply in {timeout} s")
    while True:  # iopub is subscribed once a kernel_info's status comes through it
        msg_id = kc.kernel_info()
        try:
            while kc.get_iopub_msg(timeout=1)["parent_header"].get("msg_id") != msg_id:
                pass
            return
        except Empty:
            if time.monotonic() > deadline:
                raise TrainingError("iopub never answered")


def train(java, jar, flags, classlist, log_path, timeout=120):
    """Runs the kernel through TRAINING with -XX:DumpLoadedClassList=CLASSLIST; returns figures."""
    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    work = os.path.dirname(classlist)
    conn, _ = write_connection_file(os.path.join(work, "training-kernel.json"), ip="127.0.0.1",
                                    key=os.urandom(16).hex().encode())
    argv = [java] + list(flags) + ["-XX:DumpLoadedClassList=" + classlist, "-jar", jar, conn]
    env = {k: v for k, v in os.environ.items() if k not in ("JPY_PARENT_PID", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")}
    started = time.monotonic()
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env)
    kc = BlockingKernelClient(connection_file=conn)
    kc.load_connection_file()
    kc.start_channels(hb=False)
    failures = []
    try:
        wait_for_kernel_info(kc, proc, timeout)
        for code, expected in TRAINING:
            if proc.poll() is not None:
                raise TrainingError(f"the kernel exited ({proc.returncode}) during training")
            reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
            status = reply["content"]["status"]
            if status != expected:
                failures.append(f"{code.splitlines()[0]!r}: {status} ({reply['content'].get('evalue', '')}), expected {expected}")
        for request in (lambda: kc.complete("Str", 3), lambda: kc.complete("List.of(1).str", 14),
                        lambda: kc.inspect("String", 3), lambda: kc.is_complete("for (int i = 0;"),
                        lambda: kc.history(hist_access_type="tail", n=5)):
            msg_id = request()
            while kc.get_shell_msg(timeout=timeout)["parent_header"].get("msg_id") != msg_id:
                pass
        kc.shutdown()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TrainingError("the kernel did not exit after shutdown_request")
    finally:
        kc.stop_channels()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        try:
            os.remove(conn)
        except OSError:
            pass
    if failures:
        raise TrainingError("training cells did not answer as expected:\n  " + "\n  ".join(failures))
    with open(classlist, errors="replace") as f:
        classes = sum(1 for line in f if line.strip() and not line.startswith("#"))
    return {"cells": len(TRAINING), "seconds": round(time.monotonic() - started, 1), "classlist_lines": classes}


def dump(java, jar, flags, classlist, archive, log_path):
    argv = [java] + list(flags) + ["-Xshare:dump", "-XX:SharedClassListFile=" + classlist,
                                   "-XX:SharedArchiveFile=" + archive, "-XX:+AOTClassLinking", "-cp", jar]
    with open(log_path, "ab") as log:
        rc = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, timeout=600).returncode
    if rc != 0 or not os.path.isfile(archive):
        raise TrainingError(f"-Xshare:dump failed (exit {rc})")


def verify(java, jar, flags, archive):
    """A JVM must map the archive (-Xshare:on fails otherwise) and find the kernel's Main in it."""
    argv = [java] + list(flags) + ["-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                                   "-Xlog:class+load=info", "-jar", jar]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if not re.search(r"jasyncio\.kernel\.Main source: shared objects file", out.stdout):
        raise TrainingError("the archive made cannot be used:\n" + (out.stdout + out.stderr)[-3000:])


def make(java, jar, flags, archive, log=print):
    """Makes ARCHIVE (and its stamp) for this java, jar and flags; returns the stamp."""
    java = os.path.abspath(java)
    folder = os.path.dirname(os.path.abspath(archive))
    want = wanted_stamp(java, jar, flags)
    with tempfile.TemporaryDirectory(prefix="jasyncio-training-") as work:
        classlist = os.path.join(work, "kernel.classlist")
        log_path = os.path.join(work, "training.log")
        tmp = tempfile.NamedTemporaryFile(dir=folder, prefix="." + os.path.basename(archive) + ".", delete=False)
        tmp.close()
        os.remove(tmp.name)  # -Xshare:dump writes it
        try:
            log(f"  training run: the kernel runs {len(TRAINING)} cells, magics and requests ...")
            figures = train(java, jar, flags, classlist, log_path)
            dump(java, jar, flags, classlist, tmp.name, log_path)
            verify(java, jar, flags, tmp.name)
        except (TrainingError, subprocess.TimeoutExpired) as e:
            if os.path.exists(tmp.name):
                os.remove(tmp.name)
            raise TrainingError(f"{e}\n--- the end of {log_path}:\n{_log_tail(log_path)}") from None
        os.chmod(tmp.name, 0o644)
        os.replace(tmp.name, archive)  # atomic: a kernel starting now maps the old file or the new one
    st = os.stat(jar)
    stamp = dict(want, archive=os.path.basename(archive), archive_bytes=os.path.getsize(archive),
                 jar=os.path.abspath(jar), jar_size=st.st_size, jar_mtime_ns=st.st_mtime_ns,
                 made_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                 training=figures)
    tmp_stamp = stamp_path(archive) + ".tmp"
    with open(tmp_stamp, "w") as f:
        json.dump(stamp, f, indent=1)
    os.chmod(tmp_stamp, 0o644)
    os.replace(tmp_stamp, stamp_path(archive))
    log(f"  class data: {archive} ({stamp['archive_bytes'] / 2**20:.0f} MiB, {figures['classlist_lines']} classes, "
        f"training {figures['seconds']} s)")
    return stamp


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("make", "check"):
        s = sub.add_parser(name)
        s.add_argument("--java", required=True)
        s.add_argument("--jar", required=True)
        s.add_argument("--flags", help="JSON list of JVM flags (default: the kernelspec's)")
        s.add_argument("--out" if name == "make" else "--archive", required=True, dest="archive")
    a = p.parse_args()
    if a.flags:
        flags = json.loads(a.flags)
    else:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from kernelspec import JVM_FLAGS as flags
    if a.command == "make":
        try:
            make(a.java, a.jar, flags, a.archive)
        except TrainingError as e:
            sys.exit(f"class_data.py: {e}")
    else:
        current = is_current(a.archive, a.java, a.jar, flags)
        print("current" if current else "stale or missing")
        sys.exit(0 if current else 1)


if __name__ == "__main__":
    main()
