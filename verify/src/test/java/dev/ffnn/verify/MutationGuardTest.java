package dev.ffnn.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Pass;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A check that cannot fail is a defect: the checker is run against deliberately wrong backward passes and
 * must reject every one, on both heads, on networks where K = J (so that a transposed product still has
 * valid shapes and would otherwise slip through as a shape error rather than a caught mistake).
 * The correct backward, written the same way, must pass, so the mutants differ from it only in the bug.
 */
class MutationGuardTest {

    /** The correct backward, spelled out with the public kernels, so each mutant changes exactly one thing. */
    static void backward(Network net, Pass p, Mutation m) {
        Kernels k = net.kernels();
        int rows = p.rows();
        int j = net.outputs();
        int hidden = net.hidden();
        double scale = net.head() == Head.CLASSIFICATION ? 1.0 / rows : 2.0 / ((double) rows * j);
        if (m == Mutation.MISSING_ONE_OVER_I) {
            scale *= rows;
        }
        Matrix deltaOut = new Matrix(rows, j);
        if (m == Mutation.SIGN_ERROR) {
            k.scaledDifference(scale, p.y(), p.g(), deltaOut); // (Y − G) instead of (G − Y)
        } else {
            k.scaledDifference(scale, p.g(), p.y(), deltaOut);
        }
        k.matmulTransA(p.fTilde(), deltaOut, p.dW());
        Matrix w1 = net.w().withoutFirstRow();
        Matrix deltaHidden = new Matrix(rows, hidden);
        if (m == Mutation.TRANSPOSED_PRODUCT) {
            k.matmul(deltaOut, w1, deltaHidden); // δ·W₁ where δ·W₁ᵀ is right (shapes agree when K = J)
        } else {
            k.matmulTransB(deltaOut, w1, deltaHidden);
        }
        if (m == Mutation.WRONG_SIGMOID_DERIVATIVE) {
            k.sigmoidBackward(p.xHat(), deltaHidden); // σ'(X̂) taken as X̂(1 − X̂), not F(1 − F)
        } else if (m != Mutation.MISSING_SIGMOID_DERIVATIVE) {
            k.sigmoidBackward(p.f(), deltaHidden);
        }
        if (m == Mutation.DROPPED_BIAS_ROW) {
            p.dV().fill(0.0);
            k.matmulTransA(p.x(), deltaHidden, p.dV().withoutFirstRow()); // X instead of X̃: no bias gradient
        } else {
            k.matmulTransA(p.xTilde(), deltaHidden, p.dV());
        }
    }

    enum Mutation {
        NONE, MISSING_SIGMOID_DERIVATIVE, WRONG_SIGMOID_DERIVATIVE, DROPPED_BIAS_ROW, TRANSPOSED_PRODUCT,
        SIGN_ERROR, MISSING_ONE_OVER_I
    }

    @ParameterizedTest
    @EnumSource(Mutation.class)
    void everyMutantIsCaughtAndTheTruthPasses(Mutation m) {
        Map<String, Double> worst = new LinkedHashMap<>();
        for (Head head : Head.values()) {
            for (long seed = 1; seed <= 20; seed++) {
                int j = head == Head.CLASSIFICATION ? 2 + (int) (seed % 4) : 2 + (int) (seed % 2); // K = J ≥ 2: a 1×1 transpose is no bug
                Cases c = new Cases(head, 2 + (int) (seed * 7 % 40), 1 + (int) (seed % 5), j, j, 1.0, 1.5, seed);
                GradientChecker.Report r = GradientChecker.check(c.network(), c.inputs(), c.targets(),
                        (net, p) -> backward(net, p, m));
                if (m == Mutation.NONE) {
                    assertTrue(r.worst() <= GradientProperties.BOUND, "the correct backward must pass: " + r.worstEntry() + " " + c);
                } else {
                    assertTrue(r.worst() > 1e-3, m + " slipped through the checker: " + r.worstEntry() + " for " + c);
                }
                // For the truth, the largest error seen; for a mutant, the smallest (how narrowly it was caught).
                worst.merge(head.label(), r.worst(), m == Mutation.NONE ? Math::max : Math::min);
            }
        }
        System.out.println(m + (m == Mutation.NONE ? ": largest" : ": smallest") + " worst-entry error over 40 cases " + worst);
    }
}
