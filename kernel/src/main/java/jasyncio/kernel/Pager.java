package jasyncio.kernel;

import com.google.gson.JsonObject;
import jasyncio.kernel.shell.Interpreter;
import java.util.Map;
import java.util.regex.Pattern;

/** IPython's {@code name?}: a cell that is one name followed by ? shows its documentation in the pager. */
final class Pager {
    private static final Pattern HELP = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.()]*\\?{1,2}");

    private Pager() {
    }

    static boolean isHelpRequest(String strippedCode) {
        return HELP.matcher(strippedCode).matches();
    }

    /** The execute_reply payload that opens the pager with the documentation. */
    static JsonObject page(Interpreter interpreter, String strippedCode) {
        boolean detailed = strippedCode.endsWith("??");
        String name = strippedCode.substring(0, strippedCode.length() - (detailed ? 2 : 1));
        Map<String, Object> bundle = interpreter.inspect(name, name.codePointCount(0, name.length()), detailed ? 1 : 0);
        if (bundle.isEmpty()) {
            bundle = Map.of("text/plain", "No documentation found for " + name);
        }
        return payload(bundle);
    }

    /** The execute_reply payload that opens the pager with this bundle. */
    static JsonObject payload(Map<String, Object> bundle) {
        JsonObject page = new JsonObject();
        page.addProperty("source", "page");
        page.add("data", Json.mimeBundle(bundle));
        page.addProperty("start", 0);
        return page;
    }
}
