package jasyncio.loop;

/** A coroutine body that is given one argument, such as the {@link TaskGroup} it runs in. */
@FunctionalInterface
public interface AsyncConsumer<A> {
    void accept(A argument) throws Throwable;
}
