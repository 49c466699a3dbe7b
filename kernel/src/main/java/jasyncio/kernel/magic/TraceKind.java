package jasyncio.kernel.magic;

/** The kinds of trace event, each with the CPython code that does the same (shown with --cpython). */
enum TraceKind {
    RUN_UNTIL_COMPLETE("runUntilComplete", "BaseEventLoop.run_until_complete → ensure_future → create_task"),
    ITERATION("iteration", "BaseEventLoop._run_once"),
    CALL_SOON("callSoon", "BaseEventLoop.call_soon → _ready.append"),
    CALL_SOON_THREADSAFE("callSoonThreadsafe", "call_soon_threadsafe on another thread → _write_to_self; _run_once → _ready.append"),
    TIMER_SCHEDULED("callAt", "BaseEventLoop.call_at → heapq.heappush(_scheduled)"),
    TIMER_CANCELLED("timerCancelled", "TimerHandle.cancel → _timer_handle_cancelled"),
    TIMER_DUE("timerDue", "heapq.heappop(_scheduled) → _ready.append"),
    WAIT("select", "selector.select(timeout)"),
    WOKE("selected", "_process_events(event_list)"),
    POP("pop", "_ready.popleft()"),
    RAN("ran", "Handle._run → _context.run(_callback)"),
    TASK_CREATED("taskCreated", "Task.__init__ → loop.call_soon(self.__step)"),
    STEP("step", "Task.__step → coro.send(None)"),
    SUSPEND("suspend", "Task.__step: result.add_done_callback(self.__wakeup)"),
    YIELD("yield", "Task.__step: bare yield → loop.call_soon(self.__step)"),
    TASK_DONE("taskDone", "Task.__step: super().set_result / set_exception"),
    FUTURE_DONE("futureDone", "Future.set_result → __schedule_callbacks"),
    NOTE("note", "a library's own event (a Flow subscription's request, onNext, cancel): no asyncio counterpart");

    final String label;
    final String cpython;

    TraceKind(String label, String cpython) {
        this.label = label;
        this.cpython = cpython;
    }

    static TraceKind byLabel(String label) {
        for (TraceKind k : values()) {
            if (k.label.equalsIgnoreCase(label) || k.name().equalsIgnoreCase(label)) {
                return k;
            }
        }
        return null;
    }
}
