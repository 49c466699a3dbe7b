package jasyncio.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose tests share one real kernel process and one connected client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneKernelTest {
    protected KernelProcess kernel;
    protected KernelClient client;

    /** Options for the kernel's JVM, e.g. the kernelspec's or a small heap; none by default. */
    protected String[] kernelOptions() {
        return new String[0];
    }

    @BeforeAll
    void startKernel() throws Exception {
        kernel = new KernelProcess(kernelOptions());
        client = new KernelClient(kernel);
        KernelTesting.awaitReady(client);
        KernelTesting.awaitInterpreter(client); // so that no test's first cell waits for JShell to start
    }

    @AfterAll
    void stopKernel() throws Exception {
        client.close();
        kernel.close();
    }
}
