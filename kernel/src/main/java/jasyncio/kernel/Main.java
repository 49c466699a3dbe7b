package jasyncio.kernel;

import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.wire.ConnectionInfo;
import jasyncio.kernel.wire.KernelServer;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageHandler;
import jasyncio.kernel.wire.ServerOptions;
import jasyncio.loop.EventLoop;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The kernel process: {@code java -jar jasyncio-kernel.jar CONNECTION_FILE}. Binds the five
 * channels first (so kernel_info is answered within a fraction of a second), then, on the loop
 * thread, makes the JShell interpreter and serves shell requests; cell output is captured from
 * System.out/System.err and System.in reads become input requests.
 */
public final class Main {
    /**
     * Deep user recursion runs on the loop thread, inside the cell's continuation: 64 MB holds
     * some 1.6 million frames of a small method (the JVM's default 1 MB, some 25 thousand). Not
     * more, because a recursion without end fills all of it, and HotSpot then takes about 2.5
     * times the stack's size in native memory to unwind it: with 512 MB, an infinite recursion
     * took 1 to 4 s to fail and left the kernel's resident size 1.7 GB larger.
     */
    static final long LOOP_THREAD_STACK_BYTES = 64L << 20;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar jasyncio-kernel.jar CONNECTION_FILE");
            System.exit(2);
        }
        // Pictures (the %%trace player's PNG, images a cell draws) need no display: AWT stays headless
        // even where DISPLAY is set, so it never reaches for an X server.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
        start(info).awaitExit();
    }

    /** A running kernel: its transport, and the loop thread. */
    record Running(KernelServer server, Thread loopThread, Shutdown shutdown) {
        void awaitExit() throws InterruptedException {
            loopThread.join();
            if (!shutdown.isStarted()) {
                // Without its loop thread the kernel could only queue requests forever.
                KernelLog.line("the loop thread ended without a shutdown request: exiting");
                server.close();
                Runtime.getRuntime().halt(1);
            }
            // The shutdown thread closes the transport and halts the process.
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    static Running start(ConnectionInfo info) {
        EventLoop loop = new EventLoop();
        DeferredHandler handler = new DeferredHandler();
        KernelServer server = KernelServer.start(info, handler, ServerOptions.defaults().withLog(KernelLog::line));
        Publisher publisher = new Publisher(server);
        Stdin stdin = new Stdin(publisher);
        CellContext[] contextHolder = new CellContext[1];
        StreamCapture capture = new StreamCapture((name, text) -> publisher.stream(contextHolder[0].outputParent(), name, text));
        CellContext context = new CellContext(capture, stdin);
        contextHolder[0] = context;
        System.setOut(capture.printStream("stdout"));
        System.setErr(capture.printStream("stderr"));
        System.setIn(stdin.systemIn());

        Runnable closeTransport = () -> {
            capture.close();
            server.close();
        };
        Shutdown shutdown = new Shutdown(closeTransport);
        ExitReport.install(context, publisher, closeTransport);
        Kernel kernel = new Kernel(loop, publisher, new KernelInfo(), stdin, context, shutdown);
        handler.attach(kernel);
        ParentWatch.start(() -> shutdown.begin(kernel));
        publisher.status(null, "starting");
        Function<EventLoop, Interpreter> factory = Interpreters.jshell(publisher, context);
        Thread loopThread = Thread.ofPlatform().name("jasyncio-loop").stackSize(LOOP_THREAD_STACK_BYTES).start(() -> {
            try {
                kernel.serve(factory);
                kernel.cancelLeftoverTasks();
                Interpreter interpreter = kernel.interpreter();
                if (interpreter != null) {
                    interpreter.close();
                }
            } catch (Throwable fatal) {
                KernelLog.error("the loop thread failed", fatal);
            } finally {
                shutdown.loopFinished();
            }
        });
        return new Running(server, loopThread, shutdown);
    }

    /**
     * The server needs its handler before the kernel (which needs the server to reply) exists:
     * messages that arrive in between wait the few milliseconds it takes.
     */
    private static final class DeferredHandler implements MessageHandler {
        private final CountDownLatch ready = new CountDownLatch(1);
        private volatile MessageHandler target;

        void attach(MessageHandler kernel) {
            target = kernel;
            ready.countDown();
        }

        private MessageHandler target() {
            boolean interrupted = false;
            while (true) {
                try {
                    ready.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return target;
        }

        @Override
        public void onShell(Message request) {
            target().onShell(request);
        }

        @Override
        public void onControl(Message request) {
            target().onControl(request);
        }

        @Override
        public void onStdin(Message reply) {
            target().onStdin(reply);
        }
    }
}
