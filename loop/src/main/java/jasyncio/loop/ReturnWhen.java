package jasyncio.loop;

/** When {@link Wait#wait} returns (asyncio.FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED). */
public enum ReturnWhen {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future finishes with an exception; when none does, ALL_COMPLETED. */
    FIRST_EXCEPTION,
    /** When every future is done or cancelled. */
    ALL_COMPLETED
}
