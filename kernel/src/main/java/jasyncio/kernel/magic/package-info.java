/**
 * The kernel's magics: a cell whose first line starts with {@code %} goes to {@link
 * jasyncio.kernel.magic.Magics} instead of JShell. {@code %%trace} installs the player's
 * {@code TraceRecorder} (with the {@code LoopTrace} line printer after it) as the loop's observer
 * while the cell runs, keeps one live display of the last lines current (or, with --lines,
 * streams every line), and ends the cell with the player ({@code TraceSummary}). {@code %run_until_complete}, {@code %tasks}, {@code %loop},
 * {@code %time}/{@code %%time}, {@code %maven}/{@code %%maven}/{@code %mavenRepo}/{@code %classpath}, {@code %lsmagic} and {@code %help} (also
 * {@code %name?}) complete the set. The execute handler provides a {@link
 * jasyncio.kernel.magic.MagicHost}; magics know nothing of Jupyter messages.
 */
package jasyncio.kernel.magic;
