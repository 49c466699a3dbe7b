# JupyterHub for a jasyncio lab on one server: what lab/run_hub_lab.py runs (it loads this file and
# adds only its ports, a test authenticator and an API token: see run_hub_lab.py's overlay()).
# Debian 12: apt install jupyterhub (3.0, with configurable-http-proxy); the kernel, system-wide:
#   sudo install/install.sh --prefix /usr/local --no-demo
# which every user's single-user server finds in /usr/local/share/jupyter/kernels/jasyncio.
# Start:  jupyterhub -f lab/jupyterhub_config.py   (as root, to spawn servers as the learners)
import os

c = get_config()  # noqa: F821 (given by JupyterHub)

# Where the hub listens: put a TLS-terminating proxy in front, or set ssl_cert/ssl_key.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = 8000
c.JupyterHub.hub_ip = "127.0.0.1"

# Learners are Unix users (PAM, the default authenticator); each server runs as its learner.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.default_url = "/tree"
c.Spawner.http_timeout = 120   # a class starting at once: a server may take long to answer
c.Spawner.start_timeout = 120

# A port of its own for each learner's server (the base + the user's id), below the range Linux
# hands out for port 0 (32768-60999: random_port() and every kernel's ports come from there).
# With a class starting at once, two servers were given the same random port: the second could
# not start, and the hub routed its learner to the first one's server.
SERVER_PORT_BASE = int(os.environ.get("JASYNCIO_LAB_SERVER_PORT_BASE", "20000"))


def own_port(spawner):
    spawner.port = SERVER_PORT_BASE + spawner.user.id


c.Spawner.pre_spawn_hook = own_port

# Kernels of a server: one per notebook a learner opens. Idle ones are stopped after an hour
# (the kernel's JVM ends with them), and a server's kernels end when the server stops; a kernel
# whose server was killed ends itself (it watches JPY_PARENT_PID).
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=3600",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=False",
]

# When the hub stops, it stops every learner's server, and with them their kernels.
c.JupyterHub.cleanup_servers = True

# Idle servers: jupyterhub-idle-culler (pip install jupyterhub-idle-culler; not in Debian 12)
# stops servers nobody used for an hour through the REST API, as run_hub_lab.py does by hand:
# c.JupyterHub.services = [{"name": "idle-culler",
#                           "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]
# c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
#                             "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]

# configurable-http-proxy from Debian finds its node modules only through NODE_PATH when
# /usr/bin/node is not Debian's own (nodesource's, for instance).
os.environ.setdefault("NODE_PATH", "/usr/share/nodejs")
