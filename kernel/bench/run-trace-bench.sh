#!/bin/sh
# What %%trace costs the loop: workloads with tracing off, recording to memory, and formatting lines.
#   kernel/bench/run-trace-bench.sh [runs]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$root"
JAVA_HOME=$jdk mvn -B -q -o -pl loop,kernel test-compile
exec "$jdk/bin/java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xss16m \
    -cp "$root/loop/target/classes:$root/kernel/target/classes:$root/kernel/target/test-classes" \
    jasyncio.kernel.magic.TraceBenchmark "$@"
