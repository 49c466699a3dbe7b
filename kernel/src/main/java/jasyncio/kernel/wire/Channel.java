package jasyncio.kernel.wire;

/** The five Jupyter channels, each one ZeroMQ socket of the kernel. */
public enum Channel {
    /** ROUTER: execute, complete, inspect, ... requests and their replies. */
    SHELL,
    /** ROUTER: interrupt and shutdown; read before shell so it is not stuck behind queued cells. */
    CONTROL,
    /** ROUTER: input_request from the kernel, input_reply from the front end. */
    STDIN,
    /** PUB: status, stream, display_data, execute_input/result, error, ... to every front end. */
    IOPUB,
    /** REP: echoes pings on its own thread so a busy kernel still looks alive. */
    HEARTBEAT;

    /** The connection file's key for this channel's port, e.g. {@code "shell_port"}. */
    public String portKey() {
        return switch (this) {
            case SHELL -> "shell_port";
            case CONTROL -> "control_port";
            case STDIN -> "stdin_port";
            case IOPUB -> "iopub_port";
            case HEARTBEAT -> "hb_port";
        };
    }

    /** Lower-case name used in log lines ("shell", "control", ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
