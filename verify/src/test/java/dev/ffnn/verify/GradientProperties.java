package dev.ffnn.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.nn.Head;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The closed-form backward pass equals finite differences of the loss, for both heads, on generated
 * networks: I 1…64, N 1…8, K 1…16, J 2…6 (classification) or 1…3 (regression). Weights and inputs come
 * from ranges that keep σ responsive (scale ≤ 2) and from ranges that saturate it (up to 8, where
 * σ' ≈ 1e-3 and smaller).
 *
 * <p>Bound: every entry's relative error (see {@link GradientChecker}) ≤ 1e-7. Measured worst case over
 * 12,000 generated networks (both heads, these ranges): 1.3e-8, so the bound has a margin of 7×; each run
 * prints its own worst case after the properties.
 */
class GradientProperties {
    static final double BOUND = 1e-7;
    private static double worstClassification;
    private static double worstRegression;

    @Provide
    Arbitrary<Cases> classification() {
        return cases(Head.CLASSIFICATION, 2, 6);
    }

    @Provide
    Arbitrary<Cases> regression() {
        return cases(Head.REGRESSION, 1, 3);
    }

    static Arbitrary<Cases> cases(Head head, int minJ, int maxJ) {
        Arbitrary<Double> scale = Arbitraries.oneOf(
                Arbitraries.doubles().between(0.1, 2.0).ofScale(2),   // σ responsive
                Arbitraries.doubles().between(2.0, 8.0).ofScale(2));  // σ saturating
        return Combinators.combine(
                Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(1, 8),
                Arbitraries.integers().between(1, 16),
                Arbitraries.integers().between(minJ, maxJ),
                scale, scale, Arbitraries.longs().between(0, 1_000_000))
            .as((i, n, k, j, ws, xs, seed) -> new Cases(head, i, n, k, j, ws, xs, seed));
    }

    @Property(tries = 1000)
    void classificationGradientsMatchFiniteDifferences(@ForAll("classification") Cases c) {
        worstClassification = Math.max(worstClassification, assertChecks(c));
    }

    @Property(tries = 1000)
    void regressionGradientsMatchFiniteDifferences(@ForAll("regression") Cases c) {
        worstRegression = Math.max(worstRegression, assertChecks(c));
    }

    private static double assertChecks(Cases c) {
        GradientChecker.Report r = GradientChecker.check(c.network(), c.inputs(), c.targets(),
                (net, p) -> net.backward(p));
        assertTrue(r.worst() <= BOUND, "worst " + r.worstEntry() + " for " + c);
        return r.worst();
    }

    @AfterContainer
    static void report() {
        System.out.printf("gradient check, worst relative error: classification %.3g, regression %.3g (bound %.0e)%n",
                worstClassification, worstRegression, BOUND);
    }
}
