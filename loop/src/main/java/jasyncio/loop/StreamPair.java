package jasyncio.loop;

/** What openConnection returns: asyncio's {@code (reader, writer)} tuple. */
public record StreamPair(StreamReader reader, StreamWriter writer) {
}
