package jasyncio.kernel.player;

import java.util.List;

/**
 * The kinds of event the recorder keeps, in the order of their codes in the log, each with
 * the jasyncio code that makes it and the CPython code that does the same (Lib/asyncio of
 * 3.12 and 3.13, where these lines read alike), quoted so a learner reads both side by side.
 *
 * <p>What the fields {@code a}, {@code b}, {@code c}, {@code n} and {@code x} of an event hold
 * is said per kind; ids are those of {@link TraceTables}: handles and tasks by their loop id,
 * a plain Future as a negative number.
 */
public enum EventKind {
    /** a: the iteration; x: loop.time() as it began (double bits). */
    ITERATION("iteration", "EventLoop.runForever → iterate()",
            "base_events.py", "BaseEventLoop.run_forever",
            "while True:\n    self._run_once()\n    if self._stopping:\n        break"),
    /** a: the handle; b: the {@link Cause}; c: the id of its source (task, future); n: the ready length after. */
    SCHEDULED("callSoon", "EventLoop.appendReady: ready.addLast(handle)",
            "base_events.py", "BaseEventLoop._call_soon",
            "handle = events.Handle(callback, args, self, context)\n...\nself._ready.append(handle)\nreturn handle"),
    /** a: the timer; x: when it is due (double bits). */
    TIMER_SCHEDULED("callAt", "EventLoop.pushTimer: scheduled.add(timer)",
            "base_events.py", "BaseEventLoop.call_at",
            "timer = events.TimerHandle(when, callback, args, self, context)\n...\nheapq.heappush(self._scheduled, timer)\ntimer._scheduled = True"),
    /** a: the timer. */
    TIMER_CANCELLED("timerCancelled", "TimerHandle.cancel → EventLoop.timerHandleCancelled",
            "events.py", "TimerHandle.cancel",
            "if not self._cancelled:\n    self._loop._timer_handle_cancelled(self)\nsuper().cancel()"),
    /** a: the timer; n: the ready length after (it is appended). */
    TIMER_DUE("timerDue", "EventLoop.iterate: scheduled.poll(); ready.addLast(timer)",
            "base_events.py", "BaseEventLoop._run_once",
            "end_time = self.time() + self._clock_resolution\nwhile self._scheduled:\n    handle = self._scheduled[0]\n    if handle._when >= end_time:\n        break\n"
                    + "    handle = heapq.heappop(self._scheduled)\n    handle._scheduled = False\n    self._ready.append(handle)"),
    /** x: the timeout in seconds (double bits), -1 for none. */
    WAIT("select", "EventLoop.waitForEvents → LoopWait.select(timeout)",
            "base_events.py", "BaseEventLoop._run_once",
            "timeout = None\nif self._ready or self._stopping:\n    timeout = 0\nelif self._scheduled:\n    # Compute the desired timeout.\n"
                    + "    timeout = self._scheduled[0]._when - self.time()\n...\nevent_list = self._selector.select(timeout)"),
    /** b: the I/O events; x: loop.time() after the wait (double bits). */
    WOKE("selected", "EventLoop.waitForEvents → processEvents(keys)",
            "base_events.py", "BaseEventLoop._run_once",
            "event_list = self._selector.select(timeout)\nself._process_events(event_list)"),
    /** a: the handle; n: the ready length after. */
    POP("pop", "EventLoop.iterate: ready.pollFirst()",
            "base_events.py", "BaseEventLoop._run_once",
            "ntodo = len(self._ready)\nfor i in range(ntodo):\n    handle = self._ready.popleft()\n    if handle._cancelled:\n        continue\n    ...\n    handle._run()"),
    /** a: the handle; x: how long it ran, in nanoseconds. */
    RAN("ran", "Handle.run: callback.run() / function.accept(argument)",
            "events.py", "Handle._run",
            "try:\n    self._context.run(self._callback, *self._args)\nexcept (SystemExit, KeyboardInterrupt):\n    raise\nexcept BaseException as exc:\n    ...\n    self._loop.call_exception_handler(context)"),
    /** a: the task; b: the task current when it was made (0: none). */
    TASK_CREATED("taskCreated", "new Task(...): loop.callSoon(step, null)",
            "tasks.py", "Task.__init__",
            "self._coro = coro\nself._context = contextvars.copy_context()\n...\nself._loop.call_soon(self.__step, context=self._context)\n_register_task(self)"),
    /** a: the task; b: 1 when an exception is thrown in (cancellation), else 0. */
    STEP("step", "Task.step → coro.resume(null, thrownIn)",
            "tasks.py", "Task.__step_run_and_handle_result",
            "if exc is None:\n    # We use the `send` method directly, because coroutines\n    # don't have `__iter__` and `__next__` methods.\n"
                    + "    result = coro.send(None)\nelse:\n    result = coro.throw(exc)"),
    /** a: the task; b: the future it now waits on. */
    SUSPEND("suspend", "Task.suspendOn: awaited.addDoneCallback(wakeup)",
            "tasks.py", "Task.__step_run_and_handle_result",
            "result._asyncio_future_blocking = False\nresult.add_done_callback(\n    self.__wakeup, context=self._context)\nself._fut_waiter = result"),
    /** a: the task. */
    YIELD("yield", "Task.scheduleStepAfterBareYield: loop.callSoon(step)",
            "tasks.py", "Task.__step_run_and_handle_result",
            "elif result is None:\n    # Bare yield relinquishes control for one event loop iteration.\n    self._loop.call_soon(self.__step, context=self._context)"),
    /** a: the task; b: the {@link Outcome}. */
    TASK_DONE("taskDone", "Task.finishFromCoroutine → Future.setResult / setException / cancel",
            "tasks.py", "Task.__step_run_and_handle_result",
            "except StopIteration as exc:\n    if self._must_cancel:\n        # Task is cancelled right before coro stops.\n        ...\n"
                    + "    else:\n        super().set_result(exc.value)\nexcept exceptions.CancelledError as exc:\n    ...\n    super().cancel()  # I.e., Future.cancel(self).\n"
                    + "except BaseException as exc:\n    super().set_exception(exc)"),
    /** a: the future; b: the callbacks it schedules; c: the {@link Outcome}. */
    FUTURE_DONE("futureDone", "Future.finish → scheduleCallbacks: loop.callSoon(callback, this)",
            "futures.py", "Future.set_result → __schedule_callbacks",
            "self._result = result\nself._state = _FINISHED\nself.__schedule_callbacks()\n...\nfor callback, ctx in callbacks:\n"
                    + "    self._loop.call_soon(callback, self, context=ctx)"),
    /** a: the future or task run to completion. */
    RUN_UNTIL_COMPLETE("runUntilComplete", "EventLoop.runUntilComplete → ensureFuture → createTask",
            "base_events.py", "BaseEventLoop.run_until_complete",
            "future = tasks.ensure_future(future, loop=self)\n...\nfuture.add_done_callback(_run_until_complete_cb)\ntry:\n    self.run_forever()"),
    /** b: 1 when JShell starts compiling a snippet of the cell, 0 when the compiled snippet starts to run. */
    COMPILE("compile", "JShellInterpreter: jshell.eval(snippet) compiles, then DirectExecution.invoke runs it",
            "", "(no counterpart in asyncio: IPython compiles the cell with compile() before it runs it)", ""),
    /** x: the loop time the clock jumped to (virtual time). */
    CLOCK_JUMP("clockJump", "virtual time: the clock jumps to the next timer instead of waiting",
            "", "(no counterpart in asyncio; the test loops of CPython and Trio's MockClock autojump do it)", ""),
    /** a: the subject's id, if it is a task or handle; c: the text. */
    NOTE("note", "a library event (LoopObserver.note)", "", "", "");

    /** Why a Handle was appended to the ready queue (the code b of {@link #SCHEDULED}). */
    public enum Cause {
        CALL_SOON("callSoon", "base_events.py", "BaseEventLoop.call_soon → _call_soon",
                "handle = self._call_soon(callback, args, context)\n...\nself._ready.append(handle)"),
        TASK_CREATED("new task", "tasks.py", "Task.__init__", "self._loop.call_soon(self.__step, context=self._context)"),
        TASK_YIELD("bare yield", "tasks.py", "Task.__step_run_and_handle_result",
                "elif result is None:\n    # Bare yield relinquishes control for one event loop iteration.\n"
                        + "    self._loop.call_soon(self.__step, context=self._context)"),
        FUTURE_CALLBACK("done callback", "futures.py", "Future.__schedule_callbacks",
                "for callback, ctx in callbacks:\n    self._loop.call_soon(callback, self, context=ctx)"),
        THREADSAFE("callSoonThreadsafe", "base_events.py", "BaseEventLoop.call_soon_threadsafe",
                "handle = self._call_soon(callback, args, context)\n...\nself._write_to_self()"),
        IO_READY("I/O ready", "selector_events.py", "BaseSelectorEventLoop._process_events",
                "if mask & selectors.EVENT_READ and reader is not None:\n    ...\n        self._add_callback(reader)"),
        /** Not from a callSoon: a due timer (its event is {@link EventKind#TIMER_DUE}). */
        TIMER("due timer", "base_events.py", "BaseEventLoop._run_once", "self._ready.append(handle)");

        public final String label;
        final String file;
        final String function;
        final String quote;

        Cause(String label, String file, String function, String quote) {
            this.label = label;
            this.file = file;
            this.function = function;
            this.quote = quote;
        }

        static final Cause[] VALUES = values();
    }

    /** How a task or future ended (the code b of {@link #TASK_DONE}, c of {@link #FUTURE_DONE}). */
    public enum Outcome {
        RESULT, EXCEPTION, CANCELLED
    }

    public final String label;
    /** What jasyncio does here. */
    public final String jasyncio;
    /** CPython's file under Lib/asyncio/, empty where CPython has no counterpart. */
    public final String cpythonFile;
    public final String cpythonFunction;
    /** CPython's lines, quoted (with "..." where lines are left out). */
    public final String cpythonQuote;

    static final EventKind[] VALUES = values();

    EventKind(String label, String jasyncio, String cpythonFile, String cpythonFunction, String cpythonQuote) {
        this.label = label;
        this.jasyncio = jasyncio;
        this.cpythonFile = cpythonFile;
        this.cpythonFunction = cpythonFunction;
        this.cpythonQuote = cpythonQuote;
    }

    static List<String> labels() {
        return java.util.Arrays.stream(VALUES).map(k -> k.label).toList();
    }
}
