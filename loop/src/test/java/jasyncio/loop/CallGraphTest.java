package jasyncio.loop;

import static jasyncio.loop.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** 3.14's asyncio.graph: who awaits whom, and where each task waits. */
class CallGraphTest {
    private static List<String> names(List<FutureCallGraph> graphs) {
        return graphs.stream().map(g -> ((Task<?>) g.future()).getName()).toList();
    }

    private static boolean mentionsThisTest(List<StackTraceElement> stack) {
        return stack.stream().anyMatch(f -> f.getClassName().equals(CallGraphTest.class.getName()));
    }

    @Test
    void aTaskAwaitingAGatherOfTwoTasksIsTheirAwaiter() {
        run(async(() -> {
            Future<Void> gate = getRunningLoop().createFuture();
            Task<String> a = createTask(async(() -> {
                await(gate);
                return "a";
            }), "A");
            Task<String> b = createTask(async(() -> {
                await(gate);
                return "b";
            }), "B");
            Task<List<String>> parent = createTask(async(() -> await(gather(a, b))), "parent");
            Task<List<String>> grandparent = createTask(async(() -> await(parent)), "grandparent");
            await(sleep(0)); // every task runs to its await

            FutureCallGraph ofA = captureCallGraph(a);
            assertSame(a, ofA.future());
            assertTrue(mentionsThisTest(ofA.callStack()), "A's stack is where its coroutine waits: " + ofA.callStack());
            assertTrue(ofA.callStack().stream().noneMatch(CallbackNames::isCoroutineMachinery), String.valueOf(ofA.callStack()));
            assertEquals(List.of("parent"), names(ofA.awaitedBy()), "the gather in between is seen through");
            assertEquals(List.of("grandparent"), names(ofA.awaitedBy().get(0).awaitedBy()));
            assertEquals(List.of(), ofA.awaitedBy().get(0).awaitedBy().get(0).awaitedBy(), "nothing awaits the top task");
            assertEquals(List.of("parent"), names(captureCallGraph(b).awaitedBy()));

            FutureCallGraph ofGate = captureCallGraph(gate);
            assertEquals(List.of(), ofGate.callStack(), "a plain Future has no stack");
            assertEquals(List.of("A", "B"), names(ofGate.awaitedBy()));

            String text = formatCallGraph(a);
            String[] lines = text.split("\n");
            assertTrue(lines[0].matches("\\* Task\\(name='A', id=0x[0-9a-f]+\\)"), lines[0]);
            assertEquals("  + Call stack:", lines[1]);
            assertTrue(lines[2].startsWith("  |   File 'CallGraphTest.java', line "), lines[2]);
            assertTrue(text.contains("\n  + Awaited by:\n    * Task(name='parent', id=0x"), text);
            assertTrue(text.contains("\n        * Task(name='grandparent', id=0x"), text);

            gate.setResult(null);
            assertEquals(List.of("a", "b"), await(grandparent));
            assertEquals(List.of(), captureCallGraph(a).awaitedBy(), "nobody waits for a done task");
        }));
    }

    @Test
    void theRunningTasksGraphStartsAtTheCaller() {
        run(async(() -> {
            Task<FutureCallGraph> child = createTask(async(() -> {
                await(sleep(0));
                return captureCallGraph();
            }), "child");
            FutureCallGraph graph = await(child);
            assertSame(child, graph.future());
            StackTraceElement top = graph.callStack().get(0);
            assertEquals(CallGraphTest.class.getName(), top.getClassName(), "the first frame is the caller's: " + graph.callStack());
            assertTrue(top.getMethodName().startsWith("lambda$theRunningTasksGraphStartsAtTheCaller"), top.toString());
            assertEquals(List.of(), graph.callStack().stream().filter(f -> f.getClassName().startsWith("jasyncio.loop.EventLoop")).toList(),
                    "the stack ends at the coroutine: the loop below it is not the task's");
            assertEquals(1, graph.awaitedBy().size(), "the main task awaits it");
        }));
    }

    @Test
    void aTaskGroupsTasksAreAwaitedByTheTaskRunningTheGroup() {
        run(async(() -> {
            Future<Void> gate = getRunningLoop().createFuture();
            Task<?>[] member = new Task<?>[1];
            Task<Void> owner = createTask(async(() -> await(taskGroup(tg -> {
                member[0] = tg.createTask(async(() -> await(gate)), "member");
            }))), "owner");
            await(sleep(0));
            await(sleep(0));
            assertEquals(List.of("owner"), names(captureCallGraph(member[0]).awaitedBy()));
            gate.setResult(null);
            await(owner);
        }));
    }

    @Test
    void outsideATaskThereIsNoCurrentGraph() {
        run(async(() -> {
            Future<FutureCallGraph> fromCallback = getRunningLoop().createFuture();
            getRunningLoop().callSoon(() -> fromCallback.setResult(captureCallGraph()));
            assertNull(await(fromCallback));
        }));
    }
}
