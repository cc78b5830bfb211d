package dev.ffnn.engine.math;

import java.lang.reflect.InvocationTargetException;

/**
 * Chooses the kernels once per JVM, as Lucene's {@code VectorizationProvider} does: the Vector API
 * implementation when {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), otherwise the scalar reference, after one warning on stderr.
 *
 * <p>The system property {@value #VECTOR_SIZE_PROPERTY} (64, 128, 256 or 512) forces the vector width,
 * so tests can exercise every lane count and tail on any CPU.
 */
public final class KernelProvider {

    /** System property that forces the vector species' bit size (tests only). */
    public static final String VECTOR_SIZE_PROPERTY = "ffnn.vectorsize";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Kernels SCALAR = new ScalarKernels();

    private KernelProvider() {
    }

    private static final class Holder {
        static final Kernels DEFAULT = chooseDefault();
    }

    /** The fastest kernels this JVM can run, chosen on first call. */
    public static Kernels get() {
        return Holder.DEFAULT;
    }

    /** The scalar reference kernels. */
    public static Kernels scalar() {
        return SCALAR;
    }

    /** True when the incubator module is readable, so {@link #vector(int)} can succeed. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The Vector API kernels, of the CPU's preferred width unless {@value #VECTOR_SIZE_PROPERTY} forces one.
     *
     * @throws IllegalStateException when the incubator module is not enabled
     */
    public static Kernels vector() {
        if (!vectorAvailable()) {
            throw new IllegalStateException("vector kernels need the JVM flag --add-modules " + VECTOR_MODULE);
        }
        try {
            // Reflection keeps every Vector API class out of this class's constant pool: without the module,
            // linking PanamaKernels would throw NoClassDefFoundError.
            Class<?> impl = Class.forName(KernelProvider.class.getPackageName() + ".PanamaKernels");
            var create = impl.getDeclaredMethod("create");
            return (Kernels) create.invoke(null);
        } catch (InvocationTargetException | ExceptionInInitializerError e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot create vector kernels", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create vector kernels", e);
        }
    }

    /** Kernels by the name users type: "vector" or "scalar". */
    public static Kernels byName(String name) {
        return switch (name) {
            case "scalar" -> SCALAR;
            case "vector" -> vector();
            default -> throw new IllegalArgumentException("unknown kernels '" + name + "': use vector or scalar");
        };
    }

    private static Kernels chooseDefault() {
        if (vectorAvailable()) {
            return vector();
        }
        System.err.println("warning: " + VECTOR_MODULE + " is not enabled; using the scalar kernels"
                + " (start java with --add-modules " + VECTOR_MODULE + " for the vector ones)");
        return SCALAR;
    }
}
