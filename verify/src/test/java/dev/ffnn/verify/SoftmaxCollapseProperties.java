package dev.ffnn.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The softmax + cross-entropy collapse, proven the long way: ∂E/∂F̂ computed by the chain rule through
 * softmax's Jacobian, ∂Gᵢₖ/∂F̂ᵢⱼ = Gᵢₖ(δₖⱼ − Gᵢⱼ), and ∂E/∂Gᵢₖ = −Yᵢₖ / (I·Gᵢₖ), equals the closed form
 * (G − Y)/I the network uses. Bound: 1e-12 absolute + 1e-10 relative per entry (two roundings paths of a
 * few dozen operations; the long way divides by G, so rows where a true-class G is tiny are the loosest).
 */
class SoftmaxCollapseProperties {

    @Property(tries = 1000)
    void closedFormEqualsChainRuleThroughTheJacobian(@ForAll @IntRange(min = 1, max = 32) int rows,
                                                     @ForAll @IntRange(min = 2, max = 8) int classes,
                                                     @ForAll @DoubleRange(min = 0.1, max = 12) double logitScale,
                                                     @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Kernels k = KernelProvider.get();
        Matrix fHat = new Matrix(rows, classes);
        Matrix y = new Matrix(rows, classes);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                fHat.set(i, j, rnd.nextDouble(-logitScale, logitScale));
            }
            y.set(i, rnd.nextInt(classes), 1.0);
        }
        Matrix g = new Matrix(rows, classes);
        k.softmaxRows(fHat, g);

        Matrix closed = new Matrix(rows, classes);
        k.scaledDifference(1.0 / rows, g, y, closed);

        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                double longWay = 0;
                for (int c = 0; c < classes; c++) {
                    double dEdG = -y.get(i, c) / (rows * g.get(i, c));
                    double dGdF = g.get(i, c) * ((c == j ? 1.0 : 0.0) - g.get(i, j));
                    if (y.get(i, c) != 0) {
                        longWay += dEdG * dGdF;
                    }
                }
                double diff = Math.abs(longWay - closed.get(i, j));
                assertTrue(diff <= 1e-12 + 1e-10 * Math.abs(closed.get(i, j)),
                        "row " + i + " class " + j + ": chain rule " + longWay + " vs (G − Y)/I " + closed.get(i, j));
            }
        }
    }
}
