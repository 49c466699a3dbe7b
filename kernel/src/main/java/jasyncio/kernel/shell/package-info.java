/**
 * The kernel's interpreter: JShell in the kernel's own JVM, behind {@link jasyncio.kernel.shell.Interpreter}.
 *
 * <p>What the dispatcher uses: the {@link jasyncio.kernel.shell.JShellInterpreter} constructor, then
 * {@code warmUp(idle)} until the first request comes, then for each execute_request
 * {@code loop.createTask(interpreter.cell(code))} on the kernel's one loop; on interrupt_request
 * {@code interpreter.interrupt()} from any thread plus a cancel of the cell's task on the loop.
 *
 * <p>What a cell gets:
 * <ul>
 * <li>Imports: the jshell tool's defaults, {@code jasyncio.loop.*} (with jasyncio's Future winning over
 * java.util.concurrent's), {@code import static jasyncio.loop.Asyncio.*}, {@code display},
 * {@code updateDisplay}, {@code clearOutput}, {@code html}, {@code markdown}, {@code svg}, {@code png},
 * {@code mime} ({@link jasyncio.kernel.display.Display}) and {@code loop()} ({@link jasyncio.kernel.shell.Notebook}).</li>
 * <li>Top-level {@code await(...)}: snippets run on the loop thread inside the cell's coroutine.</li>
 * <li>Its last expression as execute_result: see {@link jasyncio.kernel.display.MimeBundle} for the mime
 * conventions ({@code toHtml()}, {@code toMarkdown()}, {@code toSvg()}, images as PNG).</li>
 * <li>Interrupts that stop busy loops ({@link jasyncio.kernel.shell.CellInterrupts}) and a
 * {@code System.exit} that does not end the kernel ({@link jasyncio.kernel.shell.SystemExitError};
 * exit called from a library jar still ends the JVM: JDK 24+ has no SecurityManager).</li>
 * </ul>
 */
package jasyncio.kernel.shell;
