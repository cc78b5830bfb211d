package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Matrix;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A finite-difference check of a network's analytic gradients. The implementation lives in the verify
 * module ({@code dev.ffnn.verify.GradientChecker}); the engine only names the service, so that the CLI's
 * {@code --check-gradients} can use it when the verify jar is on the class path without the engine
 * depending on its own checker.
 */
public interface GradientCheck {

    /** The outcome of a check. */
    interface Result {
        /** The largest relative error over every entry of V and W. */
        double worst();

        /** Human-readable lines: the worst entry per parameter matrix. */
        String summary();
    }

    /** Checks ∂E/∂V and ∂E/∂W of {@code net} on these rows; the weights are unchanged afterwards. */
    Result check(Network net, Matrix inputs, Matrix targets);

    /** The installed checker, if the verify module is on the class path. */
    static Optional<GradientCheck> find() {
        return ServiceLoader.load(GradientCheck.class).findFirst();
    }
}
