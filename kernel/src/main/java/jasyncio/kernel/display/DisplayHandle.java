package jasyncio.kernel.display;

/** An output made by {@code display(...)}, to replace later: {@code handle.update(newValue)}. */
public record DisplayHandle(String id) {

    /** update_display_data: the output shows {@code value} instead. */
    public void update(Object value) {
        Display.updateDisplay(value, id);
    }

    @Override
    public String toString() {
        return "DisplayHandle[" + id + "]";
    }
}
