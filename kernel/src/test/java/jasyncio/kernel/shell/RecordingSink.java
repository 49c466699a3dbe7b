package jasyncio.kernel.shell;

import jasyncio.kernel.display.DisplaySink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A DisplaySink that remembers every call, as the dispatcher would turn them into messages. */
final class RecordingSink implements DisplaySink {
    record Call(String kind, Map<String, Object> data, Map<String, Object> metadata, String displayId) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void displayData(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        calls.add(new Call("display_data", data, metadata, displayId));
    }

    @Override
    public void updateDisplayData(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        calls.add(new Call("update_display_data", data, metadata, displayId));
    }

    @Override
    public void clearOutput(boolean wait) {
        calls.add(new Call("clear_output", Map.of(), Map.of("wait", wait), null));
    }
}
