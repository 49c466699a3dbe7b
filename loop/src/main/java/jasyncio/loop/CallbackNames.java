package jasyncio.loop;

import java.util.Arrays;

/** Readable names for callbacks and creation stacks, for Handle.toString and debug reports. */
final class CallbackNames {
    private CallbackNames() {
    }

    /**
     * A callback whose class overrides toString (Task's step, Future's callbacks) names itself;
     * a lambda is named by the class that wrote it ({@code Demo.lambda}).
     */
    static String describe(Object callback) {
        Class<?> type = callback.getClass();
        if (!type.isSynthetic() && !type.isHidden() && overridesToString(type)) {
            return callback.toString();
        }
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String owner = name.substring(0, lambda);
            return owner.substring(owner.lastIndexOf('.') + 1) + ".lambda";
        }
        return type.getSimpleName().isEmpty() ? name : type.getSimpleName();
    }

    private static boolean overridesToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The caller's stack without the loop's own frames: where a handle or task was made. */
    static StackTraceElement[] creationStack() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int first = 0;
        while (first < all.length && all[first].getClassName().startsWith("jasyncio.loop.")) {
            first++;
        }
        return Arrays.copyOfRange(all, first, Math.min(all.length, first + 20));
    }

    static String format(StackTraceElement[] stack) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement e : stack) {
            out.append("  at ").append(e).append('\n');
        }
        return out.toString();
    }
}
