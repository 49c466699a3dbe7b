package jasyncio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import jasyncio.kernel.wire.Message;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel-process tests share: waiting until a kernel answers, request bodies, CPU checks. */
final class KernelTesting {
    private KernelTesting() {
    }

    /**
     * Sends kernel_info until its iopub status arrives: the SUB socket only receives what is
     * published after its subscription reached the kernel (jupyter_client waits the same way).
     */
    static double awaitReady(KernelClient client) {
        long start = System.nanoTime();
        client.iopub.setReceiveTimeOut(200);
        try {
            while (true) {
                Message request = client.send(client.shell, client.request("kernel_info_request", new JsonObject()));
                client.replyTo(client.shell, request);
                byte[] frame = client.iopub.recv(0);
                if (frame != null) {
                    while (client.iopub.hasReceiveMore()) {
                        client.iopub.recv(0);
                    }
                    break;
                }
            }
            drain(client);
        } finally {
            client.iopub.setReceiveTimeOut(KernelClient.TIMEOUT_MILLIS);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void drain(KernelClient client) {
        client.iopub.setReceiveTimeOut(100);
        while (client.iopub.recv(0) != null) {
            // old status messages of the readiness probes
        }
        client.shell.setReceiveTimeOut(100);
        while (client.shell.recv(0) != null) {
            // replies to extra probes
        }
        client.shell.setReceiveTimeOut(KernelClient.TIMEOUT_MILLIS);
    }

    /** How long a kernel may take to start its interpreter (JShell and its warm-up) on a loaded machine. */
    static final int INTERPRETER_START_MILLIS = 180_000;

    /**
     * Waits until the kernel runs cells: it answers kernel_info at once, and makes its interpreter
     * after that, so the first cell of a test would otherwise carry the interpreter's start (a few
     * seconds of CPU, many more under load) within one message timeout. The probe is silent, so
     * it counts no execution and shows nothing.
     */
    static void awaitInterpreter(KernelClient client) {
        JsonObject content = executeContent("0;");
        content.addProperty("silent", true);
        content.addProperty("store_history", false);
        Message probe = client.send(client.shell, client.request("execute_request", content));
        client.shell.setReceiveTimeOut(INTERPRETER_START_MILLIS);
        try {
            assertEquals("ok", client.replyTo(client.shell, probe).content().get("status").getAsString());
        } finally {
            client.shell.setReceiveTimeOut(KernelClient.TIMEOUT_MILLIS);
        }
        client.iopubOf(probe);
    }

    static JsonObject executeContent(String code) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", false);
        content.addProperty("stop_on_error", true);
        return content;
    }

    /** CPU seconds (user + system) the process has used, from /proc. */
    static double cpuSeconds(long pid) throws Exception {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime
        return ticks / 100.0;
    }

    /** The process's resident set size (VmRSS) in kB, from /proc. */
    static long residentKilobytes(long pid) throws Exception {
        return procStatusKilobytes(pid, "VmRSS");
    }

    /** A kB figure of /proc/PID/status, e.g. VmRSS or VmHWM (the peak resident set size). */
    static long procStatusKilobytes(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    /** Nothing left spinning: over one second the kernel uses well under one core. */
    static void assertIdleCpu(long pid) throws Exception {
        double before = cpuSeconds(pid);
        Thread.sleep(1000);
        double used = cpuSeconds(pid) - before;
        assertTrue(used < 0.5, "the kernel used " + used + " CPU seconds in 1 s while idle: something is left spinning");
    }
}
