"""A lab through JupyterHub (lab/run_hub_lab.py, two learners): Debian's JupyterHub with the lab's
configuration spawns each learner's server, which starts a jasyncio kernel through the hub; the
six lessons run over the hub's REST and websocket API, every expectation holds; a server stopped
through the REST API and one killed leave no kernel JVM, and once the hub stops no process the
test started is left."""
import json, os, subprocess, sys, tempfile, unittest

from jupyter_client.kernelspec import KernelSpecManager

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


class LabTest(unittest.TestCase):
    def test_two_learners_through_jupyterhub(self):
        spec = KernelSpecManager().get_kernel_spec("jasyncio")
        prefix = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(spec.resource_dir))))
        with tempfile.NamedTemporaryFile(suffix=".json") as report_file:
            out = subprocess.run([sys.executable, os.path.join(ROOT, "lab", "run_hub_lab.py"), "--users", "2",
                                  "--installed", prefix, "--json", report_file.name],
                                 capture_output=True, text=True, timeout=1200)
            print("\n" + out.stdout, file=sys.stderr)
            self.assertEqual(out.returncode, 0, out.stdout[-6000:] + out.stderr[-3000:])
            with open(report_file.name) as f:
                report = json.load(f)
        self.assertGreater(report["expectations"], 0)
        self.assertEqual(report["expectations_met"], report["expectations"])
        self.assertEqual(report["checks"]["server_stopped_via_rest"]["left"], 0)
        self.assertEqual(report["checks"]["server_killed"]["left"], 0)
        self.assertGreaterEqual(report["checks"]["server_killed"]["kernel_jvms"], 1)
        self.assertEqual(report["processes_left"], [])
        self.assertEqual(len(report["kernel_pss_mib"]), 2)


if __name__ == "__main__":
    unittest.main()
