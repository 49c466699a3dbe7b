#!/usr/bin/env bash
# The long soak of the kernel (kernel/soak/soak.py): builds the kernel, installs its kernelspec
# in a throwaway prefix (as install/run-tests.sh does), then runs 10,000 cells in one kernel,
# printing memory, round trip, threads and tasks every 1,000, then 50 restarts. Options go to
# soak.py, e.g.:
#   kernel/soak/run-soak.sh [--cells 10000] [--every 1000] [--restarts 50] [--rtt-cells 100]   (about 30 minutes)
# Needs Debian's python3-jupyter-client and python3-psutil.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/install/jdk.sh"
cd "$root"
mvn -B -q -DskipTests package
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
/usr/bin/python3 install/kernelspec.py install --java "$JAVA" --jar kernel/target/jasyncio-kernel.jar --prefix "$prefix" >/dev/null
JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 -u "$here/soak.py" "$@"
