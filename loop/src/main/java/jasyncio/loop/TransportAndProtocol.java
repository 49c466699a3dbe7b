package jasyncio.loop;

/** What loop.create_connection returns: the transport and the protocol it calls. */
public record TransportAndProtocol<P extends Protocol>(Transport transport, P protocol) {
}
