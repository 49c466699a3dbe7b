"""The teaching notebooks in notebooks/, executed by nbclient with the jasyncio kernel: every
cell runs, and every expectation stored in a cell's metadata holds (see run_notebooks.py)."""
import glob, os, sys, unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
sys.path.insert(0, NOTEBOOKS)
import run_notebooks  # noqa: E402


class NotebooksTest(unittest.TestCase):
    def test_there_are_notebooks_with_expectations(self):
        self.assertTrue(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")), "no notebooks in " + NOTEBOOKS)


def _notebook_test(path):
    def test(self):
        failures, seconds, checks = run_notebooks.run(path)
        print(f"\n  {os.path.basename(path)}: {checks} expectations, {seconds:.1f} s", file=sys.stderr)
        self.assertGreater(checks, 0, "a notebook without expectations tests nothing")
        self.assertEqual(failures, [], "\n".join(failures))
    return test


for _path in sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb"))):
    _name = "test_" + os.path.splitext(os.path.basename(_path))[0].replace("-", "_")
    setattr(NotebooksTest, _name, _notebook_test(_path))
