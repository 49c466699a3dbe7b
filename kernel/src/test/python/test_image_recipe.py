"""lab/Dockerfile, the single-user image recipe for JupyterHub on Kubernetes, cannot rot: its
steps run here, in a clean folder standing for the image's root (no container engine in CI),
and the kernel they install must start from what they left and answer a cell, its class data
in use. The adaptations, and nothing else: paths under /opt and /root move into the folder; the
base image's conda Python is this Python (Debian's, with jupyter_client); the JDK 25 download is
the machine's own JDK 25 (its host is not reachable here). Every other RUN line runs as written
(Maven's download from Maven Central included), and an instruction this test does not know fails it."""
import os, re, shlex, shutil, subprocess, sys, tempfile, unittest

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
DOCKERFILE = os.path.join(ROOT, "lab", "Dockerfile")
CONDA_PYTHON = "/opt/conda/bin/python"


def instructions(path):
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    out, current = [], ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not current and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if line.endswith("\\"):
                current += line[:-1] + " "
                continue
            current += line
            word, _, rest = current.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
            current = ""
    return out


class ImageRecipeTest(unittest.TestCase):
    def test_the_dockerfile_steps_install_a_working_kernel(self):
        steps = instructions(DOCKERFILE)
        self.assertEqual(steps[0][0], "FROM")
        self.assertRegex(steps[0][1], r"^quay\.io/jupyter/[a-z-]+-notebook:", "a Jupyter base image")
        spec = KernelSpecManager().get_kernel_spec("jasyncio")
        local_jdk = os.path.dirname(os.path.dirname(os.path.realpath(spec.argv[0])))
        image = tempfile.mkdtemp(prefix="image-root-")
        try:
            self.run_steps(steps, image, local_jdk)
            self.check_image(image)
        finally:
            shutil.rmtree(image, ignore_errors=True)

    def adapt(self, text, image):
        text = text.replace(CONDA_PYTHON, sys.executable)
        return re.sub(r"(?<![\w./-])/(opt|root)(?=/|\b)", lambda m: image + "/" + m.group(1), text)

    def run_steps(self, steps, image, local_jdk):
        env = dict(os.environ)
        env.pop("JUPYTER_PATH", None)
        env.pop("PYTHON", None)
        jdk_downloaded = False
        for word, args in steps[1:]:
            if word == "USER":
                continue
            if word == "ENV":
                for key, value in (pair.split("=", 1) for pair in shlex.split(args)):
                    value = self.adapt(value, image)  # before ${VAR}s: only the recipe's own paths move
                    env[key] = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m.group(1) or m.group(2), ""), value)
            elif word == "COPY":
                source, dest = shlex.split(args)
                self.assertEqual(source, ".", "the recipe copies the repository, built from its root")
                shutil.copytree(ROOT, self.adapt(dest, image), ignore=shutil.ignore_patterns("target", ".git", "__pycache__"))
            elif word == "RUN":
                if "api.adoptium.net" in args:  # the JDK's download: the machine's JDK 25 in its place
                    target = re.search(r"tar [^|&;]*-C (\S+)", args).group(1)
                    self.assertEqual(target, "/opt/jdk-25")
                    self.assertEqual(self.adapt(target, image), env["JAVA_HOME"])
                    os.makedirs(os.path.dirname(env["JAVA_HOME"]), exist_ok=True)
                    os.symlink(local_jdk, env["JAVA_HOME"])
                    jdk_downloaded = True
                    continue
                out = subprocess.run(["bash", "-c", "set -eo pipefail; " + self.adapt(args, image)], env=env,
                                     cwd=image, capture_output=True, text=True, timeout=1800)
                self.assertEqual(out.returncode, 0, f"RUN {args}\n{out.stdout[-4000:]}\n{out.stderr[-4000:]}")
            else:
                self.fail(f"an instruction this test does not know: {word} {args}")
        self.assertTrue(jdk_downloaded, "the recipe installs a JDK 25")

    def check_image(self, image):
        kernels = os.path.join(image, "opt", "conda", "share", "jupyter", "kernels")
        spec = KernelSpecManager(kernel_dirs=[kernels]).get_kernel_spec("jasyncio")
        self.assertEqual(spec.argv[0], os.path.join(image, "opt", "jdk-25", "bin", "java"))
        self.assertTrue(os.path.isfile(os.path.join(spec.resource_dir, "jasyncio-kernel.jsa")))
        self.assertFalse(os.path.exists(os.path.join(image, "opt", "jasyncio-src")), "the sources are removed")
        km = KernelManager(kernel_name="jasyncio", kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]))
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            results = []
            kc.execute_interactive('"" + (1 + 1) + " " + System.getProperty("java.vm.info")', timeout=120,
                                   output_hook=lambda m: results.append(m) if m["msg_type"] == "execute_result" else None)
            text = results[0]["content"]["data"]["text/plain"]
            self.assertTrue(text.startswith('"2 '), text)
            self.assertIn("sharing", text)
        finally:
            kc.stop_channels()
            km.shutdown_kernel()


class ReadmeTest(unittest.TestCase):
    """The README's section for administrators shows the files the tests run, as they are."""

    def test_the_readme_shows_the_recipe_and_the_hub_configuration(self):
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        for name in ("Dockerfile", "jupyterhub_config.py"):
            with open(os.path.join(ROOT, "lab", name)) as f:
                text = f.read()
            self.assertIn("\n" + text + "```", readme, f"README.md must show lab/{name} as it is")


if __name__ == "__main__":
    unittest.main()
