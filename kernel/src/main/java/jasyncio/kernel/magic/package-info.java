/**
 * The kernel's magics: a cell whose first line starts with {@code %} goes to {@link
 * jasyncio.kernel.magic.Magics} instead of JShell. {@code %%trace} installs a {@code LoopTrace}
 * as the loop's observer while the cell runs, streams one line per loop event to the cell's
 * output (batched by the kernel's stream capture, so the loop thread never waits on sockets),
 * and ends the cell with a {@code TraceSummary} display (event counts, task lanes, the ready
 * queue's length as SVG). {@code %run_until_complete}, {@code %tasks}, {@code %loop},
 * {@code %time}/{@code %%time}, {@code %maven}/{@code %%maven}/{@code %mavenRepo}/{@code %classpath},
 * {@code %lsmagic} and {@code %help} (also
 * {@code %name?}) complete the set. The execute handler provides a {@link
 * jasyncio.kernel.magic.MagicHost}; magics know nothing of Jupyter messages.
 */
package jasyncio.kernel.magic;
