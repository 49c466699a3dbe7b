#!/bin/sh
# The echo benchmark: jasyncio against CPython's asyncio and uvloop (Debian's python3-uvloop),
# the same server and client workload, measured one after another in this run; prints
# requests/s, p50/p99 latency and the ratios. Loopback only (127.0.0.1), bounded in time.
#   loop/bench/run-echo-bench.sh [--clients 10,100,1000] [--size 64] [--warmup 1] [--seconds 3]
# Set ONE_CPU=1 to pin every process to one CPU (the JVM's compiler and GC threads then share it).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/install/jdk.sh"
cd "$root"
mvn -B -q -o -pl loop test-compile
cp="$root/loop/target/classes:$root/loop/target/test-classes"
pin=""
if [ "${ONE_CPU:-0}" = 1 ]; then pin="taskset -c 0"; fi
exec $pin "$JAVA" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xss16m -cp "$cp" \
    jasyncio.loop.bench.EchoBenchmark --python /usr/bin/python3 --script "$root/loop/bench/echo_bench.py" "$@"
