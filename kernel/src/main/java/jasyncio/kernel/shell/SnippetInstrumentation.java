package jasyncio.kernel.shell;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the class files JShell compiles from cells, before they are loaded (as the JDK's
 * LocalExecutionControl does for its stop checks):
 * <ul>
 * <li>a call to {@link CellInterrupts#check()} at every method entry and before every backward
 * branch, so an interrupt stops a busy loop;</li>
 * <li>{@code System.exit(n)}, {@code Runtime.exit(n)} and {@code Runtime.halt(n)}, called or
 * taken as method references, go to {@link ExitGuard}, which throws instead of ending the JVM.</li>
 * </ul>
 */
final class SnippetInstrumentation {
    private static final ClassDesc CD_CHECKS = ClassDesc.of(CellInterrupts.class.getName());
    private static final ClassDesc CD_EXIT_GUARD = ClassDesc.of(ExitGuard.class.getName());
    private static final ClassDesc CD_SYSTEM = ClassDesc.of("java.lang.System");
    private static final ClassDesc CD_RUNTIME = ClassDesc.of("java.lang.Runtime");
    private static final MethodTypeDesc INT_TO_VOID = MethodTypeDesc.of(CD_void, CD_int);
    private static final MethodTypeDesc RUNTIME_INT_TO_VOID = MethodTypeDesc.of(CD_void, CD_RUNTIME, CD_int);
    private static final MethodHandleDesc GUARD_EXIT =
            MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, CD_EXIT_GUARD, "exit", INT_TO_VOID);
    private static final MethodHandleDesc GUARD_RUNTIME_EXIT =
            MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, CD_EXIT_GUARD, "runtimeExit", RUNTIME_INT_TO_VOID);
    private static final MethodHandleDesc GUARD_RUNTIME_HALT =
            MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, CD_EXIT_GUARD, "runtimeHalt", RUNTIME_INT_TO_VOID);

    private SnippetInstrumentation() {
    }

    static byte[] instrument(byte[] classFile) {
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(classFile),
                ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(Weaver::new)));
    }

    /** The exit target a method handle is replaced with, or null when it is no exit. */
    private static MethodHandleDesc guardFor(ClassDesc owner, String name, MethodTypeDesc type) {
        if (!type.equals(INT_TO_VOID)) {
            return null;
        }
        if (owner.equals(CD_SYSTEM) && name.equals("exit")) {
            return GUARD_EXIT;
        }
        if (owner.equals(CD_RUNTIME)) {
            return switch (name) {
                case "exit" -> GUARD_RUNTIME_EXIT;
                case "halt" -> GUARD_RUNTIME_HALT;
                default -> null;
            };
        }
        return null;
    }

    /** One method body: remembers the labels it has passed, to know which branches go backward. */
    private static final class Weaver implements CodeTransform {
        private final Set<Label> passed = new HashSet<>();
        private boolean entered;

        @Override
        public void accept(CodeBuilder builder, CodeElement element) {
            if (!entered && element instanceof Instruction) {
                // The entry check goes before the first instruction, after its line number:
                // an interrupt there is reported at the method's first line.
                entered = true;
                check(builder);
            }
            switch (element) {
                case LabelTarget target -> passed.add(target.label());
                case BranchInstruction branch when passed.contains(branch.target()) -> check(builder);
                case TableSwitchInstruction ts when jumpsBack(ts.defaultTarget(), ts.cases()) -> check(builder);
                case LookupSwitchInstruction ls when jumpsBack(ls.defaultTarget(), ls.cases()) -> check(builder);
                case InvokeInstruction call -> {
                    if (redirectExit(builder, call)) {
                        return;
                    }
                }
                case InvokeDynamicInstruction indy -> {
                    if (redirectExitReference(builder, indy)) {
                        return;
                    }
                }
                default -> {
                }
            }
            builder.with(element);
        }

        private boolean jumpsBack(Label defaultTarget, List<SwitchCase> cases) {
            return passed.contains(defaultTarget) || cases.stream().anyMatch(c -> passed.contains(c.target()));
        }

        private static void check(CodeBuilder builder) {
            builder.invokestatic(CD_CHECKS, "check", ConstantDescs.MTD_void);
        }

        private static boolean redirectExit(CodeBuilder builder, InvokeInstruction call) {
            Opcode op = call.opcode();
            if (op != Opcode.INVOKESTATIC && op != Opcode.INVOKEVIRTUAL) {
                return false;
            }
            MethodHandleDesc guard = guardFor(call.owner().asSymbol(), call.name().stringValue(), call.typeSymbol());
            if (guard == null || (op == Opcode.INVOKESTATIC) != (guard == GUARD_EXIT)) {
                return false;
            }
            // Runtime.exit(int) on a receiver becomes runtimeExit(Runtime, int): same stack, static call.
            DirectMethodHandleDesc target = (DirectMethodHandleDesc) guard;
            builder.invokestatic(target.owner(), target.methodName(), target.invocationType());
            return true;
        }

        /** {@code System::exit} and {@code runtime::exit} as lambdas: the metafactory gets the guard instead. */
        private static boolean redirectExitReference(CodeBuilder builder, InvokeDynamicInstruction indy) {
            List<ConstantDesc> args = indy.bootstrapArgs();
            ConstantDesc[] replaced = null;
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof DirectMethodHandleDesc handle && handle.lookupDescriptor().startsWith("(")) {
                    MethodHandleDesc guard = guardFor(handle.owner(), handle.methodName(),
                            MethodTypeDesc.ofDescriptor(handle.lookupDescriptor()));
                    if (guard != null) {
                        if (replaced == null) {
                            replaced = args.toArray(new ConstantDesc[0]);
                        }
                        replaced[i] = guard;
                    }
                }
            }
            if (replaced == null) {
                return false;
            }
            builder.invokedynamic(DynamicCallSiteDesc.of(indy.bootstrapMethod(), indy.name().stringValue(),
                    indy.typeSymbol(), replaced));
            return true;
        }
    }
}
