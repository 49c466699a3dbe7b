#!/bin/sh
# The loop benchmark: jasyncio's EventLoop on the workloads of ../shared/bench/asyncio_bench.py,
# then that script under /usr/bin/python3 in the same run, and a table of the two.
#   loop/bench/run-loop-bench.sh [--runs 5] [--warmup 10] [--only call_soon,chain] [--python-runs 3]
#                                [--uvloop | --no-uvloop] [--no-python] [--asyncio-bench PATH]
# uvloop is measured beside asyncio whenever /usr/bin/python3 can import it (python3-uvloop).
# The JVM runs with the kernel's flags (install/kernelspec.py: the Continuation export, Serial GC)
# and a fixed heap. BENCH_HEAP overrides the heap (default 2g); BENCH_JAVA_OPTS adds JVM flags
# (e.g. -XX:+UseG1GC for another collector); JASYNCIO_ASYNCIO_BENCH gives the Python script's path.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)

. "$root/install/jdk.sh"
jdk=$JAVA_HOME
cd "$root"
case "$BENCH_JAVA_OPTS" in
    *-XX:+Use*GC*) gc= ;;   # a collector chosen in BENCH_JAVA_OPTS replaces the kernel's
    *) gc=-XX:+UseSerialGC ;;
esac
JAVA_HOME=$jdk mvn -B -q -o -pl loop test-compile
exec "$jdk/bin/java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED $gc \
    -Xms"${BENCH_HEAP:-2g}" -Xmx"${BENCH_HEAP:-2g}" -Xss16m $BENCH_JAVA_OPTS \
    -cp "$root/loop/target/classes:$root/loop/target/test-classes" \
    jasyncio.loop.bench.LoopBenchmark "$@"
