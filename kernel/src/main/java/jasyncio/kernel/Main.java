package jasyncio.kernel;

import jasyncio.kernel.shell.Interpreter;
import jasyncio.kernel.wire.ConnectionInfo;
import jasyncio.kernel.wire.KernelServer;
import jasyncio.kernel.wire.Message;
import jasyncio.kernel.wire.MessageHandler;
import jasyncio.kernel.wire.ServerOptions;
import jasyncio.loop.EventLoop;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * The kernel process: {@code java -jar jasyncio-kernel.jar CONNECTION_FILE}. The loop thread
 * begins the JShell interpreter at once while the main thread binds the five channels (so
 * kernel_info is answered within a fraction of a second); the loop thread then serves shell
 * requests, warming JShell up only until the first one comes. Cell output is captured from
 * System.out/System.err and System.in reads become input requests. The classes come from the
 * archive the installer made (install/class_data.py), when it can be used ({@link ClassData}).
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
        Running running = start(info);
        ClassData.report(); // while the loop thread makes JShell
        running.awaitExit();
    }

    /** A running kernel: its transport, and the loop thread. */
    record Running(KernelServer server, Thread loopThread, Shutdown shutdown, Kernel kernel) {
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

    /**
     * JShell and its prelude are the longest part of a start (a few hundred milliseconds of
     * javac): the loop thread begins them at once, while this thread binds the sockets (so
     * kernel_info is answered meanwhile) and builds the rest; the loop thread serves once both
     * are done.
     */
    static Running start(ConnectionInfo info) {
        EventLoop loop = new EventLoop();
        Interpreters.LateDisplays displays = new Interpreters.LateDisplays();
        CompletableFuture<Running> ready = new CompletableFuture<>();
        Thread loopThread = Thread.ofPlatform().name("jasyncio-loop").stackSize(LOOP_THREAD_STACK_BYTES)
                .start(() -> loopThread(loop, displays, ready));
        try {
            Running running = startTransport(info, loop, displays, loopThread);
            ready.complete(running);
            return running;
        } catch (RuntimeException | Error e) {
            ready.completeExceptionally(e);
            throw e;
        }
    }

    /** The loop thread's life: the interpreter, then (once the transport is up) the kernel's requests. */
    private static void loopThread(EventLoop loop, Interpreters.LateDisplays displays, CompletableFuture<Running> ready) {
        Interpreter interpreter = null;
        Throwable failed = null;
        try {
            interpreter = Interpreters.jshell(loop, displays);
        } catch (Throwable e) {
            failed = e;
        }
        Running running;
        try {
            running = ready.join();
        } catch (CompletionException | CancellationException e) {
            return; // the transport did not start: main reports it
        }
        Kernel kernel = running.kernel();
        try {
            if (failed != null) {
                throw failed;
            }
            kernel.serve(interpreter);
            kernel.cancelLeftoverTasks();
            interpreter.close();
        } catch (Throwable fatal) {
            KernelLog.error("the loop thread failed", fatal);
        } finally {
            running.shutdown().loopFinished();
        }
    }

    private static Running startTransport(ConnectionInfo info, EventLoop loop, Interpreters.LateDisplays displays, Thread loopThread) {
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
        displays.attach(Interpreters.displaySink(publisher, context));
        return new Running(server, loopThread, shutdown, kernel);
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
