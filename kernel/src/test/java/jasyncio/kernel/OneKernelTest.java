package jasyncio.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose tests share one real kernel process and one connected client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneKernelTest {
    protected KernelProcess kernel;
    protected KernelClient client;

    @BeforeAll
    void startKernel() throws Exception {
        kernel = new KernelProcess();
        client = new KernelClient(kernel);
        KernelTesting.awaitReady(client);
    }

    @AfterAll
    void stopKernel() throws Exception {
        client.close();
        kernel.close();
    }
}
