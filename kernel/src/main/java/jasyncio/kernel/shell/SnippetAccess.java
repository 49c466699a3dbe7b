package jasyncio.kernel.shell;

import java.lang.classfile.AccessFlags;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.FieldTransform;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.InnerClassInfo;
import java.lang.classfile.attribute.InnerClassesAttribute;

/**
 * Makes a snippet class, its nested classes and their members public unless they are private,
 * so that snippet classes in different class loaders ({@link SnippetLoader}: one per
 * compilation, so that what JShell forgets can be unloaded) can use each other as they could in
 * one package: {@code class Counter { int n; }} in one cell and {@code counter.n++} in a later
 * one. JShell puts every snippet in package REPL and relies on package access between them;
 * classes of two loaders are in two runtime packages, where only public access crosses.
 * Private members stay private: only their own class and its nestmates use them, and those are
 * compiled, and loaded, together.
 */
final class SnippetAccess {
    private static final int PUBLIC = ClassFile.ACC_PUBLIC;
    private static final int NOT_PACKAGE_ACCESS = ClassFile.ACC_PRIVATE | ClassFile.ACC_PUBLIC;
    private static final String CLASS_INITIALIZER = "<clinit>";
    private static final ClassTransform OPEN = ClassTransform.ACCEPT_ALL
            .andThen((ClassTransform) (builder, element) -> {
                switch (element) {
                    case AccessFlags flags -> builder.withFlags(opened(flags.flagsMask()));
                    case InnerClassesAttribute inner -> builder.with(InnerClassesAttribute.of(inner.classes().stream()
                            .map(c -> InnerClassInfo.of(c.innerClass(), c.outerClass(), c.innerName(), opened(c.flagsMask())))
                            .toList()));
                    default -> builder.with(element);
                }
            })
            .andThen(ClassTransform.transformingFields((FieldTransform) (builder, element) -> {
                if (element instanceof AccessFlags flags) {
                    builder.withFlags(opened(flags.flagsMask()));
                } else {
                    builder.with(element);
                }
            }))
            .andThen(ClassTransform.transformingMethods(
                    method -> !method.methodName().equalsString(CLASS_INITIALIZER),
                    (MethodTransform) (builder, element) -> {
                        if (element instanceof AccessFlags flags) {
                            builder.withFlags(opened(flags.flagsMask()));
                        } else {
                            builder.with(element);
                        }
                    }));

    private SnippetAccess() {
    }

    static byte[] open(byte[] classFile) {
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(classFile), OPEN);
    }

    /** Package access (no modifier, or protected) becomes public; public and private stay. */
    static int opened(int flags) {
        if ((flags & NOT_PACKAGE_ACCESS) != 0) {
            return flags;
        }
        return (flags & ~ClassFile.ACC_PROTECTED) | PUBLIC;
    }
}
