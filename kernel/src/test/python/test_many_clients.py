"""Three jupyter_client BlockingKernelClients on one kernel (one connection file, three sessions),
their shell requests interleaved and sent without waiting: each client gets every iopub message
of every request, in the kernel's order, and exactly the replies to its own requests."""
import queue, unittest

from jupyter_client import BlockingKernelClient, KernelManager

TIMEOUT = 30
ROUNDS = 8


def cell(client, round_):
    """A cell that prints before and after an await, and shows a value."""
    tag = f"c{client} r{round_}"
    code = (f'System.out.println("{tag} before");\nawait(sleep(0.005));\n'
            f'System.out.println("{tag} after");\n"{tag}"')
    return code, f"{tag} before\n{tag} after\n", f'"{tag}"'


class ManyClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name="jasyncio")
        cls.km.start_kernel()
        cls.clients = []
        for _ in range(3):
            kc = BlockingKernelClient(connection_file=cls.km.connection_file)
            kc.load_connection_file()
            kc.start_channels()
            kc.wait_for_ready(timeout=TIMEOUT)
            cls.clients.append(kc)
        for kc in cls.clients:  # what wait_for_ready left: the kernel_info rounds of all three
            drain(kc)

    @classmethod
    def tearDownClass(cls):
        for kc in cls.clients:
            kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def test_every_client_sees_every_message_in_order_and_only_its_own_replies(self):
        sent = {i: [] for i in range(3)}     # client -> msg_ids, in its send order
        executes = {}                       # msg_id -> (client, code, stdout, result)
        answered_at_once = set()            # kernel_info: answered by the transport, ahead of the queue
        for r in range(ROUNDS):
            for i, kc in enumerate(self.clients):
                code, stdout, result = cell(i, r)
                msg_id = kc.execute(code)
                sent[i].append(msg_id)
                executes[msg_id] = (i, code, stdout, result)
            # Between the cells: a request answered at once (kernel_info), one queued (complete).
            sent[r % 3].append(self.clients[r % 3].kernel_info())
            answered_at_once.add(sent[r % 3][-1])
            sent[(r + 1) % 3].append(self.clients[(r + 1) % 3].complete("Math.ma", 7))

        replies = {i: self.replies(kc, len(sent[i])) for i, kc in enumerate(self.clients)}
        streams = [self.iopub_until_idle(kc, set(executes) | {m for ids in sent.values() for m in ids})
                   for kc in self.clients]

        # Shell: each client gets the replies to its requests, and no other; the queued ones in its order.
        for i, kc in enumerate(self.clients):
            parents = [m["parent_header"]["msg_id"] for m in replies[i]]
            self.assertEqual(sorted(parents), sorted(sent[i]))
            self.assertEqual([p for p in parents if p not in answered_at_once],
                             [p for p in sent[i] if p not in answered_at_once])
            for reply in replies[i]:
                self.assertEqual(reply["parent_header"]["session"], kc.session.session)
                self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            with self.assertRaises(queue.Empty):
                kc.get_shell_msg(timeout=0.5)

        # IOPub: the three clients see one and the same sequence.
        ids = [[m["header"]["msg_id"] for m in stream] for stream in streams]
        self.assertEqual(ids[0], ids[1])
        self.assertEqual(ids[0], ids[2])

        stream = streams[0]
        by_parent = {}
        for m in stream:
            by_parent.setdefault(m["parent_header"].get("msg_id"), []).append(m)
        counts = []
        for msg_id, (client, code, stdout, result) in executes.items():
            messages = by_parent[msg_id]
            kinds = [m["msg_type"] for m in messages]
            self.assertEqual(kinds[:2], ["status", "execute_input"], kinds)
            self.assertEqual(kinds[-2:], ["execute_result", "status"], kinds)
            self.assertEqual(set(kinds[2:-2]), {"stream"}, kinds)
            self.assertEqual([m["content"]["execution_state"] for m in (messages[0], messages[-1])], ["busy", "idle"])
            self.assertEqual(messages[1]["content"]["code"], code)
            self.assertEqual("".join(m["content"]["text"] for m in messages[2:-2]), stdout)
            self.assertEqual(messages[-2]["content"]["data"]["text/plain"], result)
            for m in messages:
                self.assertEqual(m["parent_header"]["session"], self.clients[client].session.session)
            count = messages[1]["content"]["execution_count"]
            self.assertEqual(messages[-2]["content"]["execution_count"], count)
            reply = next(r for r in replies[client] if r["parent_header"]["msg_id"] == msg_id)
            self.assertEqual(reply["content"]["execution_count"], count)
            counts.append((stream.index(messages[1]), count))
        # The kernel ran the cells one after another, numbered in the order it ran them.
        in_order = [count for _, count in sorted(counts)]
        self.assertEqual(in_order, list(range(in_order[0], in_order[0] + len(executes))))
        # A kernel_info and a complete are wrapped in busy/idle too, with their own parent.
        for ids_of_client in sent.values():
            for msg_id in ids_of_client:
                if msg_id not in executes:
                    kinds = [(m["msg_type"], m["content"].get("execution_state")) for m in by_parent[msg_id]]
                    self.assertEqual(kinds, [("status", "busy"), ("status", "idle")])

    def replies(self, kc, n):
        return [kc.get_shell_msg(timeout=TIMEOUT) for _ in range(n)]

    def iopub_until_idle(self, kc, parents):
        """IOPub messages until every request in parents has gone idle."""
        waiting, messages = set(parents), []
        while waiting:
            m = kc.get_iopub_msg(timeout=TIMEOUT)
            messages.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                waiting.discard(m["parent_header"].get("msg_id"))
        return messages


def drain(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.3)
        except queue.Empty:
            return


if __name__ == "__main__":
    unittest.main()
