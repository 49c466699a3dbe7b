/* The jasyncio %%trace player: steps through the events a traced cell recorded and draws the
 * loop's state after each (ready deque, timer heap, tasks, what runs, the selector's wait, the
 * CPython code doing the same) above a timeline. Self-contained: no network, no library.
 * The state at an event is replayed from the log (Model.apply mirrors the kernel's LoopModel.apply,
 * code for code); each run of events starts from the keyframe the kernel sent with it.
 * Defined once per page (window.jasyncioPlayer1); mount(root) once per output. */
(function (global) {
  "use strict";
  if (global.jasyncioPlayer1) {
    return;
  }
  // Event kinds: the codes of the kernel's EventKind (a test checks they match).
  var ITERATION = 0, SCHEDULED = 1, TIMER_SCHEDULED = 2, TIMER_CANCELLED = 3, TIMER_DUE = 4, WAIT = 5, WOKE = 6,
      POP = 7, RAN = 8, TASK_CREATED = 9, STEP = 10, SUSPEND = 11, YIELD = 12, TASK_DONE = 13, FUTURE_DONE = 14,
      RUN_UNTIL_COMPLETE = 15, COMPILE = 16, CLOCK_JUMP = 17, NOTE = 18;
  // Task states: the codes of LoopModel.
  var PENDING = 0, RUNNING = 1, SUSPENDED = 2, YIELDED = 3, DONE = 4, FAILED = 5, CANCELLED = 6;
  // Causes: the codes of EventKind.Cause.
  var CALL_SOON = 0, C_TASK_CREATED = 1, C_TASK_YIELD = 2, FUTURE_CALLBACK = 3, THREADSAFE = 4, IO_READY = 5;
  var CHECKPOINT = 256, SHOWN_BOXES = 40, SHOWN_TIMERS = 40, SHOWN_CARDS = 48;
  var SVGNS = "http://www.w3.org/2000/svg";

  // ---- the replayed state ----

  function Model() {
    this.ready = [];     // handle ids, FIFO from this.head
    this.readyAt = [];   // the event that appended each (-1: before this run of events)
    this.head = 0;
    this.timers = new Map();   // id -> [when, event that pushed it]
    this.tasks = new Map();    // id -> [state, awaiting, event of its last suspend]
    this.running = [];
    this.handle = 0;
    this.poppedAt = -1;  // the event that appended the handle popped last
    this.it = 0;
    this.clk = 0;
    this.w = null;
  }

  Model.prototype.restore = function (key) {
    this.ready = key.r.slice();
    this.readyAt = key.r.map(function () { return -1; });
    this.head = 0;
    this.timers = new Map();
    for (var i = 0; i < key.h.length; i++) {
      this.timers.set(key.h[i][0], [key.h[i][1], -1]);
    }
    this.tasks = new Map();
    for (i = 0; i < key.ts.length; i++) {
      this.tasks.set(key.ts[i][0], [key.ts[i][1], key.ts[i][2], -1]);
    }
    this.running = key.run.slice();
    this.handle = key.hd;
    this.it = key.it;
    this.clk = key.clk;
    this.w = key.w;
  };

  Model.prototype.copy = function () {
    var m = new Model();
    m.ready = this.ready.slice(this.head);
    m.readyAt = this.readyAt.slice(this.head);
    m.timers = new Map(this.timers);
    m.tasks = new Map();
    this.tasks.forEach(function (v, k) { m.tasks.set(k, v.slice()); });
    m.running = this.running.slice();
    m.handle = this.handle;
    m.poppedAt = this.poppedAt;
    m.it = this.it;
    m.clk = this.clk;
    m.w = this.w;
    return m;
  };

  Model.prototype.push = function (id, at) {
    this.ready.push(id);
    this.readyAt.push(at);
  };

  /** _ready.popleft() until the popped handle (those before it were cancelled and skipped). */
  Model.prototype.popUntil = function (id) {
    for (var i = this.head; i < this.ready.length; i++) {
      if (this.ready[i] === id) {
        this.poppedAt = this.readyAt[i];
        this.head = i + 1;
        if (this.head > 64 && this.head * 2 > this.ready.length) {
          this.ready = this.ready.slice(this.head);
          this.readyAt = this.readyAt.slice(this.head);
          this.head = 0;
        }
        return;
      }
    }
  };

  Model.prototype.setTask = function (id, state, awaiting, line) {
    var old = this.tasks.get(id);
    this.tasks.set(id, [state, awaiting, line === undefined ? (old ? old[2] : -1) : line]);
  };

  Model.prototype.leave = function (id) {
    if (this.running.length && this.running[this.running.length - 1] === id) {
      this.running.pop();
    }
  };

  /** The one place an event changes the state (LoopModel.apply in the kernel). */
  Model.prototype.apply = function (i, k, a, b, x, hasLine) {
    switch (k) {
      case ITERATION: this.it = a; this.clk = x; this.handle = 0; break;
      case SCHEDULED: this.push(a, i); break;
      case TIMER_SCHEDULED: this.timers.set(a, [x, i]); break;
      case TIMER_CANCELLED: this.timers.delete(a); break;
      case TIMER_DUE: this.timers.delete(a); this.push(a, i); break;
      case WAIT: this.w = x; break;
      case WOKE: this.w = null; this.clk = x; break;
      case CLOCK_JUMP: this.clk = x; break;
      case POP: this.poppedAt = -1; this.popUntil(a); this.handle = a; break;
      case RAN: this.handle = 0; break;
      case TASK_CREATED: this.setTask(a, PENDING, 0); break;
      case STEP: this.setTask(a, RUNNING, 0); this.running.push(a); break;
      case SUSPEND: this.setTask(a, SUSPENDED, b, hasLine ? i : undefined); this.leave(a); break;
      case YIELD: this.setTask(a, YIELDED, 0, hasLine ? i : undefined); this.leave(a); break;
      case TASK_DONE: this.setTask(a, b === 0 ? DONE : b === 1 ? FAILED : CANCELLED, 0); this.leave(a); break;
      default: break;
    }
  };

  Model.prototype.readyIds = function () {
    return this.ready.slice(this.head);
  };

  // ---- formatting ----

  function ms(ns) {
    var v = ns / 1e6;
    if (Math.abs(v) >= 1000) { return (v / 1000).toFixed(3) + " s"; }
    if (Math.abs(v) >= 1) { return v.toFixed(3) + " ms"; }
    return (ns / 1e3).toFixed(1) + " µs";
  }

  function seconds(s) {
    if (s === null || s === undefined) { return "—"; }
    return ms(s * 1e9);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var key in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, key)) { e.setAttribute(key, attrs[key]); }
    }
    return e;
  }

  // ---- one player ----

  function Player(root, data) {
    this.root = root;
    this.d = data;
    this.n = data.k.length;
    this.index = 0;
    this.playing = null;
    this.speed = 5;
    this.prepare();
    this.build();
    this.go(0);
  }

  /** One pass over the log: absolute times, runs of events, checkpoints of the state. */
  Player.prototype.prepare = function () {
    var d = this.d, n = this.n;
    this.time = new Float64Array(n);
    var t = 0;
    for (var i = 0; i < n; i++) { t += d.t[i]; this.time[i] = t; }
    this.segOf = new Int32Array(n);
    var s = 0;
    for (i = 0; i < n; i++) {
      while (s + 1 < d.seg.length && d.seg[s + 1][0] <= i) { s++; }
      this.segOf[i] = s;
    }
    this.checkpoints = [];
    var m = new Model();
    for (i = 0; i < n; i++) {
      if (d.seg[this.segOf[i]][0] === i) { m.restore(d.seg[this.segOf[i]][4]); }
      if (i % CHECKPOINT === 0) { this.checkpoints.push(m.copy()); } // the state before event i
      m.apply(i, d.k[i], d.a[i], d.b[i], d.x[i], d.lines[i] !== undefined);
    }
    this.model = null;
    this.modelAt = -1;
    // Compile spans, for the timeline's run-time axis (compile time left out).
    this.compiles = (d.timeline.compile || []).slice().sort(function (p, q) { return p[0] - q[0]; });
    this.compileTotal = 0;
    for (i = 0; i < this.compiles.length; i++) { this.compileTotal += this.compiles[i][1] - this.compiles[i][0]; }
    this.collapse = this.compileTotal > 0;
  };

  /** The state after event k. */
  Player.prototype.stateAt = function (k) {
    if (this.model && this.modelAt === k - 1 && this.segOf[k] === this.segOf[this.modelAt] && this.d.seg[this.segOf[k]][0] !== k) {
      this.model.apply(k, this.d.k[k], this.d.a[k], this.d.b[k], this.d.x[k], this.d.lines[k] !== undefined);
      this.modelAt = k;
      return this.model;
    }
    var seg = this.d.seg[this.segOf[k]];
    var c = Math.floor(k / CHECKPOINT) * CHECKPOINT;
    var m, from;
    if (c < seg[0]) {
      m = new Model();
      m.restore(seg[4]);
      from = seg[0];
    } else {
      m = this.checkpoints[c / CHECKPOINT].copy();
      from = c;
    }
    for (var i = from; i <= k; i++) {
      m.apply(i, this.d.k[i], this.d.a[i], this.d.b[i], this.d.x[i], this.d.lines[i] !== undefined);
    }
    this.model = m;
    this.modelAt = k;
    return m;
  };

  Player.prototype.handleName = function (id) {
    var h = this.d.handles[id];
    if (!h) { return "Handle #" + id; }
    return (h[2] & 1 ? "TimerHandle<" : "Handle<") + h[0] + ">";
  };

  Player.prototype.handleTask = function (id) {
    var h = this.d.handles[id];
    return h ? h[1] : 0;
  };

  Player.prototype.taskName = function (id) {
    var t = this.d.tasks[id];
    return t ? t[0] : "Task#" + id;
  };

  Player.prototype.futureName = function (ref) {
    if (ref > 0) { return this.taskName(ref); }
    return this.d.futures[ref] || ("Future #" + (-ref));
  };

  Player.prototype.line = function (i) {
    var l = this.d.lines[i];
    return l ? (l[1] ? "" : "an earlier cell, ") + l[0] : null;
  };

  /** The event that put handle id on the queue at event index 'at' explains: a sentence. */
  Player.prototype.cause = function (i) {
    var d = this.d, k = d.k[i], b = d.b[i], c = d.c[i];
    if (k === TIMER_DUE) { return "due timer"; }
    if (k !== SCHEDULED) { return ""; }
    var where = this.line(i);
    switch (b) {
      case CALL_SOON: return "callSoon" + (c ? " by " + this.taskName(c) : "") + (where ? " at " + where : "");
      case C_TASK_CREATED: return "new task " + this.taskName(c);
      case C_TASK_YIELD: return "bare yield of " + this.taskName(c);
      case FUTURE_CALLBACK: return "done callback of " + this.futureName(c);
      case THREADSAFE: return "callSoonThreadsafe from " + (d.strings[c] || "a thread");
      case IO_READY: return "I/O ready: " + (d.strings[c] || "a channel");
      default: return "";
    }
  };

  /** The event that explains event i (a future's completion for its done callback, the creation of a task...), or -1. */
  Player.prototype.causeEvent = function (i) {
    var d = this.d, k = d.k[i];
    if (k === SCHEDULED && d.b[i] === FUTURE_CALLBACK) {
      for (var j = i - 1; j >= 0 && j > i - 5000; j--) {
        if ((d.k[j] === FUTURE_DONE && d.a[j] === d.c[i]) || (d.k[j] === TASK_DONE && d.a[j] === d.c[i])) { return j; }
      }
    } else if (k === SCHEDULED && (d.b[i] === C_TASK_CREATED || d.b[i] === C_TASK_YIELD)) {
      for (j = i - 1; j >= 0 && j > i - 5000; j--) {
        if ((d.k[j] === TASK_CREATED || d.k[j] === STEP) && d.a[j] === d.c[i]) { return j; }
      }
    } else if (k === TIMER_DUE) {
      for (j = i - 1; j >= 0 && j > i - 50000; j--) {
        if (d.k[j] === TIMER_SCHEDULED && d.a[j] === d.a[i]) { return j; }
      }
    } else if (k === STEP || k === POP || k === RAN) {
      var h = k === STEP ? -1 : d.a[i];
      for (j = i - 1; j >= 0 && j > i - 5000; j--) {
        if (h < 0 && d.k[j] === POP) { h = d.a[j]; continue; }
        if (h >= 0 && (d.k[j] === SCHEDULED || d.k[j] === TIMER_DUE) && d.a[j] === h) { return j; }
      }
    }
    return -1;
  };

  Player.prototype.describe = function (i) {
    var d = this.d, k = d.k[i], a = d.a[i], b = d.b[i], x = d.x[i];
    switch (k) {
      case ITERATION: return "runOnce #" + a + " begins";
      case SCHEDULED: return "_ready.append(" + this.handleName(a) + ")";
      case TIMER_SCHEDULED: return "heappush(_scheduled, " + this.handleName(a) + ") due at +" + seconds(x);
      case TIMER_CANCELLED: return this.handleName(a) + ".cancel()";
      case TIMER_DUE: return "heappop → _ready.append(" + this.handleName(a) + ")";
      case WAIT: return "selector.select(timeout=" + (x < 0 ? "None: until woken" : seconds(x)) + ")";
      case WOKE: return "select returned " + b + " I/O event" + (b === 1 ? "" : "s");
      case POP: return "_ready.popleft() → " + this.handleName(a);
      case RAN: return this.handleName(a) + "._run() returned after " + ms(x);
      case TASK_CREATED: return "Task " + this.taskName(a) + " created" + (b ? " by " + this.taskName(b) : "");
      case STEP: return this.taskName(a) + ".__step() → " + (b ? "coro.throw(CancelledError)" : "coro.send(None)");
      case SUSPEND: return this.taskName(a) + " suspends on " + this.futureName(b) + ": add_done_callback(__wakeup)";
      case YIELD: return this.taskName(a) + " yields (bare yield): call_soon(__step)";
      case TASK_DONE: return this.taskName(a) + " " + ["done", "failed", "cancelled"][b] + (d.tasks[a] && d.tasks[a][1] ? ": " + d.tasks[a][1] : "");
      case FUTURE_DONE: return this.futureName(a) + " " + ["done", "failed", "cancelled"][d.c[i]] + ": schedules " + b + " callback" + (b === 1 ? "" : "s");
      case RUN_UNTIL_COMPLETE: return "run_until_complete(" + (d.strings[d.c[i]] || this.futureName(a)) + ")";
      case COMPILE: return b ? "JShell compiles a snippet of the cell" : "the compiled snippet starts to run";
      case CLOCK_JUMP: return "virtual time: the clock jumps to +" + seconds(x);
      case NOTE: return d.strings[d.c[i]] || "note";
      default: return "event " + k;
    }
  };

  // ---- the page ----

  Player.prototype.build = function () {
    var self = this, d = this.d, root = this.root;
    var ui = el("div", "jp-ui");
    var head = el("div", "jp-head");
    head.appendChild(el("span", "jp-title", d.title));
    var run = d.elapsed - this.compileTotal;
    var taskCount = Object.keys(d.tasks).length;
    head.appendChild(el("span", "jp-meta", d.events.toLocaleString() + " events · " + taskCount + " task" + (taskCount === 1 ? "" : "s")
        + " · run " + ms(run) + (this.compileTotal > 0 ? " · JShell compile " + ms(this.compileTotal) + " (shown apart)" : "")
        + (d.virtual ? " · virtual clock: loop.time() jumps to each timer; the timeline shows real time" : "")));
    ui.appendChild(head);
    if (d.sent < d.events) {
      ui.appendChild(el("div", "jp-note", "A long run: the player carries " + d.sent.toLocaleString() + " of its "
          + d.events.toLocaleString() + " events (the first ones, the last ones and " + Math.max(0, d.seg.length - 2)
          + " windows between); where events were left out, it says how many and of which kind. The timeline covers the whole run."));
    }
    var controls = el("div", "jp-controls");
    function button(action, label, title) {
      var b = el("button", "jp-" + action, label);
      b.type = "button";
      b.title = title;
      b.setAttribute("data-action", action);
      controls.appendChild(b);
      return b;
    }
    button("first", "«", "first event (Home)");
    button("prev", "‹ prev", "previous event (←; Shift+← 10 back)");
    this.playButton = button("play", "▶ play", "play / pause (Space)");
    this.playButton.setAttribute("aria-pressed", "false");
    button("next", "next ›", "next event (→; Shift+→ 10 ahead)");
    button("last", "»", "last event (End)");
    var speed = el("select", "jp-speed");
    speed.title = "events a second";
    [1, 2, 5, 10, 25, 100].forEach(function (v) {
      var o = el("option", null, v + "/s");
      o.value = v;
      if (v === self.speed) { o.selected = true; }
      speed.appendChild(o);
    });
    speed.addEventListener("change", function () { self.speed = +speed.value; if (self.playing) { self.play(false); self.play(true); } });
    controls.appendChild(speed);
    this.slider = el("input", "jp-slider");
    this.slider.type = "range";
    this.slider.min = 0;
    this.slider.max = Math.max(0, this.n - 1);
    this.slider.value = 0;
    this.slider.addEventListener("input", function () { self.go(+self.slider.value); });
    controls.appendChild(this.slider);
    this.pos = el("span", "jp-pos");
    controls.appendChild(this.pos);
    controls.addEventListener("click", function (e) {
      var action = e.target && e.target.getAttribute && e.target.getAttribute("data-action");
      if (action === "first") { self.go(0); }
      else if (action === "prev") { self.go(self.index - 1); }
      else if (action === "next") { self.go(self.index + 1); }
      else if (action === "last") { self.go(self.n - 1); }
      else if (action === "play") { self.play(!self.playing); }
    });
    ui.appendChild(controls);
    this.eventLine = el("div", "jp-event");
    ui.appendChild(this.eventLine);

    var grid = el("div", "jp-grid");
    var left = el("div", "jp-panel jp-ready-panel");
    this.readyTitle = el("h4");
    left.appendChild(this.readyTitle);
    this.deque = el("div", "jp-deque");
    left.appendChild(this.deque);
    this.nowList = el("dl", "jp-now");
    left.appendChild(this.nowList);
    grid.appendChild(left);
    var right = el("div", "jp-panel jp-timer-panel");
    this.timerTitle = el("h4");
    right.appendChild(this.timerTitle);
    this.clock = el("div", "jp-clock");
    right.appendChild(this.clock);
    this.timerList = el("ul", "jp-timers");
    right.appendChild(this.timerList);
    grid.appendChild(right);
    ui.appendChild(grid);

    this.taskBox = el("div", "jp-tasks");
    ui.appendChild(this.taskBox);

    var code = el("div", "jp-code");
    var py = el("div", "jp-panel");
    this.pyTitle = el("h4");
    py.appendChild(this.pyTitle);
    this.pyCode = el("pre");
    py.appendChild(this.pyCode);
    var jv = el("div", "jp-panel");
    this.javaTitle = el("h4");
    jv.appendChild(this.javaTitle);
    this.javaCode = el("pre");
    jv.appendChild(this.javaCode);
    code.appendChild(py);
    code.appendChild(jv);
    ui.appendChild(code);

    this.timelineBox = el("div", "jp-timeline");
    ui.appendChild(this.timelineBox);
    ui.appendChild(el("div", "jp-keys", "Keys (click the player first): ← → step, Shift+← → ten, Home End, Space play. "
        + "Click a box, a timer or a card to jump to the event behind it. Timeline: click to go there, drag to zoom, wheel to zoom, double-click to zoom out."));
    root.appendChild(ui);

    // Keys, when the player has the focus; the notebook's own shortcuts do not see them.
    root.setAttribute("tabindex", "0");
    root.setAttribute("data-lm-suppress-shortcuts", "true");
    root.addEventListener("keydown", function (e) {
      var step = e.shiftKey ? 10 : 1, handled = true;
      if (e.target && (e.target.tagName === "SELECT" || e.target.tagName === "INPUT") && e.key !== " ") {
        if (e.target.tagName === "INPUT" && (e.key === "ArrowLeft" || e.key === "ArrowRight")) { e.stopPropagation(); }
        return;
      }
      switch (e.key) {
        case "ArrowRight": self.go(self.index + step); break;
        case "ArrowLeft": self.go(self.index - step); break;
        case "PageDown": self.go(self.index + 100); break;
        case "PageUp": self.go(self.index - 100); break;
        case "Home": self.go(0); break;
        case "End": self.go(self.n - 1); break;
        case " ": self.play(!self.playing); break;
        default: handled = false;
      }
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    });
    root.addEventListener("mousedown", function (e) {
      if (!e.target || (e.target.tagName !== "SELECT" && e.target.tagName !== "INPUT")) {
        try { root.focus({preventScroll: true}); } catch (err) { root.focus(); }
      }
    });
    this.timeline = new Timeline(this);
  };

  Player.prototype.play = function (on) {
    var self = this;
    if (this.playing) { clearInterval(this.playing); this.playing = null; }
    if (on) {
      if (this.index >= this.n - 1) { this.go(0); }
      this.playing = setInterval(function () {
        if (self.index >= self.n - 1 || !document.body.contains(self.root)) { self.play(false); return; }
        self.go(self.index + 1);
      }, 1000 / this.speed);
    }
    this.playButton.textContent = this.playing ? "|| pause" : "▶ play";
    this.playButton.setAttribute("aria-pressed", this.playing ? "true" : "false");
    this.root.setAttribute("data-playing", this.playing ? "1" : "0");
  };

  Player.prototype.go = function (k) {
    if (this.n === 0) { return; }
    k = Math.max(0, Math.min(this.n - 1, k | 0));
    this.index = k;
    var m = this.stateAt(k);
    this.render(k, m);
    this.slider.value = k;
    this.timeline.cursor(this.time[k]);
  };

  Player.prototype.jumpLink = function (text, target) {
    var self = this;
    var a = el("a", "jp-link", text);
    a.setAttribute("data-goto", target);
    a.addEventListener("click", function (e) { e.stopPropagation(); self.go(target); });
    return a;
  };

  Player.prototype.render = function (k, m) {
    var self = this, d = this.d, root = this.root;
    var kind = d.k[k], a = d.a[k];
    var global = d.seg[this.segOf[k]][1] + (k - d.seg[this.segOf[k]][0]);
    root.setAttribute("data-index", k);
    root.setAttribute("data-event", global);
    root.setAttribute("data-kind", d.kinds[kind][0]);
    root.setAttribute("data-time", this.time[k]);
    this.pos.textContent = "event " + (k + 1).toLocaleString() + " / " + this.n.toLocaleString()
        + (d.sent < d.events ? " (#" + (global + 1).toLocaleString() + " of " + d.events.toLocaleString() + ")" : "");

    // The event, and what caused it.
    var line = this.eventLine;
    line.textContent = "";
    var seg = d.seg[this.segOf[k]];
    if (seg[0] === k && seg[2] > 0) {
      var gap = el("div", "jp-gap", "⋯ " + seg[2].toLocaleString() + " events left out here: " + Object.keys(seg[3]).map(function (key) {
        return seg[3][key].toLocaleString() + " " + key;
      }).join(", ") + " — the state below is the loop's as this stretch begins");
      gap.setAttribute("data-omitted", seg[2]);
      line.appendChild(gap);
    }
    line.appendChild(el("span", "jp-kind", d.kinds[kind][0]));
    line.appendChild(el("span", "jp-what jp-mono", this.describe(k)));
    line.appendChild(el("span", "jp-meta", "  it=" + m.it + "  " + (d.virtual ? "loop +" + seconds(m.clk) + " (virtual), " : "") + "+" + ms(this.time[k])));
    var why = this.cause(k);
    var cause = this.causeEvent(k);
    if (why || cause >= 0 || d.lines[k]) {
      var w = el("span", "jp-why");
      if (why) { w.appendChild(document.createTextNode(" · because: " + why)); }
      else if (d.lines[k] && (kind === TIMER_SCHEDULED || kind === TASK_CREATED)) { w.appendChild(document.createTextNode(" · at " + this.line(k))); }
      else if (d.lines[k]) { w.appendChild(document.createTextNode(" · resumes at " + this.line(k))); }
      if (cause >= 0) {
        w.appendChild(document.createTextNode(" "));
        w.appendChild(this.jumpLink("(go to event " + (cause + 1) + ")", cause));
      }
      line.appendChild(w);
    }

    // The ready deque, FIFO: popleft() at the left, append() at the right.
    var ids = m.readyIds(), ats = m.readyAt.slice(m.head);
    this.readyTitle.innerHTML = "";
    this.readyTitle.appendChild(document.createTextNode("Ready queue "));
    this.readyTitle.appendChild(el("small", null, "loop._ready · collections.deque · " + ids.length + " handle" + (ids.length === 1 ? "" : "s")
        + " · popleft() ← left … right ← append()"));
    var dq = this.deque;
    dq.textContent = "";
    dq.setAttribute("data-ready-ids", ids.join(","));
    dq.setAttribute("data-ready-length", ids.length);
    var appended = (kind === SCHEDULED || kind === TIMER_DUE) ? a : 0;
    if (kind === POP || (m.handle && kind !== RAN)) {
      var popped = this.box(m.handle || a, m.poppedAt, "jp-popped");
      popped.title = "popped: " + popped.title;
      dq.appendChild(popped);
      dq.appendChild(el("span", "jp-end", "← popleft() |"));
    } else {
      dq.appendChild(el("span", "jp-end", "popleft() ←"));
    }
    for (var i = 0; i < ids.length && i < SHOWN_BOXES; i++) {
      dq.appendChild(this.box(ids[i], ats[i], ids[i] === appended && i === ids.length - 1 ? "jp-appended" : ""));
    }
    if (ids.length > SHOWN_BOXES) { dq.appendChild(el("span", "jp-more", "… " + (ids.length - SHOWN_BOXES) + " more")); }
    if (ids.length === 0) { dq.appendChild(el("span", "jp-more", "(empty)")); }
    dq.appendChild(el("span", "jp-end", "← append()"));

    // What runs now, and the selector.
    var now = this.nowList;
    now.textContent = "";
    var running = m.running.length ? m.running[m.running.length - 1] : 0;
    var runText = m.handle ? this.handleName(m.handle) : "nothing (between callbacks)";
    now.appendChild(el("dt", null, "running"));
    var dd = el("dd", "jp-mono jp-running", runText);
    dd.setAttribute("data-handle-id", m.handle || 0);
    now.appendChild(dd);
    if (running) {
      var t = m.tasks.get(running);
      now.appendChild(el("dt", null, "task"));
      var resume = t && t[2] >= 0 ? this.line(t[2]) : null;
      now.appendChild(el("dd", "jp-mono", this.taskName(running) + ".__step() → coro.send(None)" + (resume ? " · resumes at " + resume : "")));
    }
    now.appendChild(el("dt", null, "selector"));
    var waitText = m.w === null ? "not waiting" : m.w < 0 ? "select(timeout=None): waits until woken" : "select(timeout=" + seconds(m.w) + ")";
    var wd = el("dd", "jp-wait", waitText);
    wd.setAttribute("data-waiting", m.w === null ? "" : m.w);
    now.appendChild(wd);

    // The timer heap, by due time, beside the loop's clock.
    var timers = [];
    m.timers.forEach(function (v, id) { timers.push([id, v[0], v[1]]); });
    timers.sort(function (p, q) { return p[1] - q[1] || p[0] - q[0]; });
    this.timerTitle.textContent = "";
    this.timerTitle.appendChild(document.createTextNode("Timers "));
    this.timerTitle.appendChild(el("small", null, "loop._scheduled · heapq · " + timers.length + " · soonest first"));
    this.clock.textContent = "loop.time() = " + (d.t0 + m.clk).toFixed(4) + " s (start +" + seconds(m.clk) + ")";
    this.clock.setAttribute("data-clock", m.clk);
    var list = this.timerList;
    list.textContent = "";
    list.setAttribute("data-timer-ids", timers.map(function (p) { return p[0]; }).join(","));
    timers.slice(0, SHOWN_TIMERS).forEach(function (p) {
      var li = el("li", p[0] === a && kind === TIMER_SCHEDULED ? "jp-appended" : "");
      li.setAttribute("data-handle-id", p[0]);
      li.appendChild(el("span", "jp-name", self.handleName(p[0])));
      li.appendChild(el("span", "jp-due", "due +" + seconds(p[1]) + " · in " + seconds(p[1] - m.clk)));
      if (p[2] >= 0) {
        li.title = "scheduled at event " + (p[2] + 1) + (self.line(p[2]) ? " (" + self.line(p[2]) + ")" : "") + ": click to go there";
        li.addEventListener("click", function () { self.go(p[2]); });
      } else {
        li.title = "scheduled before this stretch of events";
      }
      list.appendChild(li);
    });
    if (timers.length > SHOWN_TIMERS) { list.appendChild(el("li", "jp-more", "… " + (timers.length - SHOWN_TIMERS) + " more")); }
    if (!timers.length) { list.appendChild(el("li", "jp-more", "(no timer)")); }

    this.renderTasks(k, m, ids);
    this.renderCode(k);
  };

  /** A box of the deque: the handle, and what put it there (a click goes to that event). */
  Player.prototype.box = function (id, at, cls) {
    var self = this, h = this.d.handles[id];
    var b = el("div", "jp-box " + (cls || "") + (h && h[2] & 1 ? " jp-timer" : ""));
    b.setAttribute("data-handle-id", id);
    b.setAttribute("data-cause-event", at);
    b.appendChild(el("span", "jp-name", this.handleName(id)));
    var cause = at >= 0 ? this.cause(at) : "before this stretch";
    b.appendChild(el("span", "jp-cause", cause));
    b.title = this.handleName(id) + " #" + id + (at >= 0 ? " — put here by event " + (at + 1) + ": " + cause : " — scheduled before these events");
    if (at >= 0) {
      b.addEventListener("click", function (e) { e.stopPropagation(); self.go(at); });
    }
    return b;
  };

  Player.prototype.taskState = function (id, t, queued) {
    var s = t[0];
    if (s === RUNNING) { return "running"; }
    if (s === DONE) { return "done"; }
    if (s === FAILED) { return "failed"; }
    if (s === CANCELLED) { return "cancelled"; }
    if (queued[id]) { return "ready"; }
    if (s === SUSPENDED) { return "suspended"; }
    return "pending";
  };

  Player.prototype.renderTasks = function (k, m, readyIds) {
    var self = this, box = this.taskBox;
    box.textContent = "";
    // Ready: one of its handles is in the deque, or was just popped and is about to step it.
    var queued = {};
    for (var i = 0; i < readyIds.length; i++) {
      var task = this.handleTask(readyIds[i]);
      if (task) { queued[task] = true; }
    }
    if (m.handle && this.handleTask(m.handle)) { queued[this.handleTask(m.handle)] = true; }
    var rank = {running: 0, ready: 1, suspended: 2, pending: 3, failed: 4, cancelled: 5, done: 6};
    var cards = [];
    m.tasks.forEach(function (t, id) { cards.push([id, t, self.taskState(id, t, queued)]); });
    cards.sort(function (p, q) { return (rank[p[2]] - rank[q[2]]) || (p[0] - q[0]); });
    var shown = cards.slice(0, SHOWN_CARDS);
    shown.sort(function (p, q) { return p[0] - q[0]; });
    box.setAttribute("data-task-states", cards.map(function (c) { return c[0] + ":" + c[2]; }).join(","));
    shown.forEach(function (c) {
      var id = c[0], t = c[1], state = c[2];
      var card = el("div", "jp-card");
      card.setAttribute("data-task-id", id);
      card.setAttribute("data-state", state);
      var title = el("div");
      title.appendChild(el("span", "jp-tname", self.taskName(id)));
      title.appendChild(el("span", "jp-state", state));
      card.appendChild(title);
      var detail = "";
      if (state === "suspended" || (state === "ready" && t[0] === SUSPENDED)) {
        detail = (state === "ready" ? "woken: " : "awaits ") + self.futureName(t[1]);
        card.setAttribute("data-awaits", t[1]);
      } else if (state === "done" || state === "failed") {
        detail = (self.d.tasks[id] && self.d.tasks[id][1]) || state;
      } else if (state === "ready") {
        detail = m.handle && self.handleTask(m.handle) === id ? "its handle was popped: it steps now" : "its step is in the ready queue";
      } else if (state === "running") {
        detail = "in __step: coro.send(None)";
      } else if (state === "pending") {
        detail = "created; its step is not queued yet";
      }
      card.appendChild(el("div", "jp-detail", detail));
      if (t[2] >= 0 && state !== "done" && state !== "failed" && state !== "cancelled") {
        var where = el("div", "jp-detail jp-mono", "at " + self.line(t[2]));
        card.appendChild(where);
      }
      card.title = self.taskName(id) + " (" + state + "): click to go to its last step";
      card.addEventListener("click", function () {
        for (var j = k; j >= 0; j--) {
          if ((self.d.k[j] === STEP || self.d.k[j] === TASK_CREATED) && self.d.a[j] === id) { self.go(j); return; }
        }
      });
      box.appendChild(card);
    });
    if (cards.length > SHOWN_CARDS) { box.appendChild(el("span", "jp-more", "… " + (cards.length - SHOWN_CARDS) + " more tasks")); }
  };

  /** The CPython code doing what this event does, beside jasyncio's. */
  Player.prototype.renderCode = function (k) {
    var d = this.d, kind = d.kinds[d.k[k]];
    var file = kind[1], fn = kind[2], quote = kind[3];
    if (d.k[k] === SCHEDULED) {
      var cause = d.causes[d.b[k]];
      if (cause) { file = cause[1]; fn = cause[2]; quote = cause[3]; }
    }
    this.pyTitle.textContent = "";
    this.pyTitle.appendChild(document.createTextNode("CPython "));
    this.pyTitle.appendChild(el("small", "jp-src", file ? "Lib/asyncio/" + file + " · " + fn + " (3.12/3.13)" : fn));
    this.pyCode.textContent = quote || "—";
    this.javaTitle.textContent = "";
    this.javaTitle.appendChild(document.createTextNode("jasyncio "));
    this.javaTitle.appendChild(el("small", "jp-src", "the same step in Java"));
    this.javaCode.textContent = kind[4];
  };

  // ---- the timeline: lanes on one time axis, with the ready queue's length below ----

  function Timeline(player) {
    this.p = player;
    var d = player.d;
    this.box = player.timelineBox;
    this.lanes = d.timeline.lanes;
    this.from = 0;
    this.to = Math.max(1, this.displayTime(d.elapsed));
    this.full = this.to;
    var bar = el("div", "jp-tlbar");
    var self = this;
    if (player.compileTotal > 0) {
      var label = el("label");
      var check = el("input");
      check.type = "checkbox";
      check.checked = true;
      check.className = "jp-collapse";
      check.addEventListener("change", function () {
        player.collapse = check.checked;
        self.full = Math.max(1, self.displayTime(d.elapsed));
        self.from = 0;
        self.to = self.full;
        self.draw();
        self.cursor(player.time[player.index]);
      });
      label.appendChild(check);
      label.appendChild(document.createTextNode(" leave out JShell's compile time (" + ms(player.compileTotal) + ")"));
      bar.appendChild(label);
    }
    var reset = el("button", "jp-zoomout", "zoom out");
    reset.type = "button";
    reset.addEventListener("click", function () { self.zoom(0, self.full); });
    bar.appendChild(reset);
    this.rangeText = el("span", "jp-meta");
    bar.appendChild(this.rangeText);
    this.box.appendChild(bar);
    this.width = Math.max(600, Math.min(1000, (player.root.clientWidth || 900) - 4));
    this.draw();
  }

  /** Time since the start (ns) on the axis: with compile time left out, the spans before t are taken off. */
  Timeline.prototype.displayTime = function (t) {
    var p = this.p;
    if (!p.collapse) { return t; }
    var off = 0;
    for (var i = 0; i < p.compiles.length; i++) {
      var c = p.compiles[i];
      if (t <= c[0]) { break; }
      off += Math.min(t, c[1]) - c[0];
    }
    return t - off;
  };

  Timeline.prototype.realTime = function (dt) {
    var p = this.p;
    if (!p.collapse) { return dt; }
    var t = dt;
    for (var i = 0; i < p.compiles.length; i++) {
      var c = p.compiles[i];
      if (c[0] < t) { t += c[1] - c[0]; } else { break; }
    }
    return t;
  };

  Timeline.prototype.x = function (t) {
    return this.left + (this.displayTime(t) - this.from) / (this.to - this.from) * this.plotWidth;
  };

  Timeline.prototype.zoom = function (from, to) {
    if (to - from < 1000) { var mid = (from + to) / 2; from = mid - 500; to = mid + 500; }
    this.from = Math.max(0, from);
    this.to = Math.min(this.full, to);
    if (this.to <= this.from) { this.from = 0; this.to = this.full; }
    this.draw();
    this.cursor(this.p.time[this.p.index]);
  };

  function niceStep(span, count) {
    var raw = span / count, pow = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / pow;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
  }

  function unitOf(span) {
    if (span >= 5e9) { return [1e9, "s"]; }
    if (span >= 5e6) { return [1e6, "ms"]; }
    return [1e3, "µs"];
  }

  Timeline.prototype.draw = function () {
    var self = this, p = this.p, d = p.d, tl = d.timeline;
    if (this.svg) { this.box.removeChild(this.svg); }
    var laneH = 16, left = 118, top = 6;
    var lanes = 1 + this.lanes.length + (tl.moreTasks > 0 ? 0 : 0);
    var plotTop = top + lanes * laneH + 26, plotH = 56;
    var height = plotTop + plotH + 34;
    this.left = left;
    this.plotWidth = this.width - left - 12;
    var s = svg("svg", {width: this.width, height: height, viewBox: "0 0 " + this.width + " " + height, "class": "jp-tl"});
    s.setAttribute("data-from", this.from);
    s.setAttribute("data-to", this.to);
    s.setAttribute("data-left", left);
    s.setAttribute("data-plot-width", this.plotWidth);
    var span = this.to - this.from;
    var visible = function (t0, t1) { var a = self.displayTime(t0), b = self.displayTime(t1); return b >= self.from && a <= self.to; };
    var clipX = function (x) { return Math.max(left, Math.min(left + self.plotWidth, x)); };
    // Lanes: the loop (iterations, waits, compiles), then one per task.
    var names = ["loop"].concat(this.lanes.map(function (l) { return l[1]; }));
    for (var i = 0; i < names.length; i++) {
      var y = top + i * laneH;
      var label = svg("text", {x: left - 6, y: y + 11, "text-anchor": "end", "font-size": 11, fill: "#334"});
      label.textContent = names[i].length > 17 ? names[i].slice(0, 16) + "…" : names[i];
      s.appendChild(label);
      s.appendChild(svg("line", {x1: left, x2: left + this.plotWidth, y1: y + 8, y2: y + 8, stroke: "#e6e9f0"}));
    }
    if (tl.moreTasks > 0) {
      var more = svg("text", {x: left, y: top + names.length * laneH + 10, "font-size": 10, fill: "#778"});
      more.textContent = "+" + tl.moreTasks + " more tasks not drawn as lanes";
      s.appendChild(more);
    }
    // Waits in select, as light bars on the loop lane.
    tl.waits.forEach(function (w) {
      if (!visible(w[0], w[0] + w[1])) { return; }
      var x0 = clipX(self.x(w[0])), x1 = clipX(self.x(w[0] + w[1]));
      s.appendChild(svg("rect", {x: x0, y: top + 3, width: Math.max(1, x1 - x0), height: 10, fill: "#d5e6f7", "class": "jp-waitbar"}));
    });
    // Compile spans: hatched where drawn to scale, a marked cut where left out.
    p.compiles.forEach(function (c) {
      if (p.collapse) {
        var xc = self.x(c[0]);
        if (xc >= left && xc <= left + self.plotWidth) {
          s.appendChild(svg("line", {x1: xc, x2: xc, y1: top, y2: plotTop + plotH, stroke: "#e08a00", "stroke-dasharray": "2,2", "class": "jp-compilecut"}));
        }
      } else if (visible(c[0], c[1])) {
        var x0 = clipX(self.x(c[0])), x1 = clipX(self.x(c[1]));
        s.appendChild(svg("rect", {x: x0, y: top + 2, width: Math.max(1, x1 - x0), height: 12, fill: "#ffd89a", stroke: "#e08a00", "class": "jp-compilebar"}));
      }
    });
    // Iterations: a tick each (at most one a pixel).
    var lastX = -1;
    tl.iter.forEach(function (t) {
      var x = self.x(t);
      if (x < left || x > left + self.plotWidth || x - lastX < 1) { return; }
      lastX = x;
      s.appendChild(svg("line", {x1: x, x2: x, y1: top + 2, y2: top + 14, stroke: "#8a94a6", "stroke-width": 1}));
    });
    // Task lanes: life span as a thin line, each step as a bar as long as it ran.
    this.lanes.forEach(function (l, lane) {
      var y = top + (lane + 1) * laneH;
      var born = l[2] < 0 ? 0 : l[2], ended = l[3] < 0 ? d.elapsed : l[3];
      if (visible(born, ended)) {
        s.appendChild(svg("line", {x1: clipX(self.x(born)), x2: clipX(self.x(ended)), y1: y + 8, y2: y + 8, stroke: "#9fb4d8", "stroke-width": 2}));
      }
    });
    tl.steps.forEach(function (st) {
      if (!visible(st[0], st[0] + st[2])) { return; }
      var x0 = clipX(self.x(st[0])), x1 = clipX(self.x(st[0] + st[2]));
      var y = top + (st[1] + 1) * laneH;
      var r = svg("rect", {x: x0, y: y + 2, width: Math.max(1.5, x1 - x0), height: 12, fill: "#2f6fd6", "class": "jp-stepbar"});
      s.appendChild(r);
    });
    // The ready queue's length, as a step line, with its axis.
    var readyTop = plotTop, maxLen = 1;
    tl.ready.forEach(function (r) { maxLen = Math.max(maxLen, r[1]); });
    var yOf = function (v) { return readyTop + plotH - v / maxLen * (plotH - 4); };
    s.appendChild(svg("line", {x1: left, x2: left, y1: readyTop, y2: readyTop + plotH, stroke: "#889"}));
    [0, maxLen].forEach(function (v) {
      var ty = svg("text", {x: left - 6, y: yOf(v) + 4, "text-anchor": "end", "font-size": 10, fill: "#556"});
      ty.textContent = v;
      s.appendChild(ty);
      s.appendChild(svg("line", {x1: left - 3, x2: left, y1: yOf(v), y2: yOf(v), stroke: "#889"}));
    });
    var ylabel = svg("text", {x: 4, y: readyTop + plotH / 2 - 4, "font-size": 11, fill: "#334"});
    ylabel.textContent = "ready queue";
    s.appendChild(ylabel);
    var ylabel2 = svg("text", {x: 4, y: readyTop + plotH / 2 + 9, "font-size": 10, fill: "#667"});
    ylabel2.textContent = "length (handles)";
    s.appendChild(ylabel2);
    var pts = [], lastY = yOf(0), px = left;
    tl.ready.forEach(function (r) {
      var x = self.x(r[0]);
      if (x < left) { lastY = yOf(r[1]); return; }
      if (x > left + self.plotWidth) { return; }
      pts.push(px.toFixed(1) + "," + lastY.toFixed(1), x.toFixed(1) + "," + lastY.toFixed(1));
      lastY = yOf(r[1]);
      px = x;
    });
    pts.push(px.toFixed(1) + "," + lastY.toFixed(1), (left + this.plotWidth).toFixed(1) + "," + lastY.toFixed(1));
    s.appendChild(svg("polyline", {points: pts.join(" "), fill: "none", stroke: "#c0392b", "stroke-width": 1.5, "class": "jp-readyline"}));
    // The time axis, with ticks and units.
    var axisY = readyTop + plotH + 2;
    s.appendChild(svg("line", {x1: left, x2: left + this.plotWidth, y1: axisY, y2: axisY, stroke: "#556"}));
    var unit = unitOf(span), step = niceStep(span, 8);
    for (var v = Math.ceil(this.from / step) * step; v <= this.to + 1e-9; v += step) {
      var tx = left + (v - this.from) / span * this.plotWidth;
      s.appendChild(svg("line", {x1: tx, x2: tx, y1: axisY, y2: axisY + 4, stroke: "#556"}));
      s.appendChild(svg("line", {x1: tx, x2: tx, y1: top, y2: axisY, stroke: "#f0f2f6"}));
      var tt = svg("text", {x: tx, y: axisY + 14, "text-anchor": "middle", "font-size": 10, fill: "#445"});
      var val = v / unit[0];
      tt.textContent = (Math.abs(val) < 1e-9 ? 0 : +val.toPrecision(4)) + (v === Math.ceil(this.from / step) * step ? " " + unit[1] : "");
      s.appendChild(tt);
    }
    var xl = svg("text", {x: left + this.plotWidth, y: axisY + 28, "text-anchor": "end", "font-size": 10.5, fill: "#445"});
    xl.textContent = "time since the trace began (" + unit[1] + ")" + (p.collapse && p.compileTotal > 0 ? ", JShell compile time left out (dashed: where it was)" : "");
    s.appendChild(xl);
    // The cursor: where the player is.
    this.cursorLine = svg("line", {x1: left, x2: left, y1: top, y2: axisY, stroke: "#d81b60", "stroke-width": 1.5, "class": "jp-cursor"});
    s.appendChild(this.cursorLine);
    // Brush for zooming.
    this.brush = svg("rect", {x: 0, y: top, width: 0, height: axisY - top, fill: "#2f6fd633", visibility: "hidden"});
    s.appendChild(this.brush);
    this.svg = s;
    this.box.appendChild(s);
    this.rangeText.textContent = (this.from > 0 || this.to < this.full ? "zoomed: " : "") + ms(this.from) + " … " + ms(this.to);
    this.bind(s, top, axisY);
  };

  Timeline.prototype.cursor = function (t) {
    if (!this.cursorLine) { return; }
    var x = this.x(t);
    var inside = x >= this.left && x <= this.left + this.plotWidth;
    this.cursorLine.setAttribute("x1", x);
    this.cursorLine.setAttribute("x2", x);
    this.cursorLine.setAttribute("visibility", inside ? "visible" : "hidden");
  };

  /** The event nearest to display time dt (the last one at or before it, or the first after). */
  Timeline.prototype.eventAt = function (dt) {
    var p = this.p, t = this.realTime(dt), lo = 0, hi = p.n - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (p.time[mid] <= t) { lo = mid; } else { hi = mid - 1; }
    }
    if (lo + 1 < p.n && Math.abs(p.time[lo + 1] - t) < Math.abs(p.time[lo] - t)) { lo++; }
    return lo;
  };

  Timeline.prototype.bind = function (s, top, bottom) {
    var self = this, start = null;
    function dtAt(e) {
      var r = s.getBoundingClientRect();
      var x = (e.clientX - r.left) * (self.width / r.width);
      x = Math.max(self.left, Math.min(self.left + self.plotWidth, x));
      return [x, self.from + (x - self.left) / self.plotWidth * (self.to - self.from)];
    }
    s.addEventListener("mousedown", function (e) {
      start = dtAt(e);
      e.preventDefault();
    });
    s.addEventListener("mousemove", function (e) {
      if (!start) { return; }
      var now = dtAt(e);
      if (Math.abs(now[0] - start[0]) > 3) {
        self.brush.setAttribute("x", Math.min(now[0], start[0]));
        self.brush.setAttribute("width", Math.abs(now[0] - start[0]));
        self.brush.setAttribute("visibility", "visible");
      }
    });
    s.addEventListener("mouseup", function (e) {
      if (!start) { return; }
      var end = dtAt(e), from = start;
      start = null;
      self.brush.setAttribute("visibility", "hidden");
      if (Math.abs(end[0] - from[0]) > 3) {
        self.zoom(Math.min(from[1], end[1]), Math.max(from[1], end[1]));
      } else {
        s.setAttribute("data-click-time", self.realTime(end[1]));
        self.p.go(self.eventAt(end[1]));
      }
    });
    s.addEventListener("mouseleave", function () { start = null; self.brush.setAttribute("visibility", "hidden"); });
    s.addEventListener("dblclick", function (e) { e.preventDefault(); self.zoom(0, self.full); });
    s.addEventListener("wheel", function (e) {
      e.preventDefault();
      var at = dtAt(e)[1], f = e.deltaY > 0 ? 1.25 : 0.8;
      self.zoom(at - (at - self.from) * f, at + (self.to - at) * f);
    }, {passive: false});
  };

  function mount(root) {
    if (!root || root.getAttribute("data-mounted")) { return; }
    root.setAttribute("data-mounted", "1");
    try {
      var source = root.querySelector("script.jp-data");
      var data = JSON.parse(source.textContent);
      var still = root.querySelector(".jp-static");
      if (still) { still.style.display = "none"; }
      root.jasyncioPlayer = new Player(root, data);
    } catch (err) {
      root.setAttribute("data-error", String(err && err.message || err));
      var still2 = root.querySelector(".jp-static");
      if (still2) { still2.style.display = ""; }
      if (global.console) { global.console.error("jasyncio player:", err); }
    }
  }

  global.jasyncioPlayer1 = {mount: mount, Model: Model};
})(window);
