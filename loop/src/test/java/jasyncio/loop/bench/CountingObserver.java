package jasyncio.loop.bench;

import jasyncio.loop.Future;
import jasyncio.loop.Handle;
import jasyncio.loop.LoopObserver;
import jasyncio.loop.ScheduleCause;
import jasyncio.loop.Task;
import jasyncio.loop.TimerHandle;

/** "Tracing on" for the benchmark: an observer that does little, counting every event it is told of. */
final class CountingObserver implements LoopObserver {
    long events;

    @Override
    public void iterationStarted(long iteration) {
        events++;
    }

    @Override
    public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
        events++;
    }

    @Override
    public void timerScheduled(TimerHandle timer) {
        events++;
    }

    @Override
    public void timerCancelled(TimerHandle timer) {
        events++;
    }

    @Override
    public void timerDue(TimerHandle timer) {
        events++;
    }

    @Override
    public void waitEntered(double timeoutSeconds) {
        events++;
    }

    @Override
    public void waitReturned(int n) {
        events++;
    }

    @Override
    public void handlePopped(Handle handle, int readyLength) {
        events++;
    }

    @Override
    public void handleRan(Handle handle, long nanos) {
        events++;
    }

    @Override
    public void taskCreated(Task<?> task) {
        events++;
    }

    @Override
    public void taskStepped(Task<?> task, Throwable thrownIn) {
        events++;
    }

    @Override
    public void taskSuspended(Task<?> task, Future<?> awaiting) {
        events++;
    }

    @Override
    public void taskDone(Task<?> task) {
        events++;
    }

    @Override
    public void futureDone(Future<?> future, int callbacks) {
        events++;
    }
}
