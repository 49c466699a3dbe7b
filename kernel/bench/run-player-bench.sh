#!/bin/sh
# What the %%trace player costs: recording (kernel/bench/run-trace-bench.sh), then for traces of
# ~10 thousand to ~1 million events the time to build the output and draw its PNG, the output's
# bytes, and the time headless Chromium takes to open the player (needs chromium, chromium-driver,
# python3-selenium: install/ensure-jupyter.sh --tests).
#   kernel/bench/run-player-bench.sh
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/install/jdk.sh"
jdk=$JAVA_HOME
cd "$root"
JAVA_HOME=$jdk mvn -B -q -o -pl loop,kernel test-compile
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
"$jdk/bin/java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xss16m -Djava.awt.headless=true \
    -cp "$root/loop/target/classes:$root/kernel/target/classes:$root/kernel/target/test-classes" \
    jasyncio.kernel.player.PlayerBenchmark "$pages"
/usr/bin/python3 "$root/kernel/bench/player_open_time.py" "$pages"/player-*.html
