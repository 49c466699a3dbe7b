package jasyncio.loop;

/**
 * The one place the loop calls its {@link LoopObserver} through (Trio's {@code Instruments}
 * does the same for its instruments): each hook is called inside a try, and an observer that
 * throws is removed from the loop and reported once through the loop's exception handler,
 * with a message that names the observer and the hook. The loop's own state change, in
 * whose middle the hook was called, then completes as if no observer had been installed
 * (a Future being completed still schedules its callbacks).
 *
 * <p>{@link EventLoop#setObserver} wraps the observer in one of these; the loop's call sites
 * read the field once per event (one null check when none is installed) and call the guard.
 * Once failed, the guard ignores every later call: a call site that read the field before the
 * failure (runOnce keeps it for a whole iteration) reaches it still.
 */
final class ObserverGuard implements LoopObserver {
    private final EventLoop loop;
    final LoopObserver observer;
    private boolean failed;

    ObserverGuard(EventLoop loop, LoopObserver observer) {
        this.loop = loop;
        this.observer = observer;
    }

    /** The observer threw from {@code hook}: remove it, and tell the exception handler once. */
    private void failed(String hook, Throwable error) {
        if (failed) {
            return;
        }
        failed = true;
        loop.observerFailed(this);
        String name;
        try {
            name = observer.getClass().getName() + " (" + observer + ")";
        } catch (Throwable undescribable) {
            name = observer.getClass().getName();
        }
        loop.callExceptionHandler(new ExceptionContext("LoopObserver " + name + " raised in " + hook
                + "; it was removed from the loop", error, null, null));
    }

    @Override
    public void iterationStarted(long iteration) {
        if (!failed) {
            try {
                observer.iterationStarted(iteration);
            } catch (Throwable t) {
                failed("iterationStarted", t);
            }
        }
    }

    @Override
    public void handleScheduled(Handle handle, int readyLength, ScheduleCause cause, Object source) {
        if (!failed) {
            try {
                observer.handleScheduled(handle, readyLength, cause, source);
            } catch (Throwable t) {
                failed("handleScheduled", t);
            }
        }
    }

    @Override
    public void timerScheduled(TimerHandle timer) {
        if (!failed) {
            try {
                observer.timerScheduled(timer);
            } catch (Throwable t) {
                failed("timerScheduled", t);
            }
        }
    }

    @Override
    public void timerCancelled(TimerHandle timer) {
        if (!failed) {
            try {
                observer.timerCancelled(timer);
            } catch (Throwable t) {
                failed("timerCancelled", t);
            }
        }
    }

    @Override
    public void timerDue(TimerHandle timer) {
        if (!failed) {
            try {
                observer.timerDue(timer);
            } catch (Throwable t) {
                failed("timerDue", t);
            }
        }
    }

    @Override
    public void waitEntered(double timeoutSeconds) {
        if (!failed) {
            try {
                observer.waitEntered(timeoutSeconds);
            } catch (Throwable t) {
                failed("waitEntered", t);
            }
        }
    }

    @Override
    public void clockJumped(double from, double to) {
        if (!failed) {
            try {
                observer.clockJumped(from, to);
            } catch (Throwable t) {
                failed("clockJumped", t);
            }
        }
    }

    @Override
    public void waitReturned(int events) {
        if (!failed) {
            try {
                observer.waitReturned(events);
            } catch (Throwable t) {
                failed("waitReturned", t);
            }
        }
    }

    @Override
    public void handlePopped(Handle handle, int readyLength) {
        if (!failed) {
            try {
                observer.handlePopped(handle, readyLength);
            } catch (Throwable t) {
                failed("handlePopped", t);
            }
        }
    }

    @Override
    public void handleRan(Handle handle, long nanos) {
        if (!failed) {
            try {
                observer.handleRan(handle, nanos);
            } catch (Throwable t) {
                failed("handleRan", t);
            }
        }
    }

    @Override
    public void taskCreated(Task<?> task) {
        if (!failed) {
            try {
                observer.taskCreated(task);
            } catch (Throwable t) {
                failed("taskCreated", t);
            }
        }
    }

    @Override
    public void taskStepped(Task<?> task, Throwable thrownIn) {
        if (!failed) {
            try {
                observer.taskStepped(task, thrownIn);
            } catch (Throwable t) {
                failed("taskStepped", t);
            }
        }
    }

    @Override
    public void taskSuspended(Task<?> task, Future<?> awaiting) {
        if (!failed) {
            try {
                observer.taskSuspended(task, awaiting);
            } catch (Throwable t) {
                failed("taskSuspended", t);
            }
        }
    }

    @Override
    public void taskDone(Task<?> task) {
        if (!failed) {
            try {
                observer.taskDone(task);
            } catch (Throwable t) {
                failed("taskDone", t);
            }
        }
    }

    @Override
    public void futureDone(Future<?> future, int callbacks) {
        if (!failed) {
            try {
                observer.futureDone(future, callbacks);
            } catch (Throwable t) {
                failed("futureDone", t);
            }
        }
    }

    @Override
    public void note(Object subject, String what) {
        if (!failed) {
            try {
                observer.note(subject, what);
            } catch (Throwable t) {
                failed("note", t);
            }
        }
    }

    @Override
    public String toString() {
        return "ObserverGuard[" + observer.getClass().getName() + "]";
    }
}
