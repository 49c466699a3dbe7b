#!/usr/bin/python3
"""The installer's demo: starts the installed jasyncio kernel through jupyter_client, runs a few
cells that show what it is for (top-level await, a task that outlives its cell, gather), and
prints what the kernel answered, as a notebook would show it."""
import sys, textwrap, time

from jupyter_client.manager import start_new_kernel

CELLS = [
    'System.out.println("Hello from Java " + Runtime.version() + " on " + Thread.currentThread().getName());',
    "var greeting = await(sleep(0.2, \"awaited at the top level of a cell\"));\ngreeting",
    "var ticks = new java.util.concurrent.atomic.AtomicInteger();\n"
    "var ticker = createTask(async(() -> { while (true) { ticks.incrementAndGet(); await(sleep(0.05)); } }), \"ticker\");\n"
    "\"started \" + ticker.getName()",
    "await(sleep(0.5));\n\"the ticker from the last cell ticked \" + ticks.get() + \" times while this cell awaited\"",
    "var results = await(gather(sleep(0.3, \"slow\"), sleep(0.1, \"fast\")));\nresults",
    "ticker.cancel();\nawait(sleep(0));\nticker",
]


def show(msg):
    kind, content = msg["msg_type"], msg["content"]
    if kind == "stream":
        return content["text"].rstrip("\n")
    if kind in ("execute_result", "display_data"):
        return content["data"].get("text/plain", "")
    if kind == "error":
        return f"{content['ename']}: {content['evalue']}"
    return None


def main():
    started = time.monotonic()
    km, kc = start_new_kernel(kernel_name="jasyncio", startup_timeout=60)
    print(f"kernel 'jasyncio' started in {time.monotonic() - started:.2f} s\n")
    ok = True
    try:
        for n, code in enumerate(CELLS, 1):
            print(f"In [{n}]:\n" + textwrap.indent(code, "    "))
            msg_id = kc.execute(code)
            while True:
                msg = kc.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
                text = show(msg)
                if text is not None:
                    print(f"Out[{n}]: {text}")
                ok &= msg["msg_type"] != "error"
            print()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print("Open it in Jupyter: jupyter lab (or jupyter notebook), then pick 'Java (jasyncio)';\n"
          "or in a terminal: jupyter console --kernel jasyncio")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
