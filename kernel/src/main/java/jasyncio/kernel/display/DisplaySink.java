package jasyncio.kernel.display;

import java.util.Map;

/**
 * Where {@code display(...)}, {@code updateDisplay(...)} and {@code clearOutput(...)} go: the
 * kernel's dispatcher implements it and turns each call into an iopub message (display_data,
 * update_display_data, clear_output) for the cell that is running, or for the cell whose
 * task made the call.
 *
 * <p>Calls come on whatever thread the user's code runs on, usually the loop thread.
 * Every bundle holds text/plain; values are Strings except where a mime type says otherwise.
 */
public interface DisplaySink {

    /**
     * display_data.
     *
     * @param data the mime bundle (mime type to content)
     * @param metadata per-mime metadata, possibly empty
     * @param displayId the id for later updates (the message's transient.display_id), or null
     */
    void displayData(Map<String, Object> data, Map<String, Object> metadata, String displayId);

    /** update_display_data: replaces what the output with this display id shows. */
    void updateDisplayData(Map<String, Object> data, Map<String, Object> metadata, String displayId);

    /** clear_output; with {@code wait}, the frontend clears when the next output arrives. */
    void clearOutput(boolean wait);
}
