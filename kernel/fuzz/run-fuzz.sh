#!/bin/sh
# The long run of the wire fuzzer (kernel/src/test/java/jasyncio/kernel/WireFuzzer.java):
# COUNT hostile messages with SEED against a fresh kernel process, then one huge frame of each
# HUGE_MB given (default: three of 100 MB). Prints one line of figures; exits non-zero on a
# violation (a forged or replayed cell ran, an answer to a dropped message, a missed heartbeat,
# a log flood, or a wrong result afterwards).
#   kernel/fuzz/run-fuzz.sh [COUNT=100000] [SEED=1] [HUGE_MB...]
set -e
COUNT=${1:-100000}
SEED=${2:-1}
[ $# -ge 2 ] && shift 2 || shift $#
cd "$(dirname "$0")/../.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
mvn -B -q -o -pl loop,kernel -am package -DskipTests
exec "$JAVA_HOME/bin/java" -Xmx1g --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED \
    -cp kernel/target/test-classes:kernel/target/jasyncio-kernel.jar \
    jasyncio.kernel.WireFuzzer "$COUNT" "$SEED" "$@"
