#!/usr/bin/env bash
# The long part of the reliability suite, on demand (install/run-tests.sh runs the fast part):
#   1. the wire fuzzer: 100,000 hostile messages and three 100 MB frames against one kernel;
#   2. a cell printing 10,000,000 lines, all of which must arrive in order;
#   3. the soak: 10,000 session cells in one kernel, a row of figures every 1,000 (memory and
#      round trip must stay flat), then 50 restarts that must leave no process, port or thread.
# Each prints its figures and fails the run when its check fails. About 45 minutes here.
#   install/run-long-tests.sh [--cells N] [--every K] [--restarts R]   (options go to the soak)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
"$here/ensure-jupyter.sh" --tests
. "$here/jdk.sh"
cd "$root"

mvn -B -q -DskipTests package # fetches what the offline builds below need, on a fresh machine

echo "== 1. wire fuzzer: 100,000 messages, seed 1"
kernel/fuzz/run-fuzz.sh 100000 1

echo "== 2. a cell printing 10,000,000 lines"
mvn -B -q -pl loop,kernel -am test -Dtest='CellFaultsTest#tenMillionPrintedLines' \
    -Djasyncio.tenMillionLines=true -Dsurefire.failIfNoSpecifiedTests=false

echo "== 3. soak: a long session, then restarts"
kernel/soak/run-soak.sh "$@"
