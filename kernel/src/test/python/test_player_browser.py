"""The %%trace player in a real browser: headless Chromium, driven by Selenium (Debian's chromium,
chromium-driver and python3-selenium), opens a notebook on the classic Notebook server (Debian's
jupyter-notebook, started here on 127.0.0.1 with a token and a free port) and runs two traced cells
with the jasyncio kernel. Then it steps the first player with its buttons and with the keyboard
and checks, at every event, that the deque boxes shown are the ready queue the loop reported at
that event (its length, recorded by the loop itself) and the one the log replays to (an
independent replay here, in Python), that the task cards' states match, that a click on the
timeline moves the player to the event at that time, and that the two players do not clash.
Screenshots go to kernel/target/browser/; any JavaScript error in the browser's log fails the test.
The notebook, saved, keeps a PNG and text/plain for front ends without scripts."""
import base64, json, os, shutil, struct, tempfile, time, unittest

from notebook_server import NotebookServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
SHOTS = os.path.join(ROOT, "kernel", "target", "browser")
TIMEOUT = 90
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1200,1900"]

TRACED = """%%trace
var a = createTask(async(() -> { for (int i = 0; i < 3; i++) { await(sleep(0)); } return "a"; }), "A");
var b = createTask(async(() -> { await(sleep(0.02)); return "b"; }), "B");
loop().callSoon(() -> System.out.println("a plain callback"));
await(gather(a, b))"""
SECOND = """%%trace
%run_until_complete async("main", () -> { await(sleep(0.01)); return 42; })"""
# On the virtual clock, with every line streamed: the lines end with the player's event numbers.
VIRTUAL = """%%trace --virtual-time --lines --cpython
%run_until_complete async("main", () -> { await(sleep(0.1)); return 7; })"""

# The codes of the kernel's EventKind, LoopModel and EventKind.Cause (TraceRecorderTest checks the script's).
ITERATION, SCHEDULED, TIMER_SCHEDULED, TIMER_CANCELLED, TIMER_DUE, WAIT, WOKE, POP, RAN, TASK_CREATED, STEP, \
    SUSPEND, YIELD, TASK_DONE, FUTURE_DONE, RUN_UNTIL_COMPLETE, COMPILE, CLOCK_JUMP = range(18)
PENDING, RUNNING, SUSPENDED, YIELDED, DONE, FAILED, CANCELLED = range(7)


def replay(d):
    """The state after each event: (ready handle ids, {task id: shown state}), replayed from the log
    as the kernel's LoopModel does, written anew here so the browser's replay is checked by another."""
    states, ready, tasks, running, handle = [], [], {}, [], 0
    starts = {seg[0]: seg for seg in d["seg"]}
    for i, k in enumerate(d["k"]):
        if i in starts:
            key = starts[i][4]
            ready = list(key["r"])
            tasks = {t[0]: [t[1], t[2]] for t in key["ts"]}
            running = list(key["run"])
            handle = key["hd"]
        a, b = d["a"][i], d["b"][i]
        if k in (SCHEDULED, TIMER_DUE):
            ready.append(a)
        elif k == POP:
            handle = a
            if a in ready:
                del ready[:ready.index(a) + 1]
        elif k in (RAN, ITERATION):
            handle = 0
        elif k == TASK_CREATED:
            tasks[a] = [PENDING, 0]
        elif k == STEP:
            tasks[a] = [RUNNING, 0]
            running.append(a)
        elif k in (SUSPEND, YIELD, TASK_DONE):
            tasks[a] = [SUSPENDED if k == SUSPEND else YIELDED if k == YIELD else [DONE, FAILED, CANCELLED][b],
                        b if k == SUSPEND else 0]
            if running and running[-1] == a:
                running.pop()
        # Ready: a handle of the task is in the deque, or was just popped and is about to step it.
        queued = {d["handles"][str(h)][1] for h in ready + [handle] if str(h) in d["handles"]}
        shown = {}
        for t, (state, _) in tasks.items():
            shown[t] = ({RUNNING: "running", DONE: "done", FAILED: "failed", CANCELLED: "cancelled"}.get(state)
                        or ("ready" if t in queued else "suspended" if state == SUSPENDED else "pending"))
        states.append((list(ready), shown))
    return states


def png_size(data):
    """Width and height of a PNG, read from its IHDR chunk (no imaging library needed)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise AssertionError("not a PNG")
    return struct.unpack(">II", data[16:24])


class PlayerBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.options import Options
            from selenium.webdriver.chrome.service import Service
        except ImportError:
            raise unittest.SkipTest("python3-selenium is not installed (install/ensure-jupyter.sh --tests installs it)")
        chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
        server = shutil.which("jupyter-notebook")
        if not (chromium and driver and server):
            raise unittest.SkipTest("chromium, chromium-driver and jupyter-notebook are needed (install/ensure-jupyter.sh --tests)")
        cls.home = tempfile.mkdtemp()
        cls.notebooks = os.path.join(cls.home, "notebooks")
        os.makedirs(cls.notebooks)
        import nbformat
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (TRACED, SECOND, VIRTUAL)])
        nb.metadata["kernelspec"] = {"name": "jasyncio", "display_name": "Java (jasyncio)", "language": "java"}
        nbformat.write(nb, os.path.join(cls.notebooks, "player.ipynb"))
        try:
            cls.server = NotebookServer(cls.notebooks, cls.home, TIMEOUT)
        except RuntimeError:
            shutil.rmtree(cls.home, ignore_errors=True)
            raise
        options = Options()
        options.binary_location = chromium
        for flag in CHROMIUM_FLAGS + ["--user-data-dir=" + os.path.join(cls.home, "chromium")]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.browser = webdriver.Chrome(service=Service(driver), options=options)
        cls.browser.set_script_timeout(TIMEOUT)
        os.makedirs(SHOTS, exist_ok=True)
        cls.run_notebook()

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "browser", None):
            cls.browser.quit()
        if getattr(cls, "server", None):
            cls.server.stop()
        shutil.rmtree(cls.home, ignore_errors=True)

    @classmethod
    def run_notebook(cls):
        """Opens the notebook, waits for the kernel, runs every cell and waits for both players."""
        b = cls.browser
        b.get(cls.server.url("/notebooks/player.ipynb"))
        cls.wait("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                 " && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel_selector)")
        b.execute_script("Jupyter.notebook.execute_all_cells();")
        cls.wait("return document.querySelectorAll('.jasyncio-player[data-mounted]').length === 3"
                 " && !document.querySelector('.cell.running')")
        b.execute_script("Jupyter.notebook.save_notebook();")
        cls.wait("return !Jupyter.notebook.dirty")

    @classmethod
    def wait(cls, script, *args, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while not cls.browser.execute_script(script, *args):
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for: " + script + "\nserver log: " + cls.server.log_tail())
            time.sleep(0.1)

    def players(self):
        return self.browser.find_elements("css selector", ".jasyncio-player[data-mounted]")

    def data(self, player):
        return json.loads(self.browser.execute_script("return arguments[0].querySelector('script.jp-data').textContent", player))

    SHOWN = """
        var p = arguments[0], dq = p.querySelector('.jp-deque');
        var boxes = Array.prototype.map.call(dq.querySelectorAll('.jp-box:not(.jp-popped)'), function (b) { return +b.getAttribute('data-handle-id'); });
        var cards = {};
        p.querySelectorAll('.jp-card').forEach(function (c) { cards[c.getAttribute('data-task-id')] = c.getAttribute('data-state'); });
        var all = {};
        (p.querySelector('.jp-tasks').getAttribute('data-task-states') || '').split(',').forEach(function (s) {
            if (s) { var kv = s.split(':'); all[kv[0]] = kv[1]; } });
        var ids = dq.getAttribute('data-ready-ids');
        return {index: +p.getAttribute('data-index'), kind: p.getAttribute('data-kind'), boxes: boxes,
                ids: ids ? ids.split(',').map(Number) : [], cards: cards, all: all,
                popped: Array.prototype.map.call(dq.querySelectorAll('.jp-popped'), function (b) { return +b.getAttribute('data-handle-id'); })};
    """

    def shown(self, player):
        """What the player shows now, read from its DOM."""
        return self.browser.execute_script(self.SHOWN, player)

    def shown_while_stepping(self, player):
        """Presses the player's next button up to the last event, in the page (one round trip), and
        reads what it shows after each press."""
        return self.browser.execute_script(
            "var p = arguments[0], read = function () {" + self.SHOWN.replace("var p = arguments[0], ", "var ")
            + "}, out = [], next = p.querySelector('button[data-action=next]'), n = +p.querySelector('.jp-slider').max;"
            " while (+p.getAttribute('data-index') < n) { next.click(); out.push(read()); } return out;", player)

    def check(self, player, d, states, shown):
        k = shown["index"]
        ready, tasks = states[k]
        where = f"event {k} ({shown['kind']})"
        self.assertEqual(shown["ids"], ready, "the deque at " + where)
        self.assertEqual(shown["boxes"], ready[:40], "the boxes drawn at " + where)
        if d["n"][k] >= 0:
            self.assertEqual(len(shown["boxes"]), d["n"][k], "the queue's length the loop reported at " + where)
        self.assertEqual({int(t): s for t, s in shown["all"].items()}, tasks, "the tasks' states at " + where)
        for t, s in shown["cards"].items():
            self.assertEqual(s, tasks[int(t)], f"the card of task {t} at " + where)
        if d["k"][k] == STEP:
            self.assertEqual(shown["cards"][str(d["a"][k])], "running", where)
        if d["k"][k] == POP:
            self.assertEqual(shown["popped"], [d["a"][k]], "the popped handle is marked at " + where)

    def click(self, player, action):
        player.find_element("css selector", f"button[data-action={action}]").click()

    def test_1_the_player_steps_with_buttons_and_keys_and_shows_the_recorded_state(self):
        from selenium.webdriver.common.keys import Keys
        first = self.players()[0]
        d = self.data(first)
        states = replay(d)
        n = len(d["k"])
        self.assertGreater(n, 40, "a traced cell of three tasks makes many events")
        # It opens at the loop's first event: the events before it are JShell compiling the cell.
        start = self.shown(first)["index"]
        self.assertNotEqual(d["k"][start], COMPILE)
        self.assertEqual(set(d["k"][:start]), {COMPILE} if start else set(), "only compile events come before the first one shown")
        first.screenshot(os.path.join(SHOTS, "player-start.png"))
        self.browser.execute_script("arguments[0].jasyncioPlayer.go(0)", first)
        # The buttons: every event, one after the other; the first ones clicked by WebDriver, the
        # rest pressed in the page (the same button, one round trip for them all).
        kinds = set()
        for k in range(1, 13):
            self.click(first, "next")
            shown = self.shown(first)
            self.assertEqual(shown["index"], k)
            self.check(first, d, states, shown)
            kinds.add(shown["kind"])
        for k, shown in enumerate(self.shown_while_stepping(first), start=13):
            self.assertEqual(shown["index"], k)
            self.check(first, d, states, shown)
            kinds.add(shown["kind"])
        self.assertEqual(self.shown(first)["index"], n - 1)
        self.click(first, "next")
        self.assertEqual(self.shown(first)["index"], n - 1, "next stops at the last event")
        # A busy moment for the screenshot: a handle popped, two waiting.
        for k in range(n):
            if d["k"][k] == POP and len(states[k][0]) >= 2:
                self.browser.execute_script("arguments[0].jasyncioPlayer.go(arguments[1])", first, k)
                first.screenshot(os.path.join(SHOTS, "player-busy.png"))
                break
        self.assertTrue({"callSoon", "pop", "step", "suspend", "yield", "taskDone", "callAt", "timerDue"} <= kinds, kinds)
        self.click(first, "first")
        self.assertEqual(self.shown(first)["index"], 0)
        self.click(first, "last")
        self.assertEqual(self.shown(first)["index"], n - 1)
        # The keyboard, once the player has the focus.
        first.find_element("css selector", ".jp-title").click()
        keys = self.browser.switch_to.active_element
        keys.send_keys(Keys.HOME)
        self.assertEqual(self.shown(first)["index"], 0)
        for k in range(1, 8):
            keys.send_keys(Keys.ARROW_RIGHT)
            shown = self.shown(first)
            self.assertEqual(shown["index"], k)
            self.check(first, d, states, shown)
        keys.send_keys(Keys.SHIFT, Keys.ARROW_RIGHT)
        self.assertEqual(self.shown(first)["index"], 17, "Shift+→ goes ten ahead")
        keys.send_keys(Keys.ARROW_LEFT)
        shown = self.shown(first)
        self.assertEqual(shown["index"], 16)
        self.check(first, d, states, shown)
        keys.send_keys(Keys.END)
        self.assertEqual(self.shown(first)["index"], n - 1)
        # A box's cause: a click on a handle in the deque goes to the event that appended it.
        keys.send_keys(Keys.HOME)
        for _ in range(40):
            shown = self.shown(first)
            if len(shown["boxes"]) >= 2:
                break
            keys.send_keys(Keys.ARROW_RIGHT)
        box = first.find_elements("css selector", ".jp-deque .jp-box:not(.jp-popped)")[-1]
        cause = int(box.get_attribute("data-cause-event"))
        handle = int(box.get_attribute("data-handle-id"))
        box.click()
        shown = self.shown(first)
        self.assertEqual(shown["index"], cause)
        self.assertIn(d["k"][cause], (SCHEDULED, TIMER_DUE), "a box's cause is the event that appended it")
        self.assertEqual(d["a"][cause], handle)
        self.assertEqual(shown["ids"][-1], handle, "there, it is the handle just appended")

    def test_2_a_click_on_the_timeline_moves_the_player_there(self):
        from selenium.webdriver.common.action_chains import ActionChains
        first = self.players()[0]
        d = self.data(first)
        times, t = [], 0
        for delta in d["t"]:
            t += delta
            times.append(t)
        svg = first.find_element("css selector", ".jp-timeline svg")
        left = float(svg.get_attribute("data-left"))
        width = float(svg.get_attribute("data-plot-width"))
        rendered = svg.size["width"] / float(svg.get_attribute("width"))
        chosen = []
        for share in (0.2, 0.8):
            x = (left + share * width) * rendered - svg.size["width"] / 2
            ActionChains(self.browser).move_to_element_with_offset(svg, int(x), -svg.size["height"] // 2 + 12).click().perform()
            index = self.shown(first)["index"]
            clicked = float(svg.get_attribute("data-click-time"))
            nearest = min(range(len(times)), key=lambda i: (abs(times[i] - clicked), -i if times[i] <= clicked else i))
            self.assertLessEqual(abs(times[index] - clicked), abs(times[nearest] - clicked) + 1e-6,
                                 f"the click at {clicked:.0f} ns went to event {index} at {times[index]} ns")
            chosen.append(index)
        self.assertLess(chosen[0], chosen[1], "further right is later")
        first.screenshot(os.path.join(SHOTS, "player-timeline-click.png"))

    def test_3_two_players_on_one_page_do_not_clash(self):
        first, second = self.players()[:2]
        self.assertNotEqual(first.get_attribute("id"), second.get_attribute("id"))
        before = self.shown(first)["index"]
        self.click(second, "last")
        self.click(second, "prev")
        self.assertEqual(self.shown(first)["index"], before, "stepping one player leaves the other")
        second_data = self.data(second)
        self.assertEqual(self.shown(second)["index"], len(second_data["k"]) - 2)
        self.assertIn("result=42", json.dumps(second_data["tasks"]))
        # Play moves the player on by itself, at the speed chosen; pause stops it.
        self.click(second, "first")
        self.browser.execute_script("var s = arguments[0].querySelector('.jp-speed'); s.value = '25';"
                                    "s.dispatchEvent(new Event('change'));", second)
        self.click(second, "play")
        self.assertEqual(second.get_attribute("data-playing"), "1")
        self.wait("return +arguments[0].getAttribute('data-index') >= 5", second)
        self.click(second, "play")
        self.assertEqual(second.get_attribute("data-playing"), "0")
        self.browser.save_screenshot(os.path.join(SHOTS, "notebook-page.png"))

    def test_4_the_saved_notebook_keeps_a_picture_and_text_for_front_ends_without_scripts(self):
        saved = self.server.request("GET", "/api/contents/player.ipynb")["content"]
        for cell in saved["cells"]:
            outputs = [o for o in cell["outputs"] if o["output_type"] == "display_data" and "text/html" in o["data"]
                       and "jasyncio-player" in o["data"]["text/html"]]
            self.assertEqual(len(outputs), 1, "one player per traced cell")
            data = outputs[0]["data"]
            png = base64.b64decode(data["image/png"])
            width, height = png_size(png)
            self.assertGreaterEqual(width, 600)
            self.assertGreaterEqual(height, 200)
            self.assertGreater(len(png), 5000, "a drawn picture, not an empty one")
            self.assertTrue(data["text/plain"].startswith("trace: "), data["text/plain"][:200])
            with open(os.path.join(SHOTS, f"player-fallback-{saved['cells'].index(cell)}.png"), "wb") as f:
                f.write(png)

    def test_5_an_untrusted_notebook_shows_the_picture_without_running_the_script(self):
        """Opened untrusted (written by someone else: not signed), the notebook's outputs are sanitized
        and no script runs; the player's static part, the PNG of the final state and timeline, shows."""
        saved = self.server.request("GET", "/api/contents/player.ipynb")["content"]
        for cell in saved["cells"]:
            cell["metadata"].pop("trusted", None)
        # Other content than the notebook this server signed: its signature is unknown here.
        saved["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "A copy from someone else."})
        self.server.request("PUT", "/api/contents/untrusted.ipynb", {"type": "notebook", "format": "json", "content": saved})
        b = self.browser
        try:
            b.get(self.server.url("/notebooks/untrusted.ipynb"))
            self.wait("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded)")
            self.assertFalse(b.execute_script("return Jupyter.notebook.trusted"), "the copy is not trusted")
            self.wait("return document.querySelectorAll('.output_area img').length >= 3")
            shown = b.execute_script("""
                return Array.prototype.map.call(document.querySelectorAll('.output_area img'), function (i) {
                    return [i.naturalWidth, i.getBoundingClientRect().width, (i.getAttribute('src') || '').slice(0, 22)]; });""")
            self.assertTrue(all(w >= 600 and shown_width > 300 for w, shown_width, _ in shown), shown)
            self.assertEqual(b.execute_script("return document.querySelectorAll('.jasyncio-player[data-mounted]').length"), 0,
                             "no script ran")
            b.save_screenshot(os.path.join(SHOTS, "untrusted-notebook.png"))
        finally:
            b.get(self.server.url("/notebooks/player.ipynb"))
            self.wait("return document.querySelectorAll('.jasyncio-player[data-mounted]').length === 3")

    def test_5b_a_line_of_the_trace_is_found_in_the_player_by_its_number(self):
        """--lines streams each event as a line ending with #N; typed into the player's event box,
        N shows that very event, and its CPython call path."""
        from selenium.webdriver.common.keys import Keys
        player = self.players()[2]
        d = self.data(player)
        cell = self.browser.execute_script("return arguments[0].closest('.cell')", player)
        text = cell.find_element("css selector", ".output_area .output_stream, .output_area pre").text
        import re
        numbered = re.findall(r"^\+[\d.]+ms it=\d+ (\w+) (.*?)  #(\d+)$", text, re.M)
        self.assertGreater(len(numbered), 10, text[:2000])
        kinds = [k[0] for k in d["kinds"]]
        for kind, detail, number in numbered:
            self.assertEqual(kinds[d["k"][int(number) - 1]], kind, f"line #{number} is a {kind} event in the player")
        pop = next(int(n) for kind, detail, n in numbered if kind == "pop" and ".step>" in detail)
        step = next(int(n) for kind, detail, n in numbered if kind == "step")
        for number, kind, path in ((pop, "pop", "_ready.popleft()"), (step, "step", "coro.send(None)")):
            box = player.find_element("css selector", ".jp-number")
            box.clear()
            box.send_keys(str(number), Keys.ENTER)
            self.assertEqual(player.get_attribute("data-event"), str(number - 1))
            self.assertEqual(player.get_attribute("data-kind"), kind)
            self.assertIn(path, player.find_element("css selector", ".jp-path").text)
        # The first step's Handle was appended by the task's constructor: CPython's Task.__init__.
        appended = next(int(n) for kind, detail, n in numbered if kind == "callSoon" and ".step>" in detail)
        self.browser.execute_script("arguments[0].jasyncioPlayer.go(arguments[1])", player, appended - 1)
        self.assertIn("Task.__init__ → loop.call_soon(self.__step)", player.find_element("css selector", ".jp-path").text)
        player.screenshot(os.path.join(SHOTS, "player-virtual-numbered.png"))

    def test_5c_under_virtual_time_the_timeline_is_on_the_loop_clock_and_real_time_a_choice_away(self):
        from selenium.webdriver.common.action_chains import ActionChains
        player = self.players()[2]
        d = self.data(player)
        self.assertTrue(d["virtual"])
        svg = player.find_element("css selector", ".jp-timeline svg")
        self.assertEqual(svg.get_attribute("data-axis"), "loop")
        self.assertAlmostEqual(float(svg.get_attribute("data-to")), 100e6, delta=1e3, msg="the axis spans the 100 ms of loop time")
        self.assertIn("loop.time()", player.find_element("css selector", ".jp-timeline").text)
        # The loop's clock after each event, replayed here: iterations and wake-ups carry it, a jump moves it.
        clock, clocks = 0.0, []
        for i, k in enumerate(d["k"]):
            if k in (ITERATION, WOKE, CLOCK_JUMP):
                clock = d["x"][i]
            clocks.append(clock)
        # The cursor of the timer's event sits at 100 ms on the axis; a click at 50 ms goes to an event nearest it.
        due = d["k"].index(TIMER_DUE)
        self.browser.execute_script("arguments[0].jasyncioPlayer.go(arguments[1])", player, due)
        cursor = float(player.find_element("css selector", ".jp-cursor").get_attribute("x1"))
        left, width = float(svg.get_attribute("data-left")), float(svg.get_attribute("data-plot-width"))
        self.assertGreater((cursor - left) / width, 0.95, "the timer fired at the end of the 100 ms")
        player.screenshot(os.path.join(SHOTS, "player-virtual-loop-axis.png"))
        rendered = svg.size["width"] / float(svg.get_attribute("width"))
        x = (left + 0.5 * width) * rendered - svg.size["width"] / 2
        ActionChains(self.browser).move_to_element_with_offset(svg, int(x), -svg.size["height"] // 2 + 12).click().perform()
        clicked = float(svg.get_attribute("data-click-time")) / 1e9
        index = int(player.get_attribute("data-index"))
        self.assertAlmostEqual(clicked, 0.05, delta=0.01)
        self.assertLessEqual(abs(clocks[index] - clicked), min(abs(c - clicked) for c in clocks) + 1e-9,
                             f"the click at {clicked} s of loop time went to event {index} at {clocks[index]} s")
        # Real time instead: the axis is the trace's real duration.
        self.browser.execute_script("var s = arguments[0].querySelector('.jp-axis'); s.value = 'real';"
                                    "s.dispatchEvent(new Event('change'));", player)
        svg = player.find_element("css selector", ".jp-timeline svg")
        self.assertEqual(svg.get_attribute("data-axis"), "real")
        self.assertIn("real time", player.find_element("css selector", ".jp-timeline").text)
        player.screenshot(os.path.join(SHOTS, "player-virtual-real-axis.png"))

    def test_5d_a_cells_result_shows_as_its_text(self):
        """The cell's Task has the cell's value as its result: the card says result=[a, b], not the mime bundle."""
        d = self.data(self.players()[0])
        outcomes = [t[1] for t in d["tasks"].values()]
        self.assertIn("result=[a, b]", outcomes)
        self.assertFalse(any("CellValue" in o or "mimeBundle" in o for o in outcomes), outcomes)

    def test_6_no_javascript_error(self):
        entries = self.browser.get_log("browser")
        # Notebook 6 always asks for the ipywidgets extension (main.js, "HARDCODED WIDGETS HACK"); without
        # ipywidgets installed that is a 404 and a refused script of the Notebook's own. Any other error fails.
        widgets = "/nbextensions/widgets/notebook/js/extension.js"
        # Chromium's interventions are the browser's notes on the page, not errors of its scripts: when
        # a test leaves a notebook with changes, the Notebook's beforeunload asks to confirm, and
        # Chromium blocks the panel on a page that never had a user gesture (logged as SEVERE).
        errors = [e for e in entries if e["level"] == "SEVERE" and widgets not in e["message"]
                  and e.get("source") != "intervention"]
        self.assertEqual(errors, [], "JavaScript errors in the browser")
        for player in self.players():
            self.assertIsNone(player.get_attribute("data-error"))


if __name__ == "__main__":
    unittest.main()
