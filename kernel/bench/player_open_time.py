#!/usr/bin/python3
"""Opens each player page given in headless Chromium and prints how long it took until the player
was mounted and drawn (from navigation start: parsing the HTML, JSON.parse, the replay pass that
makes the checkpoints, the first picture and the timeline), then the time of one step and of a
jump to the middle.   player_open_time.py PAGE.html..."""
import sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

options = Options()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--window-size=1200,1800", "--user-data-dir=" + tempfile.mkdtemp()]:
    options.add_argument(flag)
browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    for page in sys.argv[1:]:
        runs = []
        for _ in range(3):
            browser.get("file://" + page)
            mounted = browser.execute_script("return window.__mountedAt")
            state = browser.execute_script("var r = document.querySelector('.jasyncio-player');"
                                           "return [r.getAttribute('data-index'), r.getAttribute('data-error'), document.querySelector('.jp-pos').textContent]")
            step = browser.execute_script("var p = document.querySelector('.jasyncio-player').jasyncioPlayer, t = performance.now();"
                                          "p.go(p.index + 1); return performance.now() - t;")
            seek = browser.execute_script("var p = document.querySelector('.jasyncio-player').jasyncioPlayer, t = performance.now();"
                                          "p.go(Math.floor(p.n / 2)); return performance.now() - t;")
            runs.append((mounted, step, seek))
            assert state[0] == "0" and state[1] is None, state
        best = min(runs)
        print(f"{page.rsplit('/', 1)[-1]}: open {best[0]:.0f} ms (runs: {', '.join(f'{r[0]:.0f}' for r in runs)}), "
              f"next {best[1]:.1f} ms, jump to the middle {best[2]:.1f} ms; {state[2]}")
finally:
    browser.quit()
