#!/usr/bin/env bash
# Installs the jasyncio Java kernel for Jupyter from this clone, then runs its demo: the first
# teaching notebook, executed headlessly, its prose, cells and outputs printed.
#
#   install/install.sh [--user | --sys-prefix | --prefix DIR] [--no-demo] [--no-class-data]
#   install/install.sh --uninstall
#
# PYTHON=/path/to/python picks another Python with jupyter_client (a conda Jupyter, as in
# lab/Dockerfile); by default Debian's /usr/bin/python3, with Jupyter from Debian's packages.
#
# Steps: Jupyter from Debian's packages when it is missing (needs root or sudo); a JDK 25
# (see jdk.sh); the kernel jar built with Maven; the kernelspec (user by default) with the
# absolute path of that JDK's java in its argv, and the kernel's class data, made by a training
# run of the kernel (install/class_data.py; kept when installing the same jar again); then the demo: notebooks/run_notebooks.py executes
# notebooks/a-what-asyncio-run-does.ipynb with the installed kernel through nbclient (as Jupyter
# would) and prints every cell with its outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
where=(--user)
demo=1
class_data=()
python=${PYTHON:-/usr/bin/python3}
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --user) where=(--user) ;;
        --sys-prefix) where=(--sys-prefix) ;;
        --prefix) where=(--prefix "$2"); shift ;;
        --no-demo) demo=0 ;;
        --no-class-data) class_data=(--no-class-data) ;;
        --uninstall) uninstall=1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

"$here/ensure-jupyter.sh"
if [ "$uninstall" = 1 ]; then
    exec "$python" "$here/kernelspec.py" uninstall
fi

. "$here/jdk.sh"
echo "building the kernel with $JAVA_HOME ..."
(cd "$root" && mvn -B -q -DskipTests package)
"$python" "$here/kernelspec.py" install --java "$JAVA" --jar "$root/kernel/target/jasyncio-kernel.jar" "${where[@]}" "${class_data[@]}"

if [ "$demo" = 1 ]; then
    extra=()
    if [ "${where[0]}" = --prefix ]; then extra=(env "JUPYTER_PATH=${where[1]}/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"); fi
    "${extra[@]}" "$python" "$root/notebooks/run_notebooks.py" --print "$root/notebooks/a-what-asyncio-run-does.ipynb"
fi
cat <<EOF
The kernel is installed as "Java (jasyncio)". The lessons are in $root/notebooks:
  jupyter notebook $root/notebooks      (Debian: apt install jupyter-notebook; or JupyterLab)
  jupyter console --kernel jasyncio     (a terminal session)
EOF
