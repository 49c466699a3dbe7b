package jasyncio.loop;

/** A callback with the name a Handle shows for it, e.g. {@code StreamReaderProtocol.connectionMade}. */
record NamedCallback(String name, Runnable action) implements Runnable {
    @Override
    public void run() {
        action.run();
    }

    @Override
    public String toString() {
        return name;
    }
}
