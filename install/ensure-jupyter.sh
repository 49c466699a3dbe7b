#!/usr/bin/env bash
# Installs, from Debian's packages, the Jupyter pieces the kernel and its tests use, when missing.
#   ensure-jupyter.sh [--tests]   (--tests: also jupyter_kernel_test, psutil, ipykernel, uvloop, pexpect (to type into
#                                  jupyter console through a pseudo-terminal), the Notebook server, headless
#                                  Chromium with its driver and Selenium for the player's browser test,
#                                  and JupyterHub with configurable-http-proxy for the lab's test)
#   PYTHON=/path/to/python ensure-jupyter.sh: only checks that this Python (not Debian's) has
#                                  jupyter_client, which the installer needs; installs nothing
set -euo pipefail
if [ -n "${PYTHON:-}" ] && [ "$PYTHON" != /usr/bin/python3 ]; then
    "$PYTHON" -c "import jupyter_client" 2>/dev/null && exit 0
    echo "ensure-jupyter.sh: $PYTHON has no jupyter_client: install Jupyter into it, or leave PYTHON unset to use Debian's" >&2
    exit 1
fi
packages=(python3-jupyter-client jupyter-console python3-nbclient python3-nbformat)
modules="jupyter_client nbclient nbformat"
if [ "${1:-}" = --tests ]; then
    packages+=(python3-jupyter-kernel-test python3-psutil python3-ipykernel python3-uvloop python3-pexpect jupyter-notebook
               chromium chromium-driver python3-selenium jupyterhub)
    modules="$modules jupyter_kernel_test psutil ipykernel pexpect selenium jupyterhub"
fi
missing=0
for m in $modules; do
    /usr/bin/python3 -c "import $m" 2>/dev/null || missing=1
done
command -v jupyter-console >/dev/null || missing=1
if [ "${1:-}" = --tests ]; then
    for command in jupyter-notebook chromium chromedriver jupyterhub configurable-http-proxy; do
        command -v "$command" >/dev/null || missing=1
    done
fi
[ "$missing" = 0 ] && exit 0

echo "installing Jupyter from Debian's packages: ${packages[*]}"
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
