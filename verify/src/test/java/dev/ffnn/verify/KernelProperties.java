package dev.ffnn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The Vector API kernels against the scalar reference, over about 11,000 generated cases per run, and the
 * kernels' invariants. The build runs this class once per vector width, with the system property
 * {@code ffnn.vectorsize} = 128, 256 and 512 (and once at the CPU's preferred width), so that every lane
 * count and tail path is exercised on any CPU.
 *
 * <p>Tolerances, per kernel:
 * <ul>
 *   <li>gemm, all three forms: |v − s| ≤ 4·k·ε·Σₚ|aᵢₚ||bₚⱼ| per element (two summation orders of the
 *       same products);
 *   <li>exp: ≤ 2 ulp from {@link Math#exp}, and exact agreement on overflow to ∞ and underflow to 0;
 *   <li>σ: ≤ 4 ulp of the scalar σ; softmax: ≤ (4 + n) ulp for a row of n (the row sum's order differs);
 *   <li>MSE and cross-entropy: relative 1e-13;
 *   <li>σ', G − Y, axpby, Adam: bit for bit (the same operations in the same order).
 * </ul>
 */
class KernelProperties {
    private static final double EPS = Math.ulp(1.0);
    private static Kernels scalar;
    private static Kernels vector;

    @BeforeContainer
    static void kernels() {
        assertTrue(KernelProvider.vectorAvailable(), "verify runs with --add-modules jdk.incubator.vector");
        scalar = KernelProvider.scalar();
        vector = KernelProvider.vector();
        System.out.println("kernel properties on " + vector.description());
    }

    @Example
    void theForcedWidthIsTheOneInUse() {
        String forced = System.getProperty(KernelProvider.VECTOR_SIZE_PROPERTY);
        if (forced != null) {
            assertTrue(vector.description().contains(forced + "-bit"), vector.description() + " vs forced " + forced);
        }
    }

    /** How values are drawn: ordinary, signed zeros, tiny (subnormal and near), huge, or all mixed. */
    enum Values { NORMAL, ZEROS, TINY, HUGE, MIXED }

    static double draw(Values kind, SplittableRandom rnd, double hugeLimit) {
        Values k = kind == Values.MIXED ? Values.values()[rnd.nextInt(4)] : kind;
        double sign = rnd.nextBoolean() ? 1 : -1;
        return switch (k) {
            case NORMAL -> rnd.nextDouble(-4, 4);
            case ZEROS -> rnd.nextInt(3) == 0 ? rnd.nextDouble(-1, 1) : sign * 0.0;
            case TINY -> sign * Math.scalb(rnd.nextDouble(1, 2), -rnd.nextInt(1000, 1074));
            case HUGE -> sign * Math.pow(10, rnd.nextDouble(1, hugeLimit));
            default -> throw new AssertionError();
        };
    }

    static Matrix matrix(int rows, int cols, Values kind, SplittableRandom rnd, double hugeLimit) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, draw(kind, rnd, hugeLimit));
            }
        }
        return m;
    }

    static Matrix abs(Matrix m) {
        Matrix r = new Matrix(m.rows(), m.cols());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                r.set(i, j, Math.abs(m.get(i, j)));
            }
        }
        return r;
    }

    static Matrix transpose(Matrix m) {
        Matrix t = new Matrix(m.cols(), m.rows());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                t.set(j, i, m.get(i, j));
            }
        }
        return t;
    }

    static void assertGemmClose(String what, Matrix s, Matrix v, Matrix absBound, int k) {
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < s.cols(); j++) {
                double bound = 4 * Math.max(k, 1) * EPS * absBound.get(i, j);
                double diff = Math.abs(s.get(i, j) - v.get(i, j));
                assertTrue(diff <= bound, what + " (" + i + "," + j + "): " + s.get(i, j) + " vs " + v.get(i, j));
            }
        }
    }

    static void assertUlps(String what, double expected, double actual, double ulps) {
        if (expected == actual || (Double.isNaN(expected) && Double.isNaN(actual))) {
            return;
        }
        assertTrue(Math.abs(expected - actual) <= ulps * Math.ulp(expected),
                what + ": " + expected + " vs " + actual + " (" + Math.abs(expected - actual) / Math.ulp(expected) + " ulp)");
    }

    // ----------------------------------------------------------------------------------------- GEMM

    @Property(tries = 1000)
    void matmulAgrees(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                      @ForAll @IntRange(min = 1, max = 40) int k, @ForAll Values values, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(m, k, values, rnd, 100), b = matrix(k, n, values, rnd, 100);
        Matrix s = new Matrix(m, n), v = new Matrix(m, n), bound = new Matrix(m, n);
        scalar.matmul(a, b, s);
        vector.matmul(a, b, v);
        scalar.matmul(abs(a), abs(b), bound);
        assertGemmClose("A·B", s, v, bound, k);
    }

    @Property(tries = 1000)
    void matmulTransAAgrees(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                            @ForAll @IntRange(min = 1, max = 40) int k, @ForAll Values values, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(k, m, values, rnd, 100), b = matrix(k, n, values, rnd, 100);
        Matrix s = new Matrix(m, n), v = new Matrix(m, n), bound = new Matrix(m, n);
        scalar.matmulTransA(a, b, s);
        vector.matmulTransA(a, b, v);
        scalar.matmulTransA(abs(a), abs(b), bound);
        assertGemmClose("Aᵀ·B", s, v, bound, k);
    }

    @Property(tries = 1000)
    void matmulTransBAgrees(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                            @ForAll @IntRange(min = 1, max = 40) int k, @ForAll Values values, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(m, k, values, rnd, 100), b = matrix(n, k, values, rnd, 100);
        Matrix s = new Matrix(m, n), v = new Matrix(m, n), bound = new Matrix(m, n);
        scalar.matmulTransB(a, b, s);
        vector.matmulTransB(a, b, v);
        scalar.matmulTransB(abs(a), abs(b), bound);
        assertGemmClose("A·Bᵀ", s, v, bound, k);
    }

    /**
     * A small A·B's element has the same bits whichever kernel computed it: a 5-row strip for k = 3 or 4 and
     * whole vectors of columns (the last strip repeating a row), a register block, or the one-column kernel;
     * here the element of the whole product against the same element as a one-row and a one-element product.
     * Half the cases round n up to whole vectors, where the strips run.
     */
    @Property(tries = 300)
    void smallProductElementsDoNotDependOnTheKernel(@ForAll @IntRange(min = 1, max = 13) int m,
                                                    @ForAll @IntRange(min = 1, max = 40) int width,
                                                    @ForAll @IntRange(min = 1, max = 6) int k,
                                                    @ForAll boolean wholeVectors, @ForAll Values values,
                                                    @ForAll long seed) {
        int n = wholeVectors ? Math.ceilDiv(width, 8) * 8 : width;
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(m, k, values, rnd, 100), b = matrix(k, n, values, rnd, 100);
        Matrix whole = new Matrix(m, n), row = new Matrix(1, n), one = new Matrix(1, 1);
        vector.matmul(a, b, whole);
        for (int i = 0; i < m; i++) {
            vector.matmul(a.view(i, 0, 1, k), b, row);
            for (int j = 0; j < n; j++) {
                vector.matmul(a.view(i, 0, 1, k), b.view(0, j, k, 1), one);
                assertEquals(whole.get(i, j), row.get(0, j), "as one row: (" + i + ", " + j + ")");
                assertEquals(whole.get(i, j), one.get(0, 0), "alone: (" + i + ", " + j + ")");
            }
        }
    }

    /**
     * A small A·Bᵀ's element has the same bits whichever kernel computed it: a 4×4 tile (lanes summed as
     * vectors at 8 lanes), a 3×5 tile (2 or 3 rows, k in whole vectors, as in every pass), an edge tile
     * repeating a row or column, or a 4×1 or 1×4 strip; here the element of the whole product against the
     * same element as a one-row and a one-element product. Half the cases round k up to whole vectors.
     */
    @Property(tries = 300)
    void smallTransBElementsDoNotDependOnTheTile(@ForAll @IntRange(min = 1, max = 11) int m,
                                                 @ForAll @IntRange(min = 1, max = 11) int n,
                                                 @ForAll @IntRange(min = 1, max = 70) int length,
                                                 @ForAll boolean wholeVectors, @ForAll Values values,
                                                 @ForAll long seed) {
        int k = wholeVectors ? Math.ceilDiv(length, 8) * 8 : length;
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(m, k, values, rnd, 100), b = matrix(n, k, values, rnd, 100);
        Matrix whole = new Matrix(m, n), row = new Matrix(1, n), one = new Matrix(1, 1);
        vector.matmulTransB(a, b, whole);
        for (int i = 0; i < m; i++) {
            vector.matmulTransB(a.view(i, 0, 1, k), b, row);
            for (int j = 0; j < n; j++) {
                vector.matmulTransB(a.view(i, 0, 1, k), b.view(j, 0, 1, k), one);
                assertEquals(whole.get(i, j), row.get(0, j), "as one row: (" + i + ", " + j + ")");
                assertEquals(whole.get(i, j), one.get(0, 0), "alone: (" + i + ", " + j + ")");
            }
        }
    }

    /** Products large enough for the packed, cache-blocked path (m·n·k ≥ 2²¹), whose tails depend on the width. */
    @Property(tries = 20)
    void packedMatmulAgrees(@ForAll @IntRange(min = 60, max = 150) int m, @ForAll @IntRange(min = 120, max = 300) int n,
                            @ForAll @IntRange(min = 250, max = 520) int k, @ForAll boolean transposeA,
                            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = transposeA ? matrix(k, m, Values.NORMAL, rnd, 0) : matrix(m, k, Values.NORMAL, rnd, 0);
        Matrix b = matrix(k, n, Values.NORMAL, rnd, 0);
        Matrix s = new Matrix(m, n), v = new Matrix(m, n), bound = new Matrix(m, n);
        if (transposeA) {
            scalar.matmulTransA(a, b, s);
            vector.matmulTransA(a, b, v);
            scalar.matmulTransA(abs(a), abs(b), bound);
        } else {
            scalar.matmul(a, b, s);
            vector.matmul(a, b, v);
            scalar.matmul(abs(a), abs(b), bound);
        }
        assertGemmClose(transposeA ? "packed Aᵀ·B" : "packed A·B", s, v, bound, k);
    }

    /**
     * The products with an epilogue, X̂ = X̃V with F = σ(X̂) and the hidden delta times F(1 − F), against the
     * vector product followed by the vector element-wise kernel, bit for bit: σ and σ' are element-wise, so
     * applying them panel by panel inside the packed product (k from 64 on, the larger shapes here) or after
     * it must not change a bit. F is a view with a row step of its own.
     */
    @Property(tries = 40)
    void productEpiloguesAreTheProductThenTheElementWiseKernel(@ForAll @IntRange(min = 1, max = 90) int m,
                                                               @ForAll @IntRange(min = 1, max = 200) int n,
                                                               @ForAll @IntRange(min = 1, max = 300) int k,
                                                               @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(k, m, Values.NORMAL, rnd, 0), b = matrix(k, n, Values.NORMAL, rnd, 0);
        Matrix c = new Matrix(m, n), want = new Matrix(m, n), fWant = new Matrix(m, n);
        Matrix fAround = new Matrix(m + 2, n + 1), f = fAround.view(1, 1, m, n);
        vector.matmulTransA(a, b, want);
        vector.sigmoid(want, fWant);
        vector.matmulTransASigmoid(a, b, c, f);
        assertEquals(0.0, Matrix.maxAbsDiff(want, c), "Aᵀ·B under σ " + m + "x" + n + "x" + k);
        assertTrue(java.util.Arrays.equals(fWant.toArray(), f.copy().toArray()), "σ(Aᵀ·B) " + m + "x" + n + "x" + k);

        Matrix at = matrix(m, k, Values.NORMAL, rnd, 0);
        Matrix delta = new Matrix(m, n);
        vector.matmul(at, b, want);
        vector.sigmoidBackward(f, want);
        vector.matmulSigmoidBackward(at, b, delta, f);
        assertTrue(java.util.Arrays.equals(want.toArray(), delta.toArray()), "(A·B) ∘ F(1 − F) " + m + "x" + n + "x" + k);
    }

    /**
     * A·Bᵀ over a long inner dimension, as the sample-major gradients are: B's rows packed in place, and a
     * narrow C (n below one register strip) computed as Cᵀ = B·Aᵀ.
     */
    @Property(tries = 20)
    void packedMatmulTransBAgrees(@ForAll @IntRange(min = 1, max = 150) int m, @ForAll @IntRange(min = 1, max = 140) int n,
                                  @ForAll @IntRange(min = 256, max = 1900) int k, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(m, k, Values.NORMAL, rnd, 0);
        Matrix b = matrix(n, k, Values.NORMAL, rnd, 0);
        Matrix s = new Matrix(m, n), v = new Matrix(m, n), bound = new Matrix(m, n);
        scalar.matmulTransB(a, b, s);
        vector.matmulTransB(a, b, v);
        scalar.matmulTransB(abs(a), abs(b), bound);
        assertGemmClose("packed A·Bᵀ", s, v, bound, k);
    }

    /** Linearity, A(B₁ + B₂) = AB₁ + AB₂, and (AB)ᵀ = BᵀAᵀ computed through both transposed kernels. */
    @Property(tries = 1000)
    void matmulIsLinearAndTransposesConsistently(@ForAll @IntRange(min = 1, max = 30) int m,
                                                 @ForAll @IntRange(min = 1, max = 30) int n,
                                                 @ForAll @IntRange(min = 1, max = 30) int k, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(m, k, Values.NORMAL, rnd, 0), b1 = matrix(k, n, Values.NORMAL, rnd, 0);
        Matrix b2 = matrix(k, n, Values.NORMAL, rnd, 0);
        Matrix sum = b1.copy();
        vector.axpy(1.0, b2, sum);
        Matrix left = new Matrix(m, n), right = new Matrix(m, n), part = new Matrix(m, n), bound = new Matrix(m, n);
        vector.matmul(a, sum, left);
        vector.matmul(a, b1, right);
        vector.matmul(a, b2, part);
        vector.axpy(1.0, part, right);
        scalar.matmul(abs(a), abs(b1), bound);
        scalar.matmul(abs(a), abs(b2), part);
        scalar.axpy(1.0, part, bound);
        assertGemmClose("linearity", left, right, bound, 2 * k);

        Matrix ab = new Matrix(m, n);
        vector.matmul(a, b1, ab);
        Matrix btAt = new Matrix(n, m);
        vector.matmulTransA(b1, transpose(a), btAt);     // Bᵀ·Aᵀ with Bᵀ read in place
        Matrix viaTransB = new Matrix(m, n);
        vector.matmulTransB(a, transpose(b1), viaTransB); // A·(Bᵀ)ᵀ with the transpose read in place
        scalar.matmul(abs(a), abs(b1), bound);
        assertGemmClose("(AB)ᵀ = BᵀAᵀ", transpose(ab), btAt, transpose(bound), k);
        assertGemmClose("A·(Bᵀ)ᵀ = AB", ab, viaTransB, bound, k);
    }

    // ----------------------------------------------------------------------------------------- exp, σ, softmax

    @Property(tries = 1000)
    void expIsWithinTwoUlp(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(4) == 0 ? draw(Values.MIXED, rnd, 308) : rnd.nextDouble(-750, 712);
        }
        double[] out = new double[n];
        vector.expRun(x, 0, out, 0, n);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[i]);
            if (e == 0 || Double.isInfinite(e)) {
                assertEquals(e, out[i], "exp(" + x[i] + ")");
            } else {
                assertUlps("exp(" + x[i] + ")", e, out[i], 2);
            }
        }
    }

    @Property(tries = 1500)
    void sigmoidAgreesIsSymmetricAndNeverNaN(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll Values values,
                                             @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix x = matrix(1, n, values, rnd, 308);
        Matrix minus = new Matrix(1, n);
        vector.axpby(-1.0, x, 0.0, minus);
        Matrix s = new Matrix(1, n), v = new Matrix(1, n), vMinus = new Matrix(1, n);
        scalar.sigmoid(x, s);
        vector.sigmoid(x, v);
        vector.sigmoid(minus, vMinus);
        for (int i = 0; i < n; i++) {
            double xi = x.get(0, i);
            assertFalse(Double.isNaN(v.get(0, i)), "σ(" + xi + ") is NaN");
            assertTrue(v.get(0, i) >= 0 && v.get(0, i) <= 1, "σ(" + xi + ") = " + v.get(0, i));
            assertUlps("σ(" + xi + ")", s.get(0, i), v.get(0, i), 4);
            assertEquals(1 - v.get(0, i), vMinus.get(0, i), Math.ulp(1.0), "σ(−x) = 1 − σ(x) at " + xi);
        }
    }

    @Property(tries = 1500)
    void softmaxAgreesSumsToOneAndIsShiftInvariant(@ForAll @IntRange(min = 1, max = 6) int rows,
                                                   @ForAll @IntRange(min = 1, max = 70) int cols,
                                                   @ForAll @IntRange(min = 0, max = 4) int logScale,
                                                   @ForAll @IntRange(min = -50, max = 50) int shift,
                                                   @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = Math.pow(10, logScale); // logits up to ±1e4
        Matrix x = new Matrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // Multiples of 2⁻¹⁰: adding an integer shift is exact, so shift-invariance can be held tight.
                x.set(i, j, Math.rint(rnd.nextDouble(-scale, scale) * 1024) / 1024);
            }
        }
        Matrix s = new Matrix(rows, cols), v = new Matrix(rows, cols), shifted = x.copy(), vs = new Matrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                shifted.set(i, j, x.get(i, j) + shift);
            }
        }
        scalar.softmaxRows(x, s);
        vector.softmaxRows(x, v);
        vector.softmaxRows(shifted, vs);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double g = v.get(i, j);
                assertFalse(Double.isNaN(g), "softmax NaN");
                assertUlps("softmax", s.get(i, j), g, 4 + cols);
                assertUlps("shift by " + shift, g, vs.get(i, j), 4 + cols);
                sum += g;
            }
            assertEquals(1.0, sum, (4 + cols) * EPS, "row sum");
        }
        // The network's layout: the same logits one sample per column. Per sample the scalar kernel does the
        // same operations in the same order either way, so its columns are its rows, bit for bit; the vector
        // kernel runs its lanes across samples and must agree as closely as it does along rows.
        Matrix xt = transpose(x), sc = new Matrix(cols, rows), vc = new Matrix(cols, rows), vcs = new Matrix(cols, rows);
        scalar.softmaxColumns(xt, sc);
        vector.softmaxColumns(xt, vc);
        vector.softmaxColumns(transpose(shifted), vcs);
        assertEquals(0.0, Matrix.maxAbsDiff(transpose(s), sc), "scalar softmax: columns = rows transposed");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertUlps("softmax by columns", s.get(i, j), vc.get(j, i), 4 + cols);
                assertUlps("columns shifted by " + shift, vc.get(j, i), vcs.get(j, i), 4 + cols);
            }
        }
    }

    // ----------------------------------------------------------------------------------------- losses, updates

    @Property(tries = 1000)
    void lossesAgree(@ForAll @IntRange(min = 1, max = 40) int rows, @ForAll @IntRange(min = 1, max = 12) int cols,
                     @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix g = matrix(rows, cols, Values.NORMAL, rnd, 0), y = matrix(rows, cols, Values.NORMAL, rnd, 0);
        double ms = scalar.meanSquaredError(g, y), mv = vector.meanSquaredError(g, y);
        assertEquals(ms, mv, 1e-13 * ms, "MSE");
        Matrix probs = new Matrix(rows, cols), onehot = new Matrix(rows, cols);
        scalar.softmaxRows(g, probs);
        for (int i = 0; i < rows; i++) {
            onehot.set(i, rnd.nextInt(cols), 1.0);
        }
        double cs = scalar.crossEntropy(probs, onehot), cv = vector.crossEntropy(probs, onehot);
        assertEquals(cs, cv, 1e-13 * Math.abs(cs), "cross-entropy");
    }

    /**
     * The fused head of a sample-major pass (softmax by columns, δ = scale·(G − Y), Σ Y log G by log-sum-exp)
     * agrees across kernels for logits up to ±1e4, where most probabilities underflow and a floored log would
     * be wrong, and the loss is the exact −Σ y·(x − max − log Σe) within the sum's rounding.
     */
    @Property(tries = 1000)
    void softmaxCrossEntropyAgrees(@ForAll @IntRange(min = 1, max = 12) int classes,
                                   @ForAll @IntRange(min = 1, max = 70) int samples,
                                   @ForAll @IntRange(min = 0, max = 4) int logScale, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = Math.pow(10, logScale);
        Matrix x = new Matrix(classes, samples), y = new Matrix(classes, samples);
        for (int c = 0; c < samples; c++) {
            for (int r = 0; r < classes; r++) {
                x.set(r, c, rnd.nextDouble(-scale, scale));
            }
            y.set(rnd.nextInt(classes), c, 1.0);
        }
        Matrix gs = new Matrix(classes, samples), ds = new Matrix(classes, samples);
        Matrix gv = new Matrix(classes, samples), dv = new Matrix(classes, samples);
        double es = scalar.softmaxCrossEntropyColumns(x, y, gs, ds, 1.0 / samples);
        double ev = vector.softmaxCrossEntropyColumns(x, y, gv, dv, 1.0 / samples);
        assertEquals(es, ev, 1e-13 * Math.abs(es), "cross-entropy");
        double exact = 0;
        for (int c = 0; c < samples; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < classes; r++) {
                max = Math.max(max, x.get(r, c));
            }
            double sum = 0;
            for (int r = 0; r < classes; r++) {
                sum += Math.exp(x.get(r, c) - max);
            }
            for (int r = 0; r < classes; r++) {
                exact -= y.get(r, c) * (x.get(r, c) - max - Math.log(sum)) / samples;
                assertUlps("G", gs.get(r, c), gv.get(r, c), 4 + classes);
                assertEquals(ds.get(r, c), dv.get(r, c), (4 + classes) * EPS / samples, "δ");
            }
        }
        assertEquals(exact, es, 1e-12 * Math.abs(exact) + 1e-15, "loss by log-sum-exp");
    }

    @Property(tries = 1000)
    void elementWiseUpdatesAreBitForBit(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll Values values,
                                        @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix x = matrix(1, n, values, rnd, 100), y = matrix(1, n, values, rnd, 100);
        Matrix f = new Matrix(1, n);
        scalar.sigmoid(x, f);
        Matrix a = y.copy(), b = y.copy();
        scalar.sigmoidBackward(f, a);
        vector.sigmoidBackward(f, b);
        assertEquals(0.0, Matrix.maxAbsDiff(a, b), "σ'");
        scalar.scaledDifference(0.37, x, y, a);
        vector.scaledDifference(0.37, x, y, b);
        assertEquals(0.0, Matrix.maxAbsDiff(a, b), "G − Y");
        a = y.copy();
        b = y.copy();
        scalar.axpby(-0.7, x, 0.9, a);
        vector.axpby(-0.7, x, 0.9, b);
        assertEquals(0.0, Matrix.maxAbsDiff(a, b), "axpby");
        Matrix pa = f.copy(), pb = f.copy(), ma = new Matrix(1, n), mb = new Matrix(1, n);
        Matrix va = new Matrix(1, n), vb = new Matrix(1, n);
        Matrix grad = matrix(1, n, Values.NORMAL, rnd, 0);
        for (int t = 1; t <= 3; t++) {
            scalar.adam(pa, grad, ma, va, 0.01, 0.9, 0.999, t, 1e-8);
            vector.adam(pb, grad, mb, vb, 0.01, 0.9, 0.999, t, 1e-8);
        }
        assertEquals(0.0, Matrix.maxAbsDiff(pa, pb), "Adam");
    }

    @Provide
    Arbitrary<Values> values() {
        return Arbitraries.of(Values.class);
    }
}
