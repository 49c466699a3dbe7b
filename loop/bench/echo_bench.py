#!/usr/bin/python3
"""The echo benchmark's Python side: the same server and client workload as
EchoBenchmark.java, on CPython's asyncio or on uvloop, in one process and one loop.

  echo_bench.py --loop asyncio|uvloop --clients N [--size 64] [--warmup 1] [--seconds 3]

The server echoes what it reads (read(65536), write, drain) until EOF. Each of N clients
connected over 127.0.0.1 repeats a round trip: write `size` bytes, drain, readexactly(size).
Round trips completed during the measured window (after the warm-up) are counted and timed.
Prints one JSON line: requests, seconds, requests_per_s, p50_us, p99_us.
"""
import argparse, asyncio, json, time

HOST = "127.0.0.1"


async def handle(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()


async def bench(clients, size, warmup, seconds):
    server = await asyncio.start_server(handle, HOST, 0, backlog=max(100, clients))
    port = server.sockets[0].getsockname()[1]
    state = {"measuring": False, "stop": False}
    latencies = []
    message = b"x" * size

    async def client():
        reader, writer = await asyncio.open_connection(HOST, port)
        now = time.perf_counter_ns
        while not state["stop"]:
            t0 = now()
            writer.write(message)
            await writer.drain()
            answer = await reader.readexactly(size)
            if state["measuring"]:
                latencies.append(now() - t0)
            if len(answer) != size:
                raise AssertionError("short echo")
        writer.close()
        await writer.wait_closed()

    tasks = [asyncio.create_task(client()) for _ in range(clients)]
    await asyncio.sleep(warmup)
    state["measuring"] = True
    start = time.perf_counter()
    await asyncio.sleep(seconds)
    state["measuring"] = False
    elapsed = time.perf_counter() - start
    state["stop"] = True
    await asyncio.gather(*tasks)
    server.close()
    await server.wait_closed()
    latencies.sort()
    n = len(latencies)
    return {"requests": n, "seconds": elapsed, "requests_per_s": n / elapsed,
            "p50_us": latencies[n // 2] / 1000 if n else 0, "p99_us": latencies[min(n - 1, int(n * 0.99))] / 1000 if n else 0}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--warmup", type=float, default=1.0)
    p.add_argument("--seconds", type=float, default=3.0)
    a = p.parse_args()
    if not (1 <= a.clients <= 5000 and 0 < a.seconds <= 60 and 0 <= a.warmup <= 30):
        raise SystemExit("clients 1..5000, seconds 0..60, warmup 0..30")
    if a.loop == "uvloop":
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    result = asyncio.run(bench(a.clients, a.size, a.warmup, a.seconds))
    result["loop"] = a.loop
    print(json.dumps(result))


if __name__ == "__main__":
    main()
