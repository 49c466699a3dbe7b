#!/usr/bin/env bash
# Measures jasyncio's kernel beside ipykernel and a JShell kernel from Maven Central (rapaio),
# in one run: launch -> first cell's result (first_cell.py, jasyncio and ipykernel in turns),
# then ../shared/bench/kernel_bench.py (startup, round trip, cells/s, lines/s, heartbeat while
# busy, interrupt), the round trip of a declaration cell, jasyncio's interrupt of the three kinds
# of cell, each kernel's resident and proportional memory after 400 cells
# (memory_after_cells.py), and what a trivial and a declaration cell cost in CPU beside ipykernel
# (cell_cost.py). lab_memory.py (10 kernels running the lessons at once) is apart: it needs the
# kernelspec installed.
#
#   kernel/bench/run-kernel-bench.sh [--quick] [--no-rapaio] [--no-ipykernel]
#
# Needs the kernel built (mvn package) and Debian's python3-jupyter-client, python3-psutil,
# python3-ipykernel. Results: the tables on stdout, JSON under kernel/target/bench/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench="${KERNEL_BENCH:-$root/../shared/bench/kernel_bench.py}"
out="$root/kernel/target/bench"
mkdir -p "$out"
. "$root/install/jdk.sh"
quick=()
rapaio=1
ipykernel=1
for a in "$@"; do
    case "$a" in
        --quick) quick=(--starts 3 --rtt-cells 100 --tput-cells 300); first_cell_starts=3 ;;
        --no-rapaio) rapaio=0 ;;
        --no-ipykernel) ipykernel=0 ;;
        *) echo "unknown option $a" >&2; exit 2 ;;
    esac
done

jar="$root/kernel/target/jasyncio-kernel.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
# The argv install/kernelspec.py writes, with the class data the installer makes (a training
# run: install/class_data.py) kept under target/ and made again only when the jar changed.
archive="$out/jasyncio-kernel.jsa"
/usr/bin/python3 "$root/install/class_data.py" check --java "$JAVA" --jar "$jar" --archive "$archive" >/dev/null ||
    /usr/bin/python3 "$root/install/class_data.py" make --java "$JAVA" --jar "$jar" --out "$archive"
jasyncio_argv=$(cd "$root/install" && /usr/bin/python3 -c '
import json, sys, kernelspec
print(json.dumps(kernelspec.kernel_json(sys.argv[1], sys.argv[2], sys.argv[3])["argv"]))' "$JAVA" "$jar" "$archive")
java_cells=(--language java --interrupt-mode message --code '1 + 1'
    --stream-code 'for (int i = 0; i < {n}; i++) System.out.println(i);'
    --busy-code 'Thread.sleep(3000);' --sleep-code 'Thread.sleep(10000);')

echo "== launch -> first cell's result (first_cell.py, the kernels in turns)"
first_cell_kernels=(--kernel "jasyncio=$jasyncio_argv")
[ "$ipykernel" = 1 ] && first_cell_kernels+=(--kernel ipykernel=python3)
/usr/bin/python3 "$here/first_cell.py" "${first_cell_kernels[@]}" --starts "${first_cell_starts:-10}" --json "$out/first_cell.json"

echo "== jasyncio"
/usr/bin/python3 "$bench" --argv "$jasyncio_argv" "${java_cells[@]}" "${quick[@]}" --json "$out/jasyncio.json"
echo "== jasyncio: a declaration cell"
/usr/bin/python3 "$bench" --argv "$jasyncio_argv" "${java_cells[@]}" --code 'int x = 3;' --only b "${quick[@]}" --json "$out/jasyncio-declaration.json" | tail -n 2
for cell in 'await(sleep(10));' 'while (true) { }' 'Thread.sleep(10000);'; do
    echo "== jasyncio: interrupt of: $cell"
    /usr/bin/python3 "$bench" --argv "$jasyncio_argv" "${java_cells[@]}" --sleep-code "$cell" --only f | tail -n 2
done
/usr/bin/python3 "$here/memory_after_cells.py" --argv "$jasyncio_argv" --code 'int x{n} = {n}; x{n} * 2' --name jasyncio

if [ "$ipykernel" = 1 ]; then
    echo "== ipykernel"
    /usr/bin/python3 "$bench" --kernel python3 "${quick[@]}" --json "$out/ipykernel.json"
    echo "== ipykernel: a declaration cell"
    /usr/bin/python3 "$bench" --kernel python3 --code 'x = 3' --only b "${quick[@]}" --json "$out/ipykernel-declaration.json" | tail -n 2
    /usr/bin/python3 "$here/memory_after_cells.py" --kernel python3 --code 'x{n} = {n}; x{n} * 2' --name ipykernel
    echo "== CPU a cell, jasyncio beside ipykernel (rounds alternate them)"
    /usr/bin/python3 "$here/cell_cost.py" --jar "$jar" --archive "$archive" --rounds "${COST_ROUNDS:-3}" \
        --cell trivial '1 + 1' '1 + 1' --cell declaration 'int x = 3;' 'x = 3' --json "$out/cell-cost.json" | sed -n '/^medians/,$p'
fi

if [ "$rapaio" = 1 ]; then
    rapaio_jar="$HOME/.m2/repository/io/github/padreati/rapaio-jupyter-kernel/2.3.0/rapaio-jupyter-kernel-2.3.0.jar"
    [ -f "$rapaio_jar" ] || mvn -B -q dependency:get -Dartifact=io.github.padreati:rapaio-jupyter-kernel:2.3.0 -Dtransitive=false
    rapaio_argv=$(printf '["%s","-jar","%s","{connection_file}"]' "$JAVA" "$rapaio_jar")
    echo "== rapaio-jupyter-kernel 2.3.0"
    /usr/bin/python3 "$bench" --argv "$rapaio_argv" "${java_cells[@]}" --interrupt-mode signal "${quick[@]}" --json "$out/rapaio.json" || echo "(rapaio: some measurements failed)"
    /usr/bin/python3 "$here/memory_after_cells.py" --argv "$rapaio_argv" --code 'int x{n} = {n}; x{n} * 2' --name rapaio || true
fi
