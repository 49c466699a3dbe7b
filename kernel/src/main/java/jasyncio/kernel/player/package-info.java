/**
 * The {@code %%trace} player: {@link jasyncio.kernel.player.TraceRecorder} turns the loop's
 * observer events into a compact log (primitive columns, a keyframe per chunk), {@code PlayerData}
 * makes the player's JSON of it (decimated for long runs), {@link jasyncio.kernel.player.TracePlayer}
 * the self-contained output (player.js and player.css inline, a PNG beside), and
 * {@link jasyncio.kernel.player.LoopState} pictures any loop's state ({@code loopState(loop)},
 * {@code %loop step}). The event vocabulary is the loop library's ({@code LoopObserver}); this
 * package only records and draws it.
 */
package jasyncio.kernel.player;
