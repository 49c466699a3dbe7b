"""The kernel's class data (install/class_data.py): the installer makes it once from a training
run, the installed kernel maps it read-only, and a kernel whose archive is missing, stale or
broken starts without it, answers its cells and says why in its log; installing again keeps a
current archive and remakes a stale one."""
import json, os, shutil, subprocess, sys, tempfile, unittest, zipfile

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
sys.path.insert(0, os.path.join(ROOT, "install"))
import class_data  # noqa: E402
import kernelspec  # noqa: E402


def run_cell(spec_argv, code, log_path):
    """Starts a kernel with this argv, runs CODE, returns (its text/plain result, the kernel's log)."""
    km = KernelManager()
    km._kernel_spec = KernelSpec(argv=spec_argv, display_name="class data", language="java", interrupt_mode="message")
    with open(log_path, "wb") as log:
        km.start_kernel(stdout=log, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            results = []
            reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: results.append(m)
                                           if m["msg_type"] == "execute_result" else None)
        finally:
            kc.stop_channels()
            km.shutdown_kernel()
    with open(log_path, errors="replace") as f:
        log_text = f.read()
    assert reply["content"]["status"] == "ok", reply["content"]
    return results[0]["content"]["data"]["text/plain"], log_text


VM_INFO = 'System.getProperty("java.vm.info")'


def change(jar):
    """Another jar: one entry more (a jar changed in place, by hand or by another build)."""
    with zipfile.ZipFile(jar, "a") as z:
        z.writestr("META-INF/jasyncio-changed.txt", "changed")


class ClassDataTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spec = KernelSpecManager().get_kernel_spec("jasyncio")
        cls.dir = cls.spec.resource_dir
        cls.archive = os.path.join(cls.dir, class_data.ARCHIVE_NAME)
        cls.tmp = tempfile.mkdtemp(prefix="class-data-test-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_installed_kernel_maps_the_archive_the_installer_made(self):
        argv = self.spec.argv
        self.assertIn("-XX:SharedArchiveFile=" + self.archive, argv)
        self.assertFalse([a for a in argv if "AutoCreateSharedArchive" in a or "ArchiveClassesAtExit" in a],
                         "no archive may be written at run time")
        java = argv[0]
        jar = argv[argv.index("-jar") + 1]
        self.assertTrue(class_data.is_current(self.archive, java, jar, kernelspec.JVM_FLAGS))
        with open(class_data.stamp_path(self.archive)) as f:
            stamp = json.load(f)
        self.assertEqual(stamp["jar_sha256"], class_data.sha256(jar))
        self.assertGreater(stamp["training"]["classlist_lines"], 3000)
        info, log = run_cell(argv, VM_INFO, os.path.join(self.tmp, "installed.log"))
        self.assertIn("sharing", info)
        self.assertNotIn("class data:", log)

    def broken_copy(self, name, damage):
        """A copy of the installed kernelspec, its archive made for that copy's jar path, then damaged."""
        folder = os.path.join(self.tmp, name)
        shutil.copytree(self.dir, folder)  # copy2: the jar keeps its mtime
        jar = os.path.join(folder, "jasyncio-kernel.jar")
        argv = [a.replace(self.dir, folder) for a in self.spec.argv]
        damage(folder, jar, argv)
        return argv

    def assert_starts_without_it(self, argv, name, because):
        info, log = run_cell(argv, "1 + 1", os.path.join(self.tmp, name + ".log"))
        self.assertEqual(info, "2")
        info, log = run_cell(argv, VM_INFO, os.path.join(self.tmp, name + ".log"))
        self.assertNotIn("sharing", info)
        self.assertRegex(log, r"class data: .*jasyncio-kernel\.jsa is not in use \(" + because)
        return log

    def test_a_kernelspec_moved_elsewhere_keeps_its_archive(self):
        # the same jar (size, mtime) in another folder: the JVM matches class paths by their common prefix
        argv = self.broken_copy("moved", lambda folder, jar, argv: None)
        info, log = run_cell(argv, VM_INFO, os.path.join(self.tmp, "moved.log"))
        self.assertIn("sharing", info)
        self.assertNotIn("class data:", log)

    def test_another_jar_in_its_place(self):
        argv = self.broken_copy("other-jar", lambda folder, jar, argv: change(jar))
        log = self.assert_starts_without_it(argv, "other-jar", "it was made from another jasyncio-kernel.jar")
        self.assertIn("shared class paths mismatch", log)  # the JVM's own line, on the kernel's stderr

    def test_a_missing_archive(self):
        argv = self.broken_copy("missing", lambda folder, jar, argv: os.remove(os.path.join(folder, class_data.ARCHIVE_NAME)))
        self.assert_starts_without_it(argv, "missing", "it is missing")

    def test_a_truncated_archive(self):
        def truncate(folder, jar, argv):
            path = os.path.join(folder, class_data.ARCHIVE_NAME)
            with open(path, "r+b") as f:
                f.truncate(os.path.getsize(path) // 2)
        argv = self.broken_copy("truncated", truncate)
        self.assert_starts_without_it(argv, "truncated", "")

    def test_other_jvm_flags(self):
        def flags(folder, jar, argv):
            # the object layout the archive holds: the kernelspec's flags have compact headers, and
            # the last of two settings wins
            argv.insert(argv.index("-jar"), "-XX:-UseCompactObjectHeaders")
        argv = self.broken_copy("flags", flags)
        self.assert_starts_without_it(argv, "flags", "")


class InstallerTest(unittest.TestCase):
    """A jar changed in place after its archive was made; installing again: a current archive
    is kept (no training), a stale one made anew."""

    def test_a_changed_jar_then_installs_again(self):
        spec = KernelSpecManager().get_kernel_spec("jasyncio")
        java, jar = spec.argv[0], spec.argv[spec.argv.index("-jar") + 1]
        prefix = tempfile.mkdtemp(prefix="class-data-install-")
        try:
            def install(jar_path):
                out = subprocess.run([sys.executable, os.path.join(ROOT, "install", "kernelspec.py"), "install",
                                      "--java", java, "--jar", jar_path, "--prefix", prefix],
                                     capture_output=True, text=True, timeout=600)
                self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
                return out.stdout
            first = install(jar)
            self.assertIn("training run", first)
            dest = os.path.join(prefix, "share", "jupyter", "kernels", "jasyncio")
            archive = os.path.join(dest, class_data.ARCHIVE_NAME)
            made = os.stat(archive).st_mtime_ns
            with open(os.path.join(dest, "kernel.json")) as f:
                argv = json.load(f)["argv"]
            installed_jar = os.path.join(dest, "jasyncio-kernel.jar")
            change(installed_jar)  # changed in place, by hand: the archive is stale
            info, log = run_cell(argv, VM_INFO, os.path.join(prefix, "stale.log"))
            self.assertNotIn("sharing", info)
            self.assertIn("This file is not the one used while building the shared archive file", log)
            self.assertIn("it was made from another jasyncio-kernel.jar (size or modification time differ)", log)
            self.assertFalse(class_data.is_current(archive, java, installed_jar, kernelspec.JVM_FLAGS))
            again = install(jar)  # a new copy of the same jar (new mtime): the archive is kept, the jar adopts its mtime
            self.assertIn("is current", again)
            self.assertNotIn("training run", again)
            self.assertEqual(os.stat(archive).st_mtime_ns, made)
            info, log = run_cell(argv, VM_INFO, os.path.join(prefix, "kept.log"))
            self.assertIn("sharing", info)
            changed = os.path.join(prefix, "changed.jar")
            shutil.copy(jar, changed)
            change(changed)
            third = install(changed)  # another jar's content: made anew
            self.assertIn("training run", third)
            with open(class_data.stamp_path(archive)) as f:
                self.assertEqual(json.load(f)["jar_sha256"], class_data.sha256(changed))
        finally:
            shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
