package jasyncio.kernel.player;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the events refer to, by id: the names of the handles named (a callback's, once per
 * handle, within a budget; a task's step or wakeup is never named here, {@link HandleIndex} says
 * whose it is), each task's name and how it ended, each plain Future's description, the cell
 * line behind an event; and the strings they use, stored once. Handle and task ids are the
 * loop's ({@code Handle.id()}, {@code Task.id()}); a plain Future has no id of its own and gets
 * a negative one here.
 */
final class TraceTables {
    /** The first handles (not task steps) given a name as they are scheduled; later ones only if still seen at the end. */
    static final int NAMED_HANDLES = 20_000;
    /** The first tasks whose outcome is described ("result=42"); later ones say done/failed/cancelled only. */
    static final int DESCRIBED_TASKS = 20_000;
    static final int DESCRIBED_FUTURES = 20_000;
    static final int MAX_TEXT = 160;

    private final List<String> strings = new ArrayList<>(List.of(""));
    private final Map<String, Integer> stringIndex = new HashMap<>();

    /** Handle id → its callback's name (low int: a string), for the handles named (bit 32: a TimerHandle). */
    final IntLongMap handleNames = new IntLongMap(1024);
    /** Task id → name string (high int), outcome description (low int). */
    final IntLongMap tasks = new IntLongMap(256);
    /** Task id → the event index of its end. */
    final IntLongMap taskEnds = new IntLongMap(256);
    /** Future id (negative) → description string. */
    final IntLongMap futures = new IntLongMap(256);
    /** Event index → cell line string (low int) and whether it is the traced cell's (bit 32). */
    final IntLongMap lines = new IntLongMap(256);
    int namedHandles;
    int describedTasks;
    int describedFutures;

    int string(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        String text = s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
        Integer known = stringIndex.get(text);
        if (known != null) {
            return known;
        }
        strings.add(text);
        stringIndex.put(text, strings.size() - 1);
        return strings.size() - 1;
    }

    String string(int index) {
        return index > 0 && index < strings.size() ? strings.get(index) : "";
    }

    List<String> strings() {
        return strings;
    }

    /** Marks a name given to a TimerHandle (in {@link #handleNames}). */
    static final long TIMER_BIT = 1L << 32;

    /** Names a handle (its callback's name, a string index), once. */
    void nameHandle(int id, int name, boolean timer) {
        handleNames.put(id, (timer ? TIMER_BIT : 0) | (name & 0xffffffffL));
    }

    boolean isNamed(int id) {
        return handleNames.containsKey(id);
    }

    /** The handle's callback name, or "" when the recorder did not name it. */
    String handleName(int id) {
        return string((int) handleNames.get(id, 0));
    }

    boolean isNamedTimer(int id) {
        return (handleNames.get(id, 0) & TIMER_BIT) != 0;
    }

    void task(int id, int name) {
        long old = tasks.get(id, 0);
        tasks.put(id, ((long) name << 32) | (old & 0xffffffffL));
    }

    void taskOutcome(int id, int description) {
        long old = tasks.get(id, 0);
        tasks.put(id, (old & 0xffffffff00000000L) | (description & 0xffffffffL));
    }

    String taskName(int id) {
        String name = string((int) (tasks.get(id, 0) >>> 32));
        return name.isEmpty() ? "Task#" + id : name;
    }

    String taskOutcome(int id) {
        return string((int) tasks.get(id, 0));
    }

    void line(long event, int text, boolean thisCell) {
        if (event < Integer.MAX_VALUE) {
            lines.put((int) event + 1, (thisCell ? 1L << 32 : 0) | text); // +1: key 0 is reserved
        }
    }

    /** The cell line recorded for an event: the string (low int) and bit 32 for the traced cell; 0 for none. */
    long line(long event) {
        return event < Integer.MAX_VALUE ? lines.get((int) event + 1, 0) : 0;
    }

}
