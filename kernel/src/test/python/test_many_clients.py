"""Three jupyter_client clients on one kernel at once, as when a notebook, a console and a script
share it: shell requests interleaved, every client subscribed to iopub. Each client must get the
replies to its own requests (and no one else's), and every client must see every request's
output on iopub, complete and in order, under the right parent header."""
import threading, unittest

from jupyter_client.manager import KernelManager

TIMEOUT = 60
CLIENTS = 3
ROUNDS = 12
LINES = 20


def cell(client, round_):
    """A cell that prints LINES numbered lines on stdout and one on stderr, awaits, and has a result."""
    return (f'for (int i = 0; i < {LINES}; i++) System.out.println("c{client} r{round_} line " + i);\n'
            f'System.err.println("c{client} r{round_} err");\n'
            f'await(sleep(0.002));\n'
            f'"c{client} r{round_} result"')


def expected_outputs(client, round_):
    return {"stdout": "".join(f"c{client} r{round_} line {i}\n" for i in range(LINES)),
            "stderr": f"c{client} r{round_} err\n",
            "result": f'"c{client} r{round_} result"'}


class ManyClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name="jasyncio")
        cls.km.start_kernel()
        cls.clients = []
        for _ in range(CLIENTS):
            kc = cls.km.blocking_client()  # each its own sockets, session and identity
            kc.start_channels()
            kc.wait_for_ready(timeout=TIMEOUT)
            # wait_for_ready sends kernel_info again each second without an answer (a kernel still
            # starting, a loaded machine) and takes only one reply: the others would be taken
            # below for replies to this client's cells.
            while True:
                try:
                    kc.get_shell_msg(timeout=0.5)
                except Exception:
                    break
            cls.clients.append(kc)

    @classmethod
    def tearDownClass(cls):
        for kc in cls.clients:
            kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def drain_iopub(self, kc):
        while True:
            try:
                kc.get_iopub_msg(timeout=0.2)
            except Exception:
                return

    def test_interleaved_requests_from_three_clients(self):
        for kc in self.clients:
            self.drain_iopub(kc)
        sent = {}  # msg_id -> (client, round)
        lock = threading.Lock()
        start = threading.Barrier(CLIENTS)

        def send(n):
            kc = self.clients[n]
            start.wait()
            for r in range(ROUNDS):
                msg_id = kc.execute(cell(n, r))
                with lock:
                    sent[msg_id] = (n, r)

        threads = [threading.Thread(target=send, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(TIMEOUT)
        self.assertEqual(len(sent), CLIENTS * ROUNDS)

        # Shell: each client gets exactly the replies to its own requests, in the order it sent them.
        for n, kc in enumerate(self.clients):
            mine = [m for m, (c, _) in sent.items() if c == n]
            replies = [kc.get_shell_msg(timeout=TIMEOUT) for _ in mine]
            parents = [r["parent_header"]["msg_id"] for r in replies]
            self.assertEqual(sorted(parents), sorted(mine), f"client {n} got replies to other clients' requests")
            rounds = [sent[p][1] for p in parents]
            self.assertEqual(rounds, sorted(rounds), f"client {n}'s replies out of order")
            self.assertTrue(all(r["content"]["status"] == "ok" for r in replies), replies)
            with self.assertRaises(Exception, msg=f"client {n} got an extra shell message"):
                kc.get_shell_msg(timeout=0.5)

        # IOPub: every client sees every request's messages, each request's in the protocol's order.
        orders = []
        for n, kc in enumerate(self.clients):
            by_parent, idle_order, arrival = {}, [], []
            while len(idle_order) < len(sent):
                msg = kc.get_iopub_msg(timeout=TIMEOUT)
                parent = msg["parent_header"].get("msg_id")
                if parent not in sent:
                    continue
                by_parent.setdefault(parent, []).append(msg)
                if not arrival or arrival[-1] != parent:
                    arrival.append(parent)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle_order.append(parent)
            for msg_id, (c, r) in sent.items():
                msgs = by_parent[msg_id]
                kinds = [m["msg_type"] for m in msgs]
                self.assertEqual(kinds[0:2], ["status", "execute_input"], f"client {n} sees {kinds}")
                self.assertEqual(kinds[-2:], ["execute_result", "status"], f"client {n} sees {kinds}")
                self.assertTrue(set(kinds[2:-2]) <= {"stream"}, kinds)
                streams = {"stdout": "", "stderr": ""}
                for m in msgs:
                    if m["msg_type"] == "stream":
                        streams[m["content"]["name"]] += m["content"]["text"]
                expect = expected_outputs(c, r)
                self.assertEqual(streams["stdout"], expect["stdout"], f"client {n}, request of c{c} r{r}")
                self.assertEqual(streams["stderr"], expect["stderr"])
                self.assertEqual(msgs[-2]["content"]["data"]["text/plain"], expect["result"])
            # Requests ran one at a time: no request's messages are interleaved with another's.
            self.assertEqual(arrival, idle_order, f"client {n} saw requests' output interleaved")
            orders.append(idle_order)
        # One iopub stream: all clients saw the requests in the same order.
        self.assertEqual(orders[0], orders[1])
        self.assertEqual(orders[0], orders[2])


if __name__ == "__main__":
    unittest.main()
