package jasyncio.loop;

/** Rethrows any Throwable, checked or not, unchanged: await() raises what the awaited Future holds. */
final class Throwing {
    private Throwing() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
