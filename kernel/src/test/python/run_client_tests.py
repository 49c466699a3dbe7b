#!/usr/bin/python3
"""Runs the kernel's tests that use real Jupyter clients (Debian's python3-jupyter-client,
jupyter-console, python3-jupyter-kernel-test, python3-nbclient) against the installed
"jasyncio" kernelspec (run-tests.sh installs it in a throwaway prefix and sets JUPYTER_PATH).
Prints a closing line "clients: N passed, N failed"."""
import os, sys, unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"clients: {passed} passed, {failed} failed, {len(result.skipped)} skipped")
    # A skipped conformance test is a gap, not a pass: every test jupyter_kernel_test offers is enabled.
    sys.exit(0 if failed == 0 and not result.skipped and result.testsRun > 0 else 1)


if __name__ == "__main__":
    main()
