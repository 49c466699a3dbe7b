"""The fast part of the soak (kernel/soak/soak.py; the long part is kernel/soak/run-soak.sh):
a few hundred session cells in one kernel, whose resident memory and round trip must stay flat,
then a few restarts, each old kernel exiting by itself and leaving no process, port or thread."""
import os, signal, subprocess, sys, time, unittest

import psutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "soak"))
import soak  # noqa: E402

CELLS = 400
EVERY = 100
NAMES = 50      # all declared by the first row: what grows after it is what the kernel keeps per cell
RTT_CELLS = 30
RESTARTS = 5


class SoakTest(unittest.TestCase):
    def test_cells_keep_memory_and_round_trip_flat_then_restarts_leave_nothing(self):
        km, kc = soak.start("jasyncio")
        try:
            lines = []
            rows = soak.run_cells(kc, psutil.Process(km.provisioner.process.pid), CELLS, EVERY, RTT_CELLS, NAMES,
                                  out=lines.append)
            flat, text = soak.verdict(rows)
            print("\n  " + "\n  ".join(lines + [text]), file=sys.stderr)
            self.assertTrue(flat, text)
            self.assertLessEqual(rows[-1]["threads"], rows[1]["threads"], "threads grew with the cells")
            records = soak.run_restarts(km, kc, RESTARTS, out=lines.append)
            print("  " + lines[-1], file=sys.stderr)
            self.assertEqual(len(records), RESTARTS)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)


    def test_a_kernel_whose_manager_was_killed_shuts_itself_down(self):
        # A manager in a process of its own, killed with SIGKILL: it can send no shutdown_request.
        manager = subprocess.Popen([sys.executable, "-c", (
            "import sys, time\n"
            "from jupyter_client import KernelManager\n"
            "km = KernelManager(kernel_name='jasyncio')\n"
            "km.start_kernel()\n"
            "kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)\n"
            "print(km.provisioner.process.pid, flush=True)\n"
            "time.sleep(600)\n")], stdout=subprocess.PIPE, text=True)
        try:
            with manager.stdout:
                kernel = psutil.Process(int(manager.stdout.readline()))
        finally:
            manager.send_signal(signal.SIGKILL)
            manager.wait()
        started = time.monotonic()
        try:
            kernel.wait(timeout=30)
        except psutil.TimeoutExpired:
            kernel.kill()
            self.fail("the kernel outlived its manager by 30 s")
        print(f"\n  the kernel exited {time.monotonic() - started:.1f} s after its manager was killed", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
