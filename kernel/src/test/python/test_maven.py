"""%maven through jupyter_client against the installed kernel jar (the shaded jar users run):
the kernel's own gson and internals stay hidden from cells in it, and a gson from Maven Central
(2.10.1, not the kernel's) is what cells get, with its progress display updated in place. The
kernel's home and local repository are temporary (JAVA_TOOL_OPTIONS), so ~/.m2 plays no part."""
import os, shutil, tempfile, unittest

from jupyter_client.manager import start_new_kernel

from test_clients import TIMEOUT, result_of, run_cell


class MavenThroughJupyterClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.home = tempfile.mkdtemp(prefix="jasyncio-maven-home")
        env = dict(os.environ)
        env["JAVA_TOOL_OPTIONS"] = f"-Duser.home={cls.home} -Dmaven.home={cls.home}/no-maven"
        cls.km, cls.kc = start_new_kernel(kernel_name="jasyncio", startup_timeout=TIMEOUT, env=env)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        shutil.rmtree(cls.home, ignore_errors=True)

    def test_the_kernels_own_libraries_and_classes_do_not_compile_in_a_cell(self):
        for code in ("org.zeromq.ZMQ.Context c = null;",
                     "jasyncio.kernel.wire.KernelServer s = null;", "org.eclipse.aether.RepositorySystem r = null;"):
            reply, _ = run_cell(self.kc, code)
            self.assertEqual((reply["status"], reply.get("ename")), ("error", "CompilationError"), code)
        reply, outputs = run_cell(self.kc, "display(html(\"<b>x</b>\")); await(sleep(0.01, 2))")
        self.assertEqual(result_of(outputs), "2", "the loop's API and the display API are there")

    def test_gson_from_central_is_the_cells_own(self):
        reply, _ = run_cell(self.kc, "new com.google.gson.Gson()")
        self.assertEqual((reply["status"], reply.get("ename")), ("error", "CompilationError"), "the kernel's gson is hidden")
        reply, outputs = run_cell(self.kc, "%maven com.google.code.gson:gson:2.10.1")
        self.assertEqual(reply["status"], "ok", reply)
        progress = [m for m in outputs if m["msg_type"] == "display_data" and m["content"]["transient"].get("display_id")]
        self.assertEqual(len(progress), 1, outputs)
        display_id = progress[0]["content"]["transient"]["display_id"]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertTrue(updates and all(u["content"]["transient"]["display_id"] == display_id for u in updates))
        self.assertIn("Resolved com.google.code.gson:gson:2.10.1", updates[-1]["content"]["data"]["text/plain"])
        table = [m for m in outputs if m["msg_type"] == "display_data" and not m["content"]["transient"].get("display_id")]
        self.assertIn("<table", table[-1]["content"]["data"]["text/html"])
        reply, outputs = run_cell(self.kc, "new com.google.gson.Gson().toJson(java.util.List.of(1, 2)) + \" \" + "
                                           "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()"
                                           ".endsWith(\"gson-2.10.1.jar\")")
        self.assertEqual(result_of(outputs), '"[1,2] true"', reply)


if __name__ == "__main__":
    unittest.main()
