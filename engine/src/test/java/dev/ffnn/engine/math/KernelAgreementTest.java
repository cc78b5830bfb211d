package dev.ffnn.engine.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels against the scalar reference on every size 1…70 in every dimension, so that every
 * SIMD tail and every register-block remainder is hit. Tolerances, all stated per kernel:
 * <ul>
 *   <li>gemm (all three forms): |v − s| ≤ 4·k·ε·Σₚ|aᵢₚ||bₚⱼ| per element, the textbook bound for two
 *       different summation orders of the same fma products.
 *   <li>exp, sigmoid: ≤ 4 ulp of the scalar result per element (hand-written exp is ≤ 2 ulp from
 *       {@link Math#exp}; the rest is one division and one product).
 *   <li>softmax: ≤ (4 + n) ulp per element for a row of n: the row sum is added in a different order
 *       (lanes, then across lanes), which moves it by up to n·ε relative.
 *   <li>sums (MSE, cross-entropy): relative 1e-13.
 *   <li>element-wise updates (axpby, σ', G − Y, Adam): bit-for-bit, same operations in the same order.
 * </ul>
 */
class KernelAgreementTest {

    private static final double EPS = Math.ulp(1.0);
    private static Kernels scalar;
    private static Kernels vector;

    @BeforeAll
    static void kernels() {
        assumeTrue(KernelProvider.vectorAvailable(), "the incubator module must be enabled for this test");
        scalar = KernelProvider.scalar();
        vector = KernelProvider.vector();
    }

    static Matrix random(Random rnd, int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, rnd.nextGaussian() * 3);
            }
        }
        return m;
    }

    static Matrix abs(Matrix m) {
        Matrix r = m.copy();
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                r.set(i, j, Math.abs(m.get(i, j)));
            }
        }
        return r;
    }

    /** Asserts C_vector ≈ C_scalar with the gemm bound, given |A||B| computed by the reference. */
    private static void assertGemmClose(String what, Matrix expected, Matrix actual, Matrix absProduct, int k) {
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double bound = 4 * Math.max(k, 1) * EPS * absProduct.get(i, j);
                double diff = Math.abs(expected.get(i, j) - actual.get(i, j));
                if (!(diff <= bound)) {
                    throw new AssertionError(what + " differs at (" + i + ", " + j + "): scalar "
                            + expected.get(i, j) + " vector " + actual.get(i, j) + " bound " + bound);
                }
            }
        }
    }

    /** Shapes (m, n, k) where each dimension in turn runs 1…70 and the other two are drawn at random. */
    private static int[][] shapes(Random rnd) {
        int[][] out = new int[3 * 70][];
        int idx = 0;
        for (int s = 1; s <= 70; s++) {
            out[idx++] = new int[] {s, 1 + rnd.nextInt(30), 1 + rnd.nextInt(30)};
            out[idx++] = new int[] {1 + rnd.nextInt(30), s, 1 + rnd.nextInt(30)};
            out[idx++] = new int[] {1 + rnd.nextInt(30), 1 + rnd.nextInt(30), s};
        }
        return out;
    }

    @Test
    void matmulAgreesOnEverySize() {
        Random rnd = new Random(1);
        for (int[] s : shapes(rnd)) {
            int m = s[0], n = s[1], k = s[2];
            Matrix a = random(rnd, m, k), b = random(rnd, k, n);
            Matrix cs = new Matrix(m, n), cv = new Matrix(m, n), bound = new Matrix(m, n);
            scalar.matmul(a, b, cs);
            vector.matmul(a, b, cv);
            scalar.matmul(abs(a), abs(b), bound);
            assertGemmClose("A·B " + m + "x" + k + "·" + k + "x" + n, cs, cv, bound, k);
        }
    }

    @Test
    void matmulTransAAgreesOnEverySize() {
        Random rnd = new Random(2);
        for (int[] s : shapes(rnd)) {
            int m = s[0], n = s[1], k = s[2];
            Matrix a = random(rnd, k, m), b = random(rnd, k, n);
            Matrix cs = new Matrix(m, n), cv = new Matrix(m, n), bound = new Matrix(m, n);
            scalar.matmulTransA(a, b, cs);
            vector.matmulTransA(a, b, cv);
            scalar.matmulTransA(abs(a), abs(b), bound);
            assertGemmClose("Aᵀ·B", cs, cv, bound, k);
        }
    }

    @Test
    void matmulTransBAgreesOnEverySize() {
        Random rnd = new Random(3);
        for (int[] s : shapes(rnd)) {
            assertTransBAgrees(rnd, s[0], s[1], s[2]);
        }
        // Each path of the vector A·Bᵀ by name: small dots (4×4 tiles, edge tiles repeating a row or column, 4×1
        // and 1×4 edges, each with a tail after the last full vector), narrow dots over a long k, Bᵀ copied, B
        // packed in place, and a large narrow C over a k shorter than one vector (computed as Cᵀ = B·Aᵀ).
        int[][] paths = {{11, 4, 100}, {3, 10, 100}, {7, 9, 37}, {4, 4, 8}, {129, 10, 1797}, {40, 60, 50},
            {65, 128, 1797}, {3000, 10, 4}, {5000, 23, 7}};
        for (int[] s : paths) {
            assertTransBAgrees(rnd, s[0], s[1], s[2]);
        }
    }

    /**
     * A small A·Bᵀ computes each element in a tile of 4×4 (lanes summed as vectors), an edge tile repeating a
     * row or column, or a 4×1 or 1×4 strip (lanes summed one by one): every way must give the same bits, so
     * the element computed alone, as a one-row or one-column product, is the element of the whole product.
     */
    @Test
    void smallTransBGivesEachElementTheSameBitsWhateverTileComputesIt() {
        Random rnd = new Random(12);
        for (int[] s : new int[][] {{11, 4, 100}, {3, 10, 104}, {9, 7, 37}, {6, 6, 8}}) {
            int m = s[0], n = s[1], k = s[2];
            Matrix a = random(rnd, m, k), b = random(rnd, n, k), c = new Matrix(m, n);
            vector.matmulTransB(a, b, c);
            for (int i = 0; i < m; i++) {
                Matrix row = new Matrix(1, n);
                vector.matmulTransB(a.view(i, 0, 1, k), b, row);
                for (int j = 0; j < n; j++) {
                    Matrix one = new Matrix(1, 1);
                    vector.matmulTransB(a.view(i, 0, 1, k), b.view(j, 0, 1, k), one);
                    String what = m + "x" + n + "x" + k + " element (" + i + ", " + j + ")";
                    assertEquals(c.get(i, j), row.get(0, j), "as one row: " + what);
                    assertEquals(c.get(i, j), one.get(0, 0), "alone: " + what);
                }
            }
        }
    }

    private void assertTransBAgrees(Random rnd, int m, int n, int k) {
        Matrix a = random(rnd, m, k), b = random(rnd, n, k);
        Matrix cs = new Matrix(m, n), cv = new Matrix(m, n), bound = new Matrix(m, n);
        scalar.matmulTransB(a, b, cs);
        vector.matmulTransB(a, b, cv);
        scalar.matmulTransB(abs(a), abs(b), bound);
        assertGemmClose("A·Bᵀ " + m + "x" + n + "x" + k, cs, cv, bound, k);
    }

    /**
     * Shapes big enough for the packed, cache-blocked path (m·n·k ≥ 2²¹), with every kind of edge: rows not a
     * multiple of 4, columns not a multiple of a strip or a block, inner dimension over one KC block, m = 1.
     */
    @Test
    void largeMatmulsTakeThePackedPathAndAgree() {
        Random rnd = new Random(8);
        int[][] shapes = {{130, 300, 75}, {67, 203, 261}, {128, 256, 256}, {1, 1100, 2100}, {257, 97, 513}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            assertTrue((long) m * n * k >= PanamaKernels.BLOCKED_MIN_VOLUME, "shape must reach the packed path");
            Matrix a = random(rnd, m, k), b = random(rnd, k, n), at = random(rnd, k, m);
            Matrix cs = new Matrix(m, n), cv = new Matrix(m, n), bound = new Matrix(m, n);
            scalar.matmul(a, b, cs);
            vector.matmul(a, b, cv);
            scalar.matmul(abs(a), abs(b), bound);
            assertGemmClose("packed A·B " + m + "x" + k + "x" + n, cs, cv, bound, k);
            scalar.matmulTransA(at, b, cs);
            vector.matmulTransA(at, b, cv);
            scalar.matmulTransA(abs(at), abs(b), bound);
            assertGemmClose("packed Aᵀ·B " + m + "x" + k + "x" + n, cs, cv, bound, k);
        }
    }

    @Test
    void matmulOnViewsReadsAndWritesOnlyTheView() {
        Random rnd = new Random(4);
        Matrix xTilde = random(rnd, 13, 6);
        xTilde.fillColumn(0, 1.0);
        Matrix v = random(rnd, 6, 9);
        Matrix fTilde = new Matrix(13, 10);
        fTilde.fill(-7.0);
        Matrix expected = new Matrix(13, 9);
        scalar.matmul(xTilde.copy(), v, expected);
        vector.matmul(xTilde, v, fTilde.withoutFirstColumn());
        for (int i = 0; i < 13; i++) {
            assertEquals(-7.0, fTilde.get(i, 0), "column 0 of the destination must be untouched");
        }
        assertTrue(Matrix.maxAbsDiff(expected, fTilde.withoutFirstColumn()) < 1e-12);
    }

    private static void assertUlpsClose(String what, double expected, double actual, double ulps) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            assertEquals(Double.isNaN(expected), Double.isNaN(actual), what + ": NaN mismatch");
            return;
        }
        if (expected == actual) {
            return;
        }
        double diff = Math.abs(expected - actual);
        assertTrue(diff <= ulps * Math.ulp(expected),
                what + ": scalar " + expected + " vector " + actual + " differ by " + diff / Math.ulp(expected) + " ulp");
    }

    @Test
    void elementWiseKernelsAgreeOnEveryLength() {
        Random rnd = new Random(5);
        for (int n = 1; n <= 70; n++) {
            Matrix x = random(rnd, 1, n), y = random(rnd, 1, n);
            Matrix s = new Matrix(1, n), v = new Matrix(1, n);

            scalar.sigmoid(x, s);
            vector.sigmoid(x, v);
            for (int i = 0; i < n; i++) {
                assertUlpsClose("sigmoid(" + x.get(0, i) + ")", s.get(0, i), v.get(0, i), 4);
            }
            for (Kernels k : new Kernels[] {scalar, vector}) {
                Matrix inPlace = x.copy(), apart = new Matrix(1, n);
                k.sigmoid(inPlace, inPlace);
                k.sigmoid(x, apart);
                assertEquals(0.0, Matrix.maxAbsDiff(apart, inPlace), k.name() + " sigmoid in place, n=" + n);
            }
            scalar.exp(x, s);
            vector.exp(x, v);
            for (int i = 0; i < n; i++) {
                assertUlpsClose("exp(" + x.get(0, i) + ")", s.get(0, i), v.get(0, i), 4);
            }
            scalar.softmaxRows(x, s);
            vector.softmaxRows(x, v);
            for (int i = 0; i < n; i++) {
                assertUlpsClose("softmax n=" + n, s.get(0, i), v.get(0, i), 4 + n);
            }

            Matrix f = s.copy();
            Matrix ds = y.copy(), dv = y.copy();
            scalar.sigmoidBackward(f, ds);
            vector.sigmoidBackward(f, dv);
            assertEquals(0.0, Matrix.maxAbsDiff(ds, dv), "sigmoidBackward n=" + n);

            Matrix ys = y.copy(), yv = y.copy();
            scalar.axpby(-0.3, x, 0.9, ys);
            vector.axpby(-0.3, x, 0.9, yv);
            assertEquals(0.0, Matrix.maxAbsDiff(ys, yv), "axpby n=" + n);

            scalar.scaledDifference(0.25, x, y, s);
            vector.scaledDifference(0.25, x, y, v);
            assertEquals(0.0, Matrix.maxAbsDiff(s, v), "scaledDifference n=" + n);

            double mseS = scalar.meanSquaredError(x, y), mseV = vector.meanSquaredError(x, y);
            assertEquals(mseS, mseV, 1e-13 * mseS, "MSE n=" + n);

            Matrix probs = new Matrix(1, n), targets = new Matrix(1, n);
            scalar.softmaxRows(x, probs);
            scalar.softmaxRows(y, targets);
            double ceS = scalar.crossEntropy(probs, targets), ceV = vector.crossEntropy(probs, targets);
            assertEquals(ceS, ceV, 1e-13 * Math.abs(ceS), "cross-entropy n=" + n);

            Matrix ps = x.copy(), pv = x.copy(), ms = new Matrix(1, n), mv = new Matrix(1, n);
            Matrix vs = new Matrix(1, n), vvec = new Matrix(1, n);
            for (int t = 1; t <= 3; t++) {
                scalar.adam(ps, y, ms, vs, 0.01, 0.9, 0.999, t, 1e-8);
                vector.adam(pv, y, mv, vvec, 0.01, 0.9, 0.999, t, 1e-8);
            }
            assertEquals(0.0, Matrix.maxAbsDiff(ps, pv), "adam n=" + n);
        }
    }

    /** The network's softmax: one sample per column, lanes across the samples, classes down the rows. */
    @Test
    void softmaxColumnsOnManyClassCountsAndBatchSizes() {
        Random rnd = new Random(8);
        for (int classes = 1; classes <= 9; classes++) {
            for (int samples = 1; samples <= 70; samples++) {
                Matrix x = random(rnd, classes, samples);
                Matrix s = new Matrix(classes, samples), v = new Matrix(classes, samples);
                scalar.softmaxColumns(x, s);
                vector.softmaxColumns(x, v);
                for (int c = 0; c < samples; c++) {
                    // Per sample, the reference computes exactly what softmaxRow computes on that sample's row.
                    double[] row = new double[classes], expected = new double[classes];
                    for (int r = 0; r < classes; r++) {
                        row[r] = x.get(r, c);
                    }
                    scalar.softmaxRow(row, 0, expected, 0, classes);
                    for (int r = 0; r < classes; r++) {
                        assertEquals(expected[r], s.get(r, c), "scalar column " + c + " of " + classes + "x" + samples);
                        assertUlpsClose("softmaxColumns " + classes + "x" + samples, s.get(r, c), v.get(r, c), 4 + classes);
                    }
                }
            }
        }
    }

    /**
     * The classification head in one sweep against the reference, and the reference against the three kernels
     * it fuses (softmax by columns, Σ y·log g, scale·(G − Y)): on compact blocks and on column blocks of a
     * wider matrix (row step ld > cols), as a split by samples would hand it out.
     */
    @Test
    void softmaxCrossEntropyColumnsAgreesWithItsPartsAndAcrossKernels() {
        Random rnd = new Random(9);
        for (int classes = 1; classes <= 11; classes++) {
            for (int samples = 1; samples <= 41; samples += 4) {
                for (int extra : new int[] {0, 5}) {
                    int ld = samples + extra;
                    Matrix x = random(rnd, classes, ld), y = new Matrix(classes, ld);
                    for (int c = 0; c < ld; c++) {
                        y.set(rnd.nextInt(classes), c, 1.0);
                        y.set(rnd.nextInt(classes), c, 0.5); // not always one-hot: every y enters the sum
                    }
                    String what = classes + "x" + samples + " (row step " + ld + ")";
                    Matrix gs = new Matrix(classes, ld), ds = new Matrix(classes, ld);
                    Matrix gv = new Matrix(classes, ld), dv = new Matrix(classes, ld);
                    double lls = scalar.softmaxCrossEntropyColumns(x.data(), x.offset(), y.data(), y.offset(),
                            gs.data(), gs.offset(), ds.data(), ds.offset(), 0.125, classes, samples, ld);
                    double llv = vector.softmaxCrossEntropyColumns(x.data(), x.offset(), y.data(), y.offset(),
                            gv.data(), gv.offset(), dv.data(), dv.offset(), 0.125, classes, samples, ld);
                    assertEquals(lls, llv, 1e-13 * Math.abs(lls), "log-likelihood " + what);
                    Matrix block = x.view(0, 0, classes, samples).copy();
                    Matrix g = new Matrix(classes, samples), d = new Matrix(classes, samples);
                    scalar.softmaxColumns(block, g);
                    scalar.scaledDifference(0.125, g, y.view(0, 0, classes, samples).copy(), d);
                    double ll = scalar.logLikelihood(g, y.view(0, 0, classes, samples).copy());
                    assertEquals(ll, lls, 1e-13 * Math.abs(ll), "log-likelihood of the parts " + what);
                    for (int r = 0; r < classes; r++) {
                        for (int c = 0; c < ld; c++) {
                            if (c >= samples) {
                                assertEquals(0.0, gv.get(r, c), "beyond the block " + what);
                                assertEquals(0.0, dv.get(r, c), "beyond the block " + what);
                                continue;
                            }
                            assertEquals(g.get(r, c), gs.get(r, c), "G as softmaxColumns " + what);
                            assertEquals(d.get(r, c), ds.get(r, c), "G − Y as scaledDifference " + what);
                            assertUlpsClose("G " + what, gs.get(r, c), gv.get(r, c), 4 + classes);
                            // δ = (g − y)/8: g's few ulp, relative to |g − y|, can be large when g ≈ y; bound by g's.
                            assertEquals(ds.get(r, c), dv.get(r, c), 0.125 * (4 + classes) * Math.ulp(1.0), "δ " + what);
                        }
                    }
                }
            }
        }
    }

    /**
     * The matrix form of the head takes views of the same columns of wider matrices (a pass's samples in
     * its padded buffers) and gives what the array form gives for that row step; views with different row
     * steps are refused, since the array form has one.
     */
    @Test
    void softmaxCrossEntropyColumnsOnViewsWithOneRowStep() {
        Random rnd = new Random(4);
        for (Kernels k : new Kernels[] {scalar, vector}) {
            Matrix x = random(rnd, 4, 13), y = new Matrix(4, 13);
            for (int c = 0; c < 13; c++) {
                y.set(rnd.nextInt(4), c, 1.0);
            }
            Matrix g = new Matrix(4, 13), d = new Matrix(4, 13);
            double e = k.softmaxCrossEntropyColumns(x.view(0, 0, 4, 10), y.view(0, 0, 4, 10), g.view(0, 0, 4, 10),
                    d.view(0, 0, 4, 10), 0.1);
            Matrix gWant = new Matrix(4, 13), dWant = new Matrix(4, 13);
            double ll = k.softmaxCrossEntropyColumns(x.data(), x.offset(), y.data(), y.offset(),
                    gWant.data(), gWant.offset(), dWant.data(), dWant.offset(), 0.1, 4, 10, 13);
            assertEquals(-ll / 10, e, k.name() + " E over the view's 10 samples");
            assertEquals(0.0, Matrix.maxAbsDiff(gWant, g), k.name() + " G, and nothing past the view");
            assertEquals(0.0, Matrix.maxAbsDiff(dWant, d), k.name() + " δ, and nothing past the view");
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> k.softmaxCrossEntropyColumns(x.view(0, 0, 4, 10), y.view(0, 0, 4, 10), new Matrix(4, 10),
                            d.view(0, 0, 4, 10), 0.1));
            assertTrue(thrown.getMessage().contains("one row step"), thrown.getMessage());
        }
    }

    /** The narrow-row paths (rows packed to a vector; two overlapping vectors per row) in place and at an offset. */
    @Test
    void softmaxRowsInPlaceAndInsideALargerMatrix() {
        Random rnd = new Random(9);
        for (int cols = 1; cols < 20; cols++) {
            for (int rows : new int[] {1, 3, 8, 13, 40}) {
                Matrix whole = random(rnd, rows + 2, cols);
                Matrix x = whole.view(1, 0, rows, cols); // compact, offset by one row
                Matrix expected = new Matrix(rows, cols);
                scalar.softmaxRows(x, expected);
                Matrix below = whole.view(rows + 1, 0, 1, cols).copy();
                vector.softmaxRows(x, x);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertUlpsClose("in-place softmax " + rows + "x" + cols, expected.get(i, j), x.get(i, j), 4 + cols);
                    }
                }
                assertEquals(0.0, Matrix.maxAbsDiff(below, whole.view(rows + 1, 0, 1, cols)), "row after the view");
            }
        }
    }

    @Test
    void softmaxOnManyRowsAndWidths() {
        Random rnd = new Random(6);
        for (int rows = 1; rows <= 9; rows++) {
            for (int cols = 1; cols <= 70; cols++) {
                Matrix x = random(rnd, rows, cols);
                Matrix s = new Matrix(rows, cols), v = new Matrix(rows, cols);
                scalar.softmaxRows(x, s);
                vector.softmaxRows(x, v);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertUlpsClose("softmax " + rows + "x" + cols, s.get(i, j), v.get(i, j), 4 + cols);
                    }
                }
            }
        }
    }
}
