package jasyncio.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Jupyter connection file: where to bind the five sockets and the key that signs messages.
 *
 * <p>A port of 0 means "pick one" (the server binds a free port and reports it through
 * {@link KernelServer#connectionInfo()}). An empty key turns signing off, but only when the file
 * has {@code "key": ""} explicitly; a missing key is an error rather than a silently open kernel.
 */
public final class ConnectionInfo {
    public static final String SIGNATURE_SCHEME = "hmac-sha256";

    private final String transport;
    private final String ip;
    private final Map<Channel, Integer> ports;
    private final String key;
    private final String kernelName;

    public ConnectionInfo(String transport, String ip, Map<Channel, Integer> ports, String key, String kernelName) {
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new IllegalArgumentException("transport must be \"tcp\" or \"ipc\", not \"" + transport + "\"");
        }
        if (ip.isEmpty()) {
            throw new IllegalArgumentException("ip must not be empty");
        }
        EnumMap<Channel, Integer> copy = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            Integer port = ports.get(c);
            if (port == null) {
                throw new IllegalArgumentException("no " + c.portKey());
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(c.portKey() + " out of range: " + port);
            }
            copy.put(c, port);
        }
        this.transport = transport;
        this.ip = ip;
        this.ports = copy;
        this.key = Objects.requireNonNull(key, "key");
        this.kernelName = kernelName == null ? "" : kernelName;
    }

    /** All ports 0 (pick free ones), e.g. {@code withFreePorts("tcp", "127.0.0.1", key)} in tests. */
    public static ConnectionInfo withFreePorts(String transport, String ip, String key) {
        EnumMap<Channel, Integer> zeros = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            zeros.put(c, 0);
        }
        return new ConnectionInfo(transport, ip, zeros, key, "");
    }

    /**
     * Reads a connection file, and warns on System.err when group or others may read it (whoever
     * reads the key can run code as this user). See {@link #permissionWarning(Path)}.
     */
    public static ConnectionInfo read(Path file) throws IOException {
        permissionWarning(file).ifPresent(System.err::println);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad connection file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A warning when the file's POSIX permissions let group or others read it; empty otherwise. */
    public static Optional<String> permissionWarning(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty(); // not a POSIX file system: nothing we can check
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.of("jasyncio: WARNING: connection file " + file + " is readable by group or others ("
                    + PosixFilePermissions.toString(perms) + "); its key lets anyone who reads it run code"
                    + " in this kernel. Use chmod 600.");
        }
        return Optional.empty();
    }

    /** Parses the JSON of a connection file; IllegalArgumentException says what is wrong. */
    public static ConnectionInfo parse(String json) {
        JsonObject o;
        try {
            o = StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8), "connection file");
        } catch (WireFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String transport = optionalString(o, "transport", "tcp");
        String ip = optionalString(o, "ip", "127.0.0.1");
        String scheme = optionalString(o, "signature_scheme", SIGNATURE_SCHEME);
        if (!scheme.equals(SIGNATURE_SCHEME)) {
            throw new IllegalArgumentException("unsupported signature_scheme \"" + scheme + "\" (only "
                    + SIGNATURE_SCHEME + ")");
        }
        if (!o.has("key")) {
            throw new IllegalArgumentException("no \"key\" (use \"key\": \"\" to turn message signing off)");
        }
        String key = requiredString(o, "key");
        EnumMap<Channel, Integer> ports = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            JsonElement e = o.get(c.portKey());
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException("no numeric " + c.portKey());
            }
            double d = e.getAsDouble();
            if (d != Math.rint(d)) {
                throw new IllegalArgumentException(c.portKey() + " is not an integer: " + e);
            }
            ports.put(c, (int) Math.max(-1, Math.min(d, 70000))); // the constructor range-checks
        }
        return new ConnectionInfo(transport, ip, ports, key, optionalString(o, "kernel_name", ""));
    }

    private static String optionalString(JsonObject o, String name, String fallback) {
        return o.has(name) && !o.get(name).isJsonNull() ? requiredString(o, name) : fallback;
    }

    private static String requiredString(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string");
        }
        return e.getAsString();
    }

    public String transport() {
        return transport;
    }

    public String ip() {
        return ip;
    }

    public String key() {
        return key;
    }

    public String signatureScheme() {
        return SIGNATURE_SCHEME;
    }

    public String kernelName() {
        return kernelName;
    }

    public int port(Channel channel) {
        return ports.get(channel);
    }

    public int shellPort() {
        return port(Channel.SHELL);
    }

    public int iopubPort() {
        return port(Channel.IOPUB);
    }

    public int stdinPort() {
        return port(Channel.STDIN);
    }

    public int controlPort() {
        return port(Channel.CONTROL);
    }

    public int hbPort() {
        return port(Channel.HEARTBEAT);
    }

    /** Signing is on unless the file gave an empty key. */
    public boolean signed() {
        return !key.isEmpty();
    }

    /** A copy with one port replaced (the server uses it to report ports it picked). */
    public ConnectionInfo withPort(Channel channel, int port) {
        EnumMap<Channel, Integer> copy = new EnumMap<>(ports);
        copy.put(channel, port);
        return new ConnectionInfo(transport, ip, copy, key, kernelName);
    }

    /**
     * The ZeroMQ endpoint of a port: {@code tcp://ip:port}, or for ipc {@code ipc://ip-port}
     * (jupyter_client's convention: the ip field is a path prefix and the "port" a suffix).
     */
    public String endpoint(int port) {
        if (transport.equals("ipc")) {
            return "ipc://" + ip + "-" + port;
        }
        return "tcp://" + hostForEndpoint() + ":" + port;
    }

    /** IPv6 literals need brackets in a ZeroMQ endpoint. */
    String hostForEndpoint() {
        return ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    }

    boolean ipv6() {
        return transport.equals("tcp") && ip.contains(":");
    }

    /** The connection file JSON for these values (a launcher or a test can write it). */
    public String toJson() {
        JsonObject o = new JsonObject();
        for (Channel c : Channel.values()) {
            o.addProperty(c.portKey(), port(c));
        }
        o.addProperty("ip", ip);
        o.addProperty("key", key);
        o.addProperty("transport", transport);
        o.addProperty("signature_scheme", SIGNATURE_SCHEME);
        o.addProperty("kernel_name", kernelName);
        return new String(StrictJson.toBytes(o), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "ConnectionInfo[" + transport + " " + ip + " " + ports + (signed() ? " signed" : " UNSIGNED") + "]";
    }
}
