#!/usr/bin/env bash
# Runs every test: the Maven suites of loop/ and kernel/ (JUnit, real ZeroMQ sockets, real
# JShell), then real Jupyter clients from Debian's packages (jupyter_kernel_test, jupyter_client,
# jupyter console, nbclient) against the kernel built here, installed in a throwaway prefix.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
"$here/ensure-jupyter.sh" --tests
. "$here/jdk.sh"
cd "$root"

echo "== Maven: loop and kernel (JDK: $JAVA_HOME)"
mvn -B package

echo "== Jupyter clients against the kernel"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
/usr/bin/python3 install/kernelspec.py install --java "$JAVA" --jar kernel/target/jasyncio-kernel.jar --prefix "$prefix"
JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 kernel/src/test/python/run_client_tests.py
