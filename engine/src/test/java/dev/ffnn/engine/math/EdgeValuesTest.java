package dev.ffnn.engine.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Edge values every implementation must get right: the whole double range, ±0, ±∞, NaN, huge logits. */
class EdgeValuesTest {

    static Stream<Kernels> kernels() {
        List<Kernels> all = new ArrayList<>();
        all.add(KernelProvider.scalar());
        if (KernelProvider.vectorAvailable()) {
            all.add(KernelProvider.vector());
        }
        return all.stream();
    }

    /** Doubles spread over the whole exponent range, both signs, plus the values where exp changes regime. */
    static double[] wideValues() {
        Random rnd = new Random(42);
        double[] special = {
            0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, -1e-300, 1.0, -1.0,
            0.5 * Math.log(2), -0.5 * Math.log(2), Math.log(2), 709.78, 709.7827128933840, 709.79, 710.0,
            -708.39, -708.4, -744.44, -745.13, -745.1332191019412, -745.14, -746.0, -1000.0, 1000.0, 1e4, -1e4,
            1e308, -1e308, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        };
        double[] out = new double[special.length + 20_000];
        System.arraycopy(special, 0, out, 0, special.length);
        for (int i = special.length; i < out.length; i++) {
            if (i % 2 == 0) {
                out[i] = (rnd.nextDouble() * 2 - 1) * 760; // the range where exp is neither 0 nor ∞
            } else {
                out[i] = Double.longBitsToDouble(rnd.nextLong()); // any double at all, NaN included
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void expIsWithinTwoUlpOfMathExpEverywhere(Kernels k) {
        double[] x = wideValues();
        double[] out = new double[x.length];
        k.expRun(x, 0, out, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double expected = Math.exp(x[i]);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(out[i]), "exp(NaN) must be NaN");
                continue;
            }
            if (Double.isInfinite(expected) || expected == 0.0) {
                assertEquals(expected, out[i], "exp(" + x[i] + ") must overflow/underflow like Math.exp");
                continue;
            }
            double ulps = Math.abs(out[i] - expected) / Math.ulp(expected);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 2, "exp(" + x[i] + ") = " + out[i] + " vs " + expected + ": " + ulps + " ulp");
        }
        System.out.printf("%s exp: worst %.2f ulp over %d values%n", k.name(), worst, x.length);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sigmoidIsFiniteBoundedAndSymmetricUpTo1e308(Kernels k) {
        double[] x = wideValues();
        double[] pos = new double[x.length], neg = new double[x.length], minus = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            minus[i] = -x[i];
        }
        k.sigmoidRun(x, 0, pos, 0, x.length);
        k.sigmoidRun(minus, 0, neg, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            assertTrue(pos[i] >= 0 && pos[i] <= 1, "σ(" + x[i] + ") = " + pos[i] + " must be in [0, 1]");
            // σ(−x) = 1 − σ(x): the two sides differ only by the rounding of σ(x) near 1, so one ulp at 1.
            assertEquals(1.0 - pos[i], neg[i], Math.ulp(1.0), "σ(−x) = 1 − σ(x) at x = " + x[i]);
        }
        assertEquals(1.0, sig(k, 1e308));
        assertEquals(0.0, sig(k, -1e308));
        assertEquals(0.5, sig(k, 0.0));
        assertEquals(0.5, sig(k, -0.0));
        // Full relative precision far in the left tail, where 1 − 1/(1+e) would have cancelled to 0.
        assertEquals(Math.exp(-40) / (1 + Math.exp(-40)), sig(k, -40), 4 * Math.ulp(Math.exp(-40)));
        assertTrue(Double.isNaN(sig(k, Double.NaN)));
    }

    private static double sig(Kernels k, double x) {
        double[] out = new double[1];
        k.sigmoidRun(new double[] {x}, 0, out, 0, 1);
        return out[0];
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void softmaxColumnsSumToOneWithoutOverflow(Kernels k) {
        Random rnd = new Random(9);
        for (int samples = 1; samples <= 70; samples++) {
            Matrix x = new Matrix(3, samples);
            for (int c = 0; c < samples; c++) {
                x.set(0, c, rnd.nextBoolean() ? 1e4 : -1e4);
                x.set(1, c, (rnd.nextDouble() * 2 - 1) * 1e4);
                x.set(2, c, 1e4 - c); // nearly tied huge logits
            }
            Matrix g = new Matrix(3, samples);
            k.softmaxColumns(x, g);
            for (int c = 0; c < samples; c++) {
                double sum = 0;
                for (int r = 0; r < 3; r++) {
                    double g_rc = g.get(r, c);
                    assertTrue(g_rc >= 0 && g_rc <= 1 && !Double.isNaN(g_rc), "softmax entry " + g_rc);
                    sum += g_rc;
                }
                assertEquals(1.0, sum, 12 * Math.ulp(1.0), "sample " + c + " of " + samples);
            }
        }
    }

    /**
     * Log-sum-exp cross-entropy: a probability that underflows to 0 still has its exact log (the old floor at
     * the smallest normal capped the loss near 708), a huge finite spread stays finite, and NaN logits give a
     * NaN loss instead of a plausible number.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void crossEntropyOfSaturatedLogitsIsExactAndNeverLogZero(Kernels k) {
        int samples = 11; // one full vector and a tail
        Matrix x = new Matrix(2, samples), y = new Matrix(2, samples), g = new Matrix(2, samples), d = new Matrix(2, samples);
        for (int c = 0; c < samples; c++) {
            x.set(0, c, 0.0);
            x.set(1, c, -1000.0 - c);  // e^(−1000) underflows: G = (1, 0)
            y.set(1, c, 1.0);          // and the target is the class that got 0
        }
        double e = k.softmaxCrossEntropyColumns(x, y, g, d, 1.0 / samples);
        double expected = 0;
        for (int c = 0; c < samples; c++) {
            expected += 1000.0 + c;
            assertEquals(1.0, g.get(0, c));
            assertEquals(0.0, g.get(1, c));
            assertEquals(-1.0 / samples, d.get(1, c));
        }
        assertEquals(expected / samples, e, 1e-12 * expected, "−log G of an underflowed G is its logit gap");

        x.set(0, 3, 1e300);
        x.set(1, 3, -1e300);
        double huge = (expected - 1003.0 + 2e300) / samples;
        assertEquals(huge, k.softmaxCrossEntropyColumns(x, y, g, d, 1.0), 1e-12 * huge, "a gap of 2e300 costs 2e300");
        x.set(0, 3, Double.MAX_VALUE);
        x.set(1, 3, -Double.MAX_VALUE);
        assertEquals(Double.POSITIVE_INFINITY, k.softmaxCrossEntropyColumns(x, y, g, d, 1.0), "a gap beyond the range");
        x.set(0, 3, Double.NaN);
        assertTrue(Double.isNaN(k.softmaxCrossEntropyColumns(x, y, g, d, 1.0)), "NaN logits give a NaN loss");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void softmaxRowsSumToOneWithoutOverflow(Kernels k) {
        Random rnd = new Random(7);
        for (int cols = 1; cols <= 70; cols++) {
            Matrix x = new Matrix(3, cols);
            for (int j = 0; j < cols; j++) {
                x.set(0, j, rnd.nextBoolean() ? 1e4 : -1e4);
                x.set(1, j, (rnd.nextDouble() * 2 - 1) * 1e4);
                x.set(2, j, 1e4 - j); // nearly tied huge logits
            }
            Matrix g = new Matrix(3, cols);
            k.softmaxRows(x, g);
            for (int i = 0; i < 3; i++) {
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    double gij = g.get(i, j);
                    assertTrue(gij >= 0 && gij <= 1 && !Double.isNaN(gij), "softmax entry " + gij);
                    sum += gij;
                }
                assertEquals(1.0, sum, 4 * cols * Math.ulp(1.0), "row " + i + " of width " + cols);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void crossEntropyNeverTakesLogOfZero(Kernels k) {
        Matrix g = Matrix.of(new double[] {0.0, 1.0}, new double[] {1.0, 0.0});
        Matrix y = Matrix.of(new double[] {1.0, 0.0}, new double[] {1.0, 0.0});
        double e = k.crossEntropy(g, y);
        assertTrue(Double.isFinite(e), "CE with a zero probability on the true class must stay finite: " + e);
        assertEquals(-Math.log(Double.MIN_NORMAL) / 2, e, 1e-12);
        assertEquals(0.0, k.crossEntropy(y, y));
    }

    /**
     * A NaN or +∞ logit makes its whole sample NaN (+∞ − max is NaN), a −∞ logit gets probability 0: in rows
     * and in columns, at each width with a path of its own (4 packed, 10 overlapping, 20 general, 1000 a
     * long row), wherever the odd entry sits. The vector kernels take the max by a compare and a blend in
     * places, which a NaN does not win; this holds them to the reference's result all the same.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void nanAndInfiniteLogitsReachTheirWholeSample(Kernels k) {
        Random rnd = new Random(11);
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int width : new int[] {4, 10, 20, 1000}) {
            for (int at : new int[] {0, width / 2, width - 1}) {
                int samples = 16;
                Matrix x = new Matrix(samples, width);
                for (int i = 0; i < samples; i++) {
                    for (int j = 0; j < width; j++) {
                        x.set(i, j, rnd.nextDouble() * 8 - 4);
                    }
                }
                for (int o = 0; o < odd.length; o++) {
                    x.set(3 + 4 * o, at, odd[o]);
                }
                Matrix g = new Matrix(samples, width), gt = new Matrix(width, samples);
                k.softmaxRows(x, g);
                Matrix xt = new Matrix(width, samples);
                xt.copyTransposedFrom(x);
                k.softmaxColumns(xt, gt);
                String where = "width " + width + ", odd entry at " + at;
                for (int i = 0; i < samples; i++) {
                    double rowSum = 0, columnSum = 0;
                    for (int j = 0; j < width; j++) {
                        double byRow = g.get(i, j), byColumn = gt.get(j, i);
                        if (i == 3 || i == 7) {
                            assertTrue(Double.isNaN(byRow) && Double.isNaN(byColumn),
                                    x.get(i, at) + " in sample " + i + ", " + where + ": " + byRow + ", " + byColumn);
                            continue;
                        }
                        assertTrue(byRow >= 0 && byRow <= 1 && byColumn >= 0 && byColumn <= 1,
                                "sample " + i + ", " + where + ": " + byRow + ", " + byColumn);
                        if (i == 11 && j == at) {
                            assertEquals(0.0, byRow, "e^−∞ by rows, " + where);
                            assertEquals(0.0, byColumn, "e^−∞ by columns, " + where);
                        }
                        rowSum += byRow;
                        columnSum += byColumn;
                    }
                    if (i != 3 && i != 7) {
                        assertEquals(1.0, rowSum, 4 * width * Math.ulp(1.0), "sample " + i + " by rows, " + where);
                        assertEquals(1.0, columnSum, 4 * width * Math.ulp(1.0), "sample " + i + " by columns, " + where);
                    }
                }
            }
        }
    }

    /** No samples (or no classes): nothing to compute and nothing to throw, in either layout. */
    @ParameterizedTest
    @MethodSource("kernels")
    void softmaxOfAnEmptyMatrixIsEmpty(Kernels k) {
        for (int width : new int[] {0, 1, 8, 100}) {
            Matrix none = new Matrix(0, width);
            k.softmaxColumns(none, new Matrix(0, width));
            k.softmaxRows(none, new Matrix(0, width));
            Matrix noClasses = new Matrix(width, 0);
            k.softmaxColumns(noClasses, new Matrix(width, 0));
            k.softmaxRows(noClasses, new Matrix(width, 0));
        }
    }
}
