package jasyncio.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns a value into a mime bundle, for a cell's execute_result and for {@code display(x)}:
 * a {@link MimeBundle} gives its own; else public {@code toHtml()}, {@code toMarkdown()} and
 * {@code toSvg()} methods are used when the value's class has them; a RenderedImage becomes
 * image/png. text/plain is always there (JShell's rendering, see {@link ValueText}).
 */
public final class MimeRenderer {
    private record Convention(String methodName, String mimeType) {
    }

    private static final List<Convention> CONVENTIONS = List.of(
            new Convention("toHtml", "text/html"),
            new Convention("toMarkdown", "text/markdown"),
            new Convention("toSvg", "image/svg+xml"));

    /** Per class, the convention methods it has, in CONVENTIONS' order (null where absent). */
    private static final ClassValue<Method[]> METHODS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Method[] found = new Method[CONVENTIONS.size()];
            for (int i = 0; i < found.length; i++) {
                found[i] = conventionMethod(type, CONVENTIONS.get(i).methodName());
            }
            return found;
        }
    };

    private MimeRenderer() {
    }

    /** The value's bundle; never empty, always with text/plain. */
    public static Map<String, Object> render(Object value) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        if (value instanceof MimeBundle own) {
            bundle.putAll(own.mimeBundle());
        } else if (value instanceof RenderedImage image) {
            bundle.put("image/png", png(image));
        } else if (value != null) {
            Method[] methods = METHODS.get(value.getClass());
            for (int i = 0; i < methods.length; i++) {
                if (methods[i] != null) {
                    Object text = call(methods[i], value);
                    if (text != null) {
                        bundle.put(CONVENTIONS.get(i).mimeType(), text.toString());
                    }
                }
            }
        }
        bundle.putIfAbsent("text/plain", ValueText.of(value));
        return bundle;
    }

    /** The metadata a value gives with its bundle (only a MimeBundle has any). */
    public static Map<String, Object> metadata(Object value) {
        return value instanceof MimeBundle own ? own.metadata() : Map.of();
    }

    static String png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("no PNG writer for this image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static Method conventionMethod(Class<?> type, String name) {
        Method method;
        try {
            method = type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (Modifier.isStatic(method.getModifiers()) || !CharSequence.class.isAssignableFrom(method.getReturnType())) {
            return null;
        }
        // A class declared in a cell is not public (package REPL): its public method still needs this.
        return method.trySetAccessible() ? method : null;
    }

    private static Object call(Method method, Object value) {
        try {
            return method.invoke(value);
        } catch (IllegalAccessException e) {
            return null;
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause()); // the user's method threw: that is the cell's error
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
