"""`jupyter console` (Debian's jupyter-console, the full prompt_toolkit interface, not
--simple-prompt) driven through a pseudo-terminal as a person types: started again and again,
each time from its very first prompt (while the kernel's JShell is still starting) a Tab
completion, a multi-line block and a multi-line %%trace cell typed line by line. The console
waits one second for each is_complete reply and five for a completion; a reply that comes late
is read as the reply to the next request, and the console says "did not respond properly" and
runs half-typed blocks from then on. Every start must stay in step: no such warning, every
block run whole, prompt numbers counting up.

CONSOLE_STARTS (default 20) sets how many starts, CONSOLE_AT_ONCE (default 2) how many consoles
type at the same time; each start is a fresh console and kernel."""
import os, re, shutil, time, unittest
from concurrent.futures import ThreadPoolExecutor

import pexpect

STARTS = int(os.environ.get("CONSOLE_STARTS", "20"))
AT_ONCE = int(os.environ.get("CONSOLE_AT_ONCE", "2"))
TIMEOUT = 60
# Colours, cursor moves and screen erasing of prompt_toolkit's output, and carriage returns.
TERMINAL_CODES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")


class Console:
    """One `jupyter console --kernel jasyncio` in a pseudo-terminal, and what it printed so far."""

    def __init__(self):
        command = shutil.which("jupyter-console") or "/usr/bin/jupyter-console"
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
        self.child = pexpect.spawn(command, ["--kernel", "jasyncio", "--no-confirm-exit"], env=env,
                                   dimensions=(50, 160), encoding="utf-8", codec_errors="replace")
        self.raw = []

    def text(self):
        return TERMINAL_CODES.sub("", "".join(self.raw))

    def read_until(self, test, what, timeout=TIMEOUT):
        """Reads the terminal until test(text) holds; fails naming what was awaited."""
        deadline = time.monotonic() + timeout
        while True:
            if test(self.text()):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {timeout} s; the console showed:\n{self.text()[-4000:]}")
            try:
                self.raw.append(self.child.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                raise AssertionError(f"the console ended before {what}:\n{self.text()[-4000:]}")

    def wait_for(self, pattern, what=None, timeout=TIMEOUT):
        self.read_until(lambda text: re.search(pattern, text), what or repr(pattern), timeout)

    def count(self, pattern):
        return len(re.findall(pattern, self.text()))

    def type_lines(self, lines):
        """Types a block as a person does: each line, Enter, and the next line once the
        continuation prompt shows (the console asked is_complete and got "incomplete")."""
        for i, line in enumerate(lines):
            continuations = self.count(r"\.\.\.:")
            self.child.send(line + "\r")
            if i < len(lines) - 1:
                self.read_until(lambda text: len(re.findall(r"\.\.\.:", text)) > continuations,
                                f"a continuation prompt after {line!r}")

    def close(self):
        """Ctrl-C (clears a half-typed line), then Ctrl-D: the console shuts its kernel down and ends.
        True when it ended by itself; else it is killed."""
        self.child.sendcontrol("c")
        time.sleep(0.2)
        self.child.sendcontrol("d")
        try:
            self.child.expect(pexpect.EOF, timeout=TIMEOUT)
            return True
        except pexpect.TIMEOUT:
            return False
        finally:
            self.raw.append(self.child.before if isinstance(self.child.before, str) else "")
            self.child.close(force=True)


class JupyterConsoleInStepTest(unittest.TestCase):
    def test_console_is_in_step_from_its_first_prompt(self):
        started = time.monotonic()
        with ThreadPoolExecutor(AT_ONCE) as pool:
            failures = [f for f in pool.map(self.failure_of, range(1, STARTS + 1)) if f]
        print(f"\n  {STARTS} console starts, {AT_ONCE} at a time, in {time.monotonic() - started:.1f} s")
        self.assertEqual(failures, [], f"{len(failures)} of {STARTS} starts fell out of step:\n\n" + "\n\n".join(failures))

    def failure_of(self, start):
        """None when the start stayed in step, else what went wrong. A start whose kernel could not
        bind a port jupyter_client picked for it (the client's known race: it picks free ports, lets
        them go, and another process may take one first) is tried once more: that is no answer of
        the kernel's."""
        for attempt in (1, 2):
            try:
                self.one_session(start)
                return None
            except AssertionError as e:
                if attempt == 1 and "Address already in use" in str(e):
                    print(f"\n  start {start}: a port jupyter_client picked was taken before the kernel bound it; again")
                    continue
                return f"start {start}: {e}"

    def one_session(self, start):
        console = Console()
        try:
            console.wait_for(r"In \[1\]: ", "the first prompt")
            # Tab at once, while JShell may still be starting: the completion must come back in time.
            console.child.send("System.currentTimeM")
            console.wait_for(r"System\.currentTimeM", "the typed text")
            console.child.send("\t")
            console.wait_for(r"illis\(\)", "the completion of System.currentTimeM (the rest of the name, as the terminal redraws it)")
            console.child.send("\r")
            console.wait_for(r"Out\[1\]: \d{10,}", "the first cell's result")
            console.wait_for(r"In \[2\]: ", "the second prompt")

            console.type_lines(["for (int i = 0; i < 3; i++) {", 'System.out.println("line " + i);', "}"])
            console.wait_for(r"line 0\s+line 1\s+line 2\s+In \[3\]: ", "the whole block's output, then In [3]")

            console.type_lines(["%%trace", "for (int i = 0; i < 2; i++) {", "await(sleep(0.01));", "}"])
            console.wait_for(r"(?s)trace: \d+ events.*In \[4\]: ", "the traced cell's summary, then In [4]")
            text = console.text()
            self.assertEqual(len(re.findall(r"suspend Cell-3 awaits", text)), 2,
                             f"start {start}: both iterations of the traced loop ran:\n{text[-3000:]}")
        finally:
            ended = console.close()
        text = console.text()
        self.assertTrue(ended, f"start {start}: the console did not end on Ctrl-D:\n{text[-3000:]}")
        self.assertNotIn("did not respond", text, f"start {start}: the console fell out of step:\n{text[-3000:]}")
        self.assertNotIn("Unhandled exception", text, f"start {start}:\n{text[-3000:]}")
        self.assertNotIn("Error", text.split("In [4]")[0], f"start {start}: a cell failed:\n{text[-3000:]}")


if __name__ == "__main__":
    unittest.main()
