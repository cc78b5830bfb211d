package dev.ffnn.engine.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Java Vector API ({@code jdk.incubator.vector}). Only {@link KernelProvider} creates this
 * class, and only after checking that the incubator module is readable: loading it without the module
 * would fail with {@link NoClassDefFoundError}.
 *
 * <p>Each loop walks {@code SPECIES.loopBound(n)} full vectors, then the tail: one masked vector where the
 * lane-wise work is heavy (GEMM columns; exp and σ run it on a padded copy, see {@link #expLoop}), the scalar
 * loop where it is a couple of operations per element (updates, differences), since the scalar loop does the
 * same operations in the same order.
 * Exp is written by hand ({@link #expRun}): on this project's AVX-512 machine the JDK's
 * {@code lanewise(EXP)} was measured slower than scalar {@link Math#exp}.
 */
final class PanamaKernels implements Kernels {

    /**
     * The species is a static final constant on purpose: C2 only turns Vector API calls into machine
     * vectors when the species is a compile-time constant. So the width is fixed per JVM, by the system
     * property {@value KernelProvider#VECTOR_SIZE_PROPERTY} (64, 128, 256, 512) or else the CPU's preferred.
     */
    static final VectorSpecies<Double> SPECIES = speciesFor(Integer.getInteger(KernelProvider.VECTOR_SIZE_PROPERTY, 0));
    private static final int LANES = SPECIES.length();
    /** Where a scratch buffer's elements start: on a cache line (see {@link CacheLines}). */
    private static final int LEAD = CacheLines.LEAD;
    /** For tails and shapes too small to fill a vector, where the plain loop is the faster one. */
    private static final ScalarKernels SCALAR = new ScalarKernels();

    private static VectorSpecies<Double> speciesFor(int bits) {
        return switch (bits) {
            case 0 -> DoubleVector.SPECIES_PREFERRED;
            case 64 -> DoubleVector.SPECIES_64;
            case 128 -> DoubleVector.SPECIES_128;
            case 256 -> DoubleVector.SPECIES_256;
            case 512 -> DoubleVector.SPECIES_512;
            default -> throw new IllegalArgumentException(KernelProvider.VECTOR_SIZE_PROPERTY
                    + " must be 64, 128, 256 or 512, not " + bits);
        };
    }

    /** Called reflectively by {@link KernelProvider}. */
    static Kernels create() {
        return new PanamaKernels();
    }

    private PanamaKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        return "vector (" + SPECIES.vectorBitSize() + "-bit, " + LANES + " doubles per vector)";
    }

    // ------------------------------------------------------------------------------------------ GEMM

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (packingPays(m, n, k)) {
            gemmPacked(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, 1, c, cOff, ldc, NO_EPILOGUE, null, 0, 0);
            return;
        }
        gemmUnpacked(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
    }

    /** What a product does to each block of C once it is final: nothing, F = σ(C), or C ∘= F(1 − F). */
    private static final int NO_EPILOGUE = 0;
    private static final int SIGMOID = 1;
    private static final int TIMES_SIGMOID_SLOPE = 2;

    /**
     * σ is taken of each block of C as soon as it is final, while it is in L1 (packed products: each 4-row
     * panel; others: the whole product, then σ), so X̂ is never read back from L2 or memory: the
     * 1797×64→128→10 step's X̂ is 1.8 MB, more than a core's L2 (that step on 2 threads, in pairs of runs
     * side by side: 550 → 610, 750 → 820 and 805 → 845 steps/s, once 770 → 737; one thread unchanged).
     */
    @Override
    public void gemmSigmoid(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
        if (packingPays(m, n, k)) {
            gemmPacked(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, 1, c, cOff, ldc, SIGMOID, f, fOff, ldf);
            return;
        }
        Kernels.super.gemmSigmoid(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
    }

    /**
     * The chain rule through σ applied to each 4-row panel of a packed product while it is in L1. Unpacked
     * products (the hidden delta W₁·∂E/∂F̂ has an inner dimension of J) take the product, then one pass:
     * applied strip by strip there, the 1797×64→128→10 step's delta took 180 µs instead of 143 on one
     * thread (the strips' F rows are read 24 columns at a time, across 128 rows).
     */
    @Override
    public void gemmSigmoidBackward(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                                    double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
                                    double[] f, int fOff, int ldf) {
        if (packingPays(m, n, k)) {
            gemmPacked(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, 1, c, cOff, ldc, TIMES_SIGMOID_SLOPE, f, fOff, ldf);
            return;
        }
        if (k == 4 && n % LANES == 0) {
            // The course network's hidden delta: σ' applied in the 5-row strips on the way out, no pass of its
            // own over C (the seed step ×0.92–0.97 against the strips then that pass, six pairs of runs).
            gemmStrips(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
            return;
        }
        Kernels.super.gemmSigmoidBackward(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
    }

    /** The epilogue on the final block rows × cols of C at cOff (F at fOff, same block), row by row. */
    private void epilogue(int mode, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf, int rows, int cols) {
        for (int r = 0; r < rows && mode != NO_EPILOGUE; r++) {
            if (mode == SIGMOID) {
                sigmoidRun(c, cOff + r * ldc, f, fOff + r * ldf, cols);
            } else {
                sigmoidBackwardRun(f, fOff + r * ldf, c, cOff + r * ldc, cols);
            }
        }
    }

    /**
     * Packing costs a copy of B per call, won back when B's strips are reused over many rows; a long inner
     * dimension (the samples, in the sample-major backward products) also overflows L1/L2 unblocked, so from
     * KC on, a quarter of the volume is enough. Which path runs never changes the bits (see {@link #loadTile}).
     */
    private static boolean packingPays(int m, int n, int k) {
        long volume = (long) m * n * k;
        return n >= NR && (k >= KC ? volume >= BLOCKED_MIN_VOLUME / 8 : k >= KC / 4 && volume >= BLOCKED_MIN_VOLUME);
    }

    /** Inner dimensions up to this run 4-vector strips where 3-vector ones would leave a vector over. */
    private static final int WIDE_STRIP_MAX_K = 16;

    private void gemmUnpacked(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                              double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        // Register blocks: 4 rows of op(A) × 3 vectors of B's columns = 12 accumulators held in registers
        // across the whole inner dimension; each B vector loaded is used 4 times, each broadcast 3 times.
        // With a short inner dimension, a strip is 4 vectors wide where strips of 3 would leave one or two
        // single vectors over (the course data's 104 padded samples, 13 vectors: 4 + 3 + 3 + 3), and the
        // rows left after the blocks of 4 go in pairs: the single-vector and single-row kernels load a vector
        // or a broadcast per multiply-add. Measured alone at the seed network's shapes: X̂ᵀ (10 rows, k = 3)
        // 0.20 → 0.16 µs, the hidden delta (10 rows, k = 4) 0.23 → 0.20 µs, F̂ᵀ (4 rows, k = 11) 0.139 →
        // 0.131 µs; the seed step 4–6% faster in fresh JVMs. Over a long inner dimension the 4×4 block was
        // the slower one: the 1797×64→128→10 step, whose X̂ᵀ runs here with k = 65, took ~4% longer.
        // Since then, k = 3 and 4 over whole vectors (X̂ᵀ and the hidden delta) take the 5-row strips instead.
        if ((k == 3 || k == 4) && n % LANES == 0) {
            gemmStrips(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, null, 0, 0);
            return;
        }
        int j = 0;
        for (int left = n / LANES; left >= 3; left = (n - j) / LANES) {
            if (left % 3 != 0 && k <= WIDE_STRIP_MAX_K) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    gemm4x4(k, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
                for (; i + 2 <= m; i += 2) {
                    gemm2x4(k, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
                if (i < m) {
                    gemm1x3(k, a, aOff + i * aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j);
                    gemm1x1(k, a, aOff + i * aRowStep, aKStep, b, bOff + j + 3 * LANES, ldb,
                            c, cOff + i * ldc + j + 3 * LANES, j + 3 * LANES, n);
                }
                j += 4 * LANES;
            } else {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    gemm4x3(k, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
                for (; i + 2 <= m; i += 2) {
                    gemm2x3(k, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
                if (i < m) {
                    gemm1x3(k, a, aOff + i * aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j);
                }
                j += 3 * LANES;
            }
        }
        // Fewer than 3 vectors' worth of columns left: one vector at a time, the last one masked.
        for (; j < n; j += LANES) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                gemm4x1(k, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, j, n);
            }
            for (; i < m; i++) {
                gemm1x1(k, a, aOff + i * aRowStep, aKStep, b, bOff + j, ldb, c, cOff + i * ldc + j, j, n);
            }
        }
    }

    /*
     * The register-block kernels, one method per shape: rows × vectors of C, each accumulator its own local
     * (a vector in an array, or passed to a helper C2 does not inline, is boxed on the heap). Every element
     * of C is the same chain of multiply-adds over p in order, whichever kernel computes it: same bits.
     */

    /*
     * Inner dimensions of 3 and 4: the course networks' X̂ᵀ = Vᵀ·X̃ᵀ (k = N + 1 = 3) and hidden delta W₁·(∂E/∂F̂)ᵀ
     * (k = J = 4), 5 rows of C at a time along all their columns. Each of the 5·k entries of A is broadcast
     * once, into a register of its own, and the loop runs over whole vectors of columns with a constant step,
     * so C2 hoists its range checks; a register block instead re-enters a k-long loop per block, with a range
     * check per load and per broadcast (a loop step of ldb is not one C2 can check once). Measured side by
     * side in one JVM: X̂ᵀ alone 0.15–0.21 → 0.08–0.12 µs, the hidden delta's product alone 0.17–0.25 →
     * 0.09–0.14 µs; the seed step ×0.93–0.96 in the VM's slow phases, ×0.95–1.03 in its fast ones (ten pairs
     * of runs). Fewer than 5 rows left repeat the last one (same value, stored again). One method per k:
     * the broadcasts are named registers, so k is fixed in each, and every element is the same chain of
     * multiply-adds from 0 as in the blocks below: same bits whichever kernel computed it.
     */

    /** C by 5-row strips, k = 3 or 4, n in whole vectors; with F (k = 4 only), C ∘= F(1 − F) as it is stored. */
    private void gemmStrips(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
        for (int i = 0; i < m; i += 5) {
            int rows = Math.min(5, m - i);
            if (k == 3) {
                gemm5RowsK3(rows, n, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff, ldb, c, cOff + i * ldc, ldc);
            } else {
                gemm5RowsK4(rows, n, a, aOff + i * aRowStep, aRowStep, aKStep, b, bOff, ldb, c, cOff + i * ldc, ldc,
                        f, fOff + i * ldf, ldf);
            }
        }
    }

    private void gemm5RowsK3(int rows, int n, double[] a, int a0, int aRowStep, int aKStep,
                             double[] b, int b0, int ldb, double[] c, int c0, int ldc) {
        int a1 = a0 + Math.min(1, rows - 1) * aRowStep, a2 = a0 + Math.min(2, rows - 1) * aRowStep;
        int a3 = a0 + Math.min(3, rows - 1) * aRowStep, a4 = a0 + Math.min(4, rows - 1) * aRowStep;
        DoubleVector x00 = DoubleVector.broadcast(SPECIES, a[a0]);
        DoubleVector x01 = DoubleVector.broadcast(SPECIES, a[a0 + aKStep]);
        DoubleVector x02 = DoubleVector.broadcast(SPECIES, a[a0 + 2 * aKStep]);
        DoubleVector x10 = DoubleVector.broadcast(SPECIES, a[a1]);
        DoubleVector x11 = DoubleVector.broadcast(SPECIES, a[a1 + aKStep]);
        DoubleVector x12 = DoubleVector.broadcast(SPECIES, a[a1 + 2 * aKStep]);
        DoubleVector x20 = DoubleVector.broadcast(SPECIES, a[a2]);
        DoubleVector x21 = DoubleVector.broadcast(SPECIES, a[a2 + aKStep]);
        DoubleVector x22 = DoubleVector.broadcast(SPECIES, a[a2 + 2 * aKStep]);
        DoubleVector x30 = DoubleVector.broadcast(SPECIES, a[a3]);
        DoubleVector x31 = DoubleVector.broadcast(SPECIES, a[a3 + aKStep]);
        DoubleVector x32 = DoubleVector.broadcast(SPECIES, a[a3 + 2 * aKStep]);
        DoubleVector x40 = DoubleVector.broadcast(SPECIES, a[a4]);
        DoubleVector x41 = DoubleVector.broadcast(SPECIES, a[a4 + aKStep]);
        DoubleVector x42 = DoubleVector.broadcast(SPECIES, a[a4 + 2 * aKStep]);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int b1 = b0 + ldb, b2 = b0 + 2 * ldb;
        int c1 = c0 + Math.min(1, rows - 1) * ldc, c2 = c0 + Math.min(2, rows - 1) * ldc;
        int c3 = c0 + Math.min(3, rows - 1) * ldc, c4 = c0 + Math.min(4, rows - 1) * ldc;
        for (int j = 0; j < n; j += LANES) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, b, b0 + j);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, b, b1 + j);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, b, b2 + j);
            x02.fma(v2, x01.fma(v1, x00.fma(v0, zero))).intoArray(c, c0 + j);
            x12.fma(v2, x11.fma(v1, x10.fma(v0, zero))).intoArray(c, c1 + j);
            x22.fma(v2, x21.fma(v1, x20.fma(v0, zero))).intoArray(c, c2 + j);
            x32.fma(v2, x31.fma(v1, x30.fma(v0, zero))).intoArray(c, c3 + j);
            x42.fma(v2, x41.fma(v1, x40.fma(v0, zero))).intoArray(c, c4 + j);
        }
    }

    /** As {@link #gemm5RowsK3} with k = 4; with F (not null), C ∘= F(1 − F) on the way out, σ''s factor. */
    private void gemm5RowsK4(int rows, int n, double[] a, int a0, int aRowStep, int aKStep,
                             double[] b, int b0, int ldb, double[] c, int c0, int ldc, double[] f, int f0, int ldf) {
        int a1 = a0 + Math.min(1, rows - 1) * aRowStep, a2 = a0 + Math.min(2, rows - 1) * aRowStep;
        int a3 = a0 + Math.min(3, rows - 1) * aRowStep, a4 = a0 + Math.min(4, rows - 1) * aRowStep;
        DoubleVector x00 = DoubleVector.broadcast(SPECIES, a[a0]);
        DoubleVector x01 = DoubleVector.broadcast(SPECIES, a[a0 + aKStep]);
        DoubleVector x02 = DoubleVector.broadcast(SPECIES, a[a0 + 2 * aKStep]);
        DoubleVector x03 = DoubleVector.broadcast(SPECIES, a[a0 + 3 * aKStep]);
        DoubleVector x10 = DoubleVector.broadcast(SPECIES, a[a1]);
        DoubleVector x11 = DoubleVector.broadcast(SPECIES, a[a1 + aKStep]);
        DoubleVector x12 = DoubleVector.broadcast(SPECIES, a[a1 + 2 * aKStep]);
        DoubleVector x13 = DoubleVector.broadcast(SPECIES, a[a1 + 3 * aKStep]);
        DoubleVector x20 = DoubleVector.broadcast(SPECIES, a[a2]);
        DoubleVector x21 = DoubleVector.broadcast(SPECIES, a[a2 + aKStep]);
        DoubleVector x22 = DoubleVector.broadcast(SPECIES, a[a2 + 2 * aKStep]);
        DoubleVector x23 = DoubleVector.broadcast(SPECIES, a[a2 + 3 * aKStep]);
        DoubleVector x30 = DoubleVector.broadcast(SPECIES, a[a3]);
        DoubleVector x31 = DoubleVector.broadcast(SPECIES, a[a3 + aKStep]);
        DoubleVector x32 = DoubleVector.broadcast(SPECIES, a[a3 + 2 * aKStep]);
        DoubleVector x33 = DoubleVector.broadcast(SPECIES, a[a3 + 3 * aKStep]);
        DoubleVector x40 = DoubleVector.broadcast(SPECIES, a[a4]);
        DoubleVector x41 = DoubleVector.broadcast(SPECIES, a[a4 + aKStep]);
        DoubleVector x42 = DoubleVector.broadcast(SPECIES, a[a4 + 2 * aKStep]);
        DoubleVector x43 = DoubleVector.broadcast(SPECIES, a[a4 + 3 * aKStep]);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        int b1 = b0 + ldb, b2 = b0 + 2 * ldb, b3 = b0 + 3 * ldb;
        int c1 = c0 + Math.min(1, rows - 1) * ldc, c2 = c0 + Math.min(2, rows - 1) * ldc;
        int c3 = c0 + Math.min(3, rows - 1) * ldc, c4 = c0 + Math.min(4, rows - 1) * ldc;
        int f1 = f0 + Math.min(1, rows - 1) * ldf, f2 = f0 + Math.min(2, rows - 1) * ldf;
        int f3 = f0 + Math.min(3, rows - 1) * ldf, f4 = f0 + Math.min(4, rows - 1) * ldf;
        for (int j = 0; j < n; j += LANES) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, b, b0 + j);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, b, b1 + j);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, b, b2 + j);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, b, b3 + j);
            DoubleVector r0 = x03.fma(v3, x02.fma(v2, x01.fma(v1, x00.fma(v0, zero))));
            DoubleVector r1 = x13.fma(v3, x12.fma(v2, x11.fma(v1, x10.fma(v0, zero))));
            DoubleVector r2 = x23.fma(v3, x22.fma(v2, x21.fma(v1, x20.fma(v0, zero))));
            DoubleVector r3 = x33.fma(v3, x32.fma(v2, x31.fma(v1, x30.fma(v0, zero))));
            DoubleVector r4 = x43.fma(v3, x42.fma(v2, x41.fma(v1, x40.fma(v0, zero))));
            if (f == null) {
                r0.intoArray(c, c0 + j);
                r1.intoArray(c, c1 + j);
                r2.intoArray(c, c2 + j);
                r3.intoArray(c, c3 + j);
                r4.intoArray(c, c4 + j);
            } else {
                // d·(f·(1 − f)), sigmoidBackwardRun's operations in its order: the same bits as the product
                // stored and then that pass. Each vector is stored in its own branch, never merged into one.
                DoubleVector g0 = DoubleVector.fromArray(SPECIES, f, f0 + j);
                DoubleVector g1 = DoubleVector.fromArray(SPECIES, f, f1 + j);
                DoubleVector g2 = DoubleVector.fromArray(SPECIES, f, f2 + j);
                DoubleVector g3 = DoubleVector.fromArray(SPECIES, f, f3 + j);
                DoubleVector g4 = DoubleVector.fromArray(SPECIES, f, f4 + j);
                r0.mul(g0.mul(one.sub(g0))).intoArray(c, c0 + j);
                r1.mul(g1.mul(one.sub(g1))).intoArray(c, c1 + j);
                r2.mul(g2.mul(one.sub(g2))).intoArray(c, c2 + j);
                r3.mul(g3.mul(one.sub(g3))).intoArray(c, c3 + j);
                r4.mul(g4.mul(one.sub(g4))).intoArray(c, c4 + j);
            }
        }
    }

    private void gemm4x3(int k, double[] a, int a0, int aRowStep, int aKStep,
                         double[] b, int b0, int ldb, double[] c, int c0, int ldc) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            int ap = a0 + p * aKStep;
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[ap]);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[ap + aRowStep]);
            DoubleVector x2 = DoubleVector.broadcast(SPECIES, a[ap + 2 * aRowStep]);
            DoubleVector x3 = DoubleVector.broadcast(SPECIES, a[ap + 3 * aRowStep]);
            c00 = x0.fma(b0v, c00); c01 = x0.fma(b1v, c01); c02 = x0.fma(b2v, c02);
            c10 = x1.fma(b0v, c10); c11 = x1.fma(b1v, c11); c12 = x1.fma(b2v, c12);
            c20 = x2.fma(b0v, c20); c21 = x2.fma(b1v, c21); c22 = x2.fma(b2v, c22);
            c30 = x3.fma(b0v, c30); c31 = x3.fma(b1v, c31); c32 = x3.fma(b2v, c32);
        }
        store3(c00, c01, c02, c, c0);
        store3(c10, c11, c12, c, c0 + ldc);
        store3(c20, c21, c22, c, c0 + 2 * ldc);
        store3(c30, c31, c32, c, c0 + 3 * ldc);
    }

    private void gemm4x4(int k, double[] a, int a0, int aRowStep, int aKStep,
                         double[] b, int b0, int ldb, double[] c, int c0, int ldc) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            DoubleVector b3v = DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES);
            int ap = a0 + p * aKStep;
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[ap]);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[ap + aRowStep]);
            DoubleVector x2 = DoubleVector.broadcast(SPECIES, a[ap + 2 * aRowStep]);
            DoubleVector x3 = DoubleVector.broadcast(SPECIES, a[ap + 3 * aRowStep]);
            c00 = x0.fma(b0v, c00); c01 = x0.fma(b1v, c01); c02 = x0.fma(b2v, c02); c03 = x0.fma(b3v, c03);
            c10 = x1.fma(b0v, c10); c11 = x1.fma(b1v, c11); c12 = x1.fma(b2v, c12); c13 = x1.fma(b3v, c13);
            c20 = x2.fma(b0v, c20); c21 = x2.fma(b1v, c21); c22 = x2.fma(b2v, c22); c23 = x2.fma(b3v, c23);
            c30 = x3.fma(b0v, c30); c31 = x3.fma(b1v, c31); c32 = x3.fma(b2v, c32); c33 = x3.fma(b3v, c33);
        }
        store4(c00, c01, c02, c03, c, c0);
        store4(c10, c11, c12, c13, c, c0 + ldc);
        store4(c20, c21, c22, c23, c, c0 + 2 * ldc);
        store4(c30, c31, c32, c33, c, c0 + 3 * ldc);
    }

    private void gemm2x3(int k, double[] a, int a0, int aRowStep, int aKStep,
                         double[] b, int b0, int ldb, double[] c, int c0, int ldc) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            int ap = a0 + p * aKStep;
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[ap]);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[ap + aRowStep]);
            c00 = x0.fma(b0v, c00); c01 = x0.fma(b1v, c01); c02 = x0.fma(b2v, c02);
            c10 = x1.fma(b0v, c10); c11 = x1.fma(b1v, c11); c12 = x1.fma(b2v, c12);
        }
        store3(c00, c01, c02, c, c0);
        store3(c10, c11, c12, c, c0 + ldc);
    }

    private void gemm2x4(int k, double[] a, int a0, int aRowStep, int aKStep,
                         double[] b, int b0, int ldb, double[] c, int c0, int ldc) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            DoubleVector b3v = DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES);
            int ap = a0 + p * aKStep;
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[ap]);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[ap + aRowStep]);
            c00 = x0.fma(b0v, c00); c01 = x0.fma(b1v, c01); c02 = x0.fma(b2v, c02); c03 = x0.fma(b3v, c03);
            c10 = x1.fma(b0v, c10); c11 = x1.fma(b1v, c11); c12 = x1.fma(b2v, c12); c13 = x1.fma(b3v, c13);
        }
        store4(c00, c01, c02, c03, c, c0);
        store4(c10, c11, c12, c13, c, c0 + ldc);
    }

    private void gemm1x3(int k, double[] a, int a0, int aKStep, double[] b, int b0, int ldb, double[] c, int c0) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[a0 + p * aKStep]);
            c00 = x0.fma(DoubleVector.fromArray(SPECIES, b, bp), c00);
            c01 = x0.fma(DoubleVector.fromArray(SPECIES, b, bp + LANES), c01);
            c02 = x0.fma(DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES), c02);
        }
        store3(c00, c01, c02, c, c0);
    }

    private void store3(DoubleVector v0, DoubleVector v1, DoubleVector v2, double[] c, int at) {
        v0.intoArray(c, at);
        v1.intoArray(c, at + LANES);
        v2.intoArray(c, at + 2 * LANES);
    }

    private void store4(DoubleVector v0, DoubleVector v1, DoubleVector v2, DoubleVector v3, double[] c, int at) {
        v0.intoArray(c, at);
        v1.intoArray(c, at + LANES);
        v2.intoArray(c, at + 2 * LANES);
        v3.intoArray(c, at + 3 * LANES);
    }

    private void gemm4x1(int k, double[] a, int a0, int aRowStep, int aKStep, double[] b, int b0, int ldb,
                         double[] c, int c0, int ldc, int j, int n) {
        // The mask is made here, not passed in: a mask that crosses a call may be boxed on the heap.
        VectorMask<Double> mask = SPECIES.indexInRange(j, n);
        DoubleVector c0v = DoubleVector.zero(SPECIES), c1v = c0v, c2v = c0v, c3v = c0v;
        for (int p = 0; p < k; p++) {
            DoubleVector bv = DoubleVector.fromArray(SPECIES, b, b0 + p * ldb, mask);
            int ap = a0 + p * aKStep;
            c0v = DoubleVector.broadcast(SPECIES, a[ap]).fma(bv, c0v);
            c1v = DoubleVector.broadcast(SPECIES, a[ap + aRowStep]).fma(bv, c1v);
            c2v = DoubleVector.broadcast(SPECIES, a[ap + 2 * aRowStep]).fma(bv, c2v);
            c3v = DoubleVector.broadcast(SPECIES, a[ap + 3 * aRowStep]).fma(bv, c3v);
        }
        c0v.intoArray(c, c0, mask);
        c1v.intoArray(c, c0 + ldc, mask);
        c2v.intoArray(c, c0 + 2 * ldc, mask);
        c3v.intoArray(c, c0 + 3 * ldc, mask);
    }

    private void gemm1x1(int k, double[] a, int a0, int aKStep, double[] b, int b0, int ldb,
                            double[] c, int c0, int j, int n) {
        VectorMask<Double> mask = SPECIES.indexInRange(j, n);
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            acc = DoubleVector.broadcast(SPECIES, a[a0 + p * aKStep])
                    .fma(DoubleVector.fromArray(SPECIES, b, b0 + p * ldb, mask), acc);
        }
        acc.intoArray(c, c0, mask);
    }

    // ----------------------------------------------------------------------------- packed, cache-blocked GEMM

    /** Columns per register strip: the micro-kernel's 3 vectors. */
    private static final int NR = 3 * LANES;
    /** Inner-dimension block: a 4×KC panel of A and a KC×NC block of B stay in L1 and L2. */
    private static final int KC = 256;
    /** Columns per B block: KC×NC doubles = 384 KiB at 512 bits, inside the core's 1 MiB L2 (Zen 4 and 5). */
    private static final int NC = 8 * NR;
    /** Below this m·n·k, and for any C narrower than {@link #NR} columns, A·Bᵀ runs as dots (see {@link #dotsPay}). */
    static final long DOT_MAX_VOLUME = 1L << 16;

    /**
     * Whether A·Bᵀ runs as dot products along k ({@link #dot4x4} and kin) rather than Bᵀ copied for the A·B
     * kernels: small or narrow products, as the sample-major passes' dW and dV are (k = the samples, padded
     * to whole vectors), but not over a k of one vector and a tail. Such a dot is mostly its lane sum and
     * scalar tail: the lecture's 99×11 by 4×11ᵀ ran 4.1 GFLOP/s as dots, the scalar loop's speed, and 13
     * through the A·B kernel (×3.4 for 200×15 and 1000×12 by 4ᵀ, ×9–11 for 40×12 by 40ᵀ and 64×14 by 64ᵀ;
     * under 4 rows or columns both ran 1–7 GFLOP/s). Under DOT_MAX_VOLUME the choice depends on k alone, so an
     * element of a small product has the same bits whichever part of it is computed. (Square-ish products
     * with a short k in whole vectors were 2–4× faster through the A·B kernel too, 40×8 by 40ᵀ 9.8 → 38
     * GFLOP/s, but telling them apart needs m and n, and a row or an element of one would then run as dots.)
     */
    private static boolean dotsPay(int m, int n, int k) {
        boolean shortWithTail = k % LANES != 0 && k < 2 * LANES;
        return k >= LANES && !shortWithTail && ((long) m * n * k < DOT_MAX_VOLUME || n < NR);
    }

    /** Below this m·n·k the unpacked kernel wins: packing costs more than the strided reads it saves. */
    static final long BLOCKED_MIN_VOLUME = 1L << 21;

    /** Per-thread packing buffers, allocated once per thread: the packed A panel, B block and an edge tile. */
    private record PackBuffers(double[] a, double[] b, double[] tile) {
    }

    private static final ThreadLocal<PackBuffers> PACK = ThreadLocal.withInitial(
            () -> new PackBuffers(new double[4 * KC], CacheLines.doubles(KC * NC), new double[4 * NR]));

    /**
     * GotoBLAS-style blocking: for each NC-wide block of columns and KC-deep block of the inner dimension,
     * B's block is copied once into strips of NR columns laid out row after row (contiguous, zero-padded past
     * n), and each 4-row panel of op(A) is copied into 4 interleaved columns. The micro-kernel then streams
     * both with unit stride, which is what rescues large and power-of-two strides (Aᵀ·B at 1024 read A with
     * an 8 KiB stride per step). Each KC block continues the accumulators where the last one left them in
     * C (see {@link #loadTile}).
     */
    private void gemmPacked(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                            double[] b, int bOff, int bKStep, int bColStep, double[] c, int cOff, int ldc,
                            int epilogue, double[] f, int fOff, int ldf) {
        PackBuffers buf = PACK.get();
        double[] ap = buf.a();
        double[] bp = buf.b();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int strips = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, bOff + pc * bKStep + jc * bColStep, bKStep, bColStep, kc, nc, strips, bp);
                for (int ic = 0; ic < m; ic += 4) {
                    int mr = Math.min(4, m - ic);
                    packA(a, aOff + ic * aRowStep + pc * aKStep, aRowStep, aKStep, mr, kc, ap);
                    for (int s = 0; s < strips; s++) {
                        int cols = Math.min(NR, nc - s * NR);
                        int c0 = cOff + ic * ldc + jc + s * NR;
                        loadTile(buf.tile(), c, c0, ldc, pc == 0, mr, cols);
                        microPacked(kc, ap, bp, LEAD + s * kc * NR, buf.tile());
                        storeTile(buf.tile(), c, c0, ldc, mr, cols);
                    }
                    if (pc + kc == k) {
                        epilogue(epilogue, c, cOff + ic * ldc + jc, ldc, f, fOff + ic * ldf + jc, ldf, mr, nc);
                    }
                }
            }
        }
    }

    /**
     * bp[LEAD + (s·kc + p)·NR + col] = B[p][s·NR + col], zero beyond the block's nc columns, with B[p][j] at
     * b[b0 + p·kStep + j·colStep]: row-major B (colStep 1) is copied a row at a time, Bᵀ read in place
     * (kStep 1) a column at a time, so A·Bᵀ gets the same packed kernel as A·B. Each strip row of NR = 3
     * vectors then starts on a cache line (see {@link CacheLines}).
     */
    private static void packB(double[] b, int b0, int kStep, int colStep, int kc, int nc, int strips, double[] bp) {
        for (int s = 0; s < strips; s++) {
            int col0 = s * NR;
            int cols = Math.min(NR, nc - col0);
            int strip = LEAD + s * kc * NR;
            if (colStep == 1) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, b0 + p * kStep + col0, bp, strip + p * NR, cols);
                }
            } else {
                for (int col = 0; col < cols; col++) {
                    int src = b0 + (col0 + col) * colStep;
                    for (int p = 0; p < kc; p++) {
                        bp[strip + p * NR + col] = b[src + p * kStep];
                    }
                }
            }
            for (int p = 0; p < kc; p++) {
                Arrays.fill(bp, strip + p * NR + cols, strip + (p + 1) * NR, 0.0);
            }
        }
    }

    /** ap[p·4 + r] = op(A)[r][p] for the panel's rows, zero for rows past m. */
    private static void packA(double[] a, int a0, int aRowStep, int aKStep, int mr, int kc, double[] ap) {
        for (int p = 0; p < kc; p++) {
            int src = a0 + p * aKStep;
            for (int r = 0; r < 4; r++) {
                ap[p * 4 + r] = r < mr ? a[src + r * aRowStep] : 0.0;
            }
        }
    }

    /** tile (4×NR) = packed A panel · packed B strip over kc steps: 12 fma accumulators in registers. */
    private void microPacked(int kc, double[] ap, double[] bp, int b0, double[] tile) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, tile, 0);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, tile, LANES);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, tile, 2 * LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, tile, NR);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, tile, NR + LANES);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, tile, NR + 2 * LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, tile, 2 * NR);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, tile, 2 * NR + LANES);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, tile, 2 * NR + 2 * LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, tile, 3 * NR);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, tile, 3 * NR + LANES);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, tile, 3 * NR + 2 * LANES);
        for (int p = 0; p < kc; p++) {
            int bi = b0 + p * NR;
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, bp, bi);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, bp, bi + LANES);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, bp, bi + 2 * LANES);
            int ai = p * 4;
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, ap[ai]);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, ap[ai + 1]);
            DoubleVector x2 = DoubleVector.broadcast(SPECIES, ap[ai + 2]);
            DoubleVector x3 = DoubleVector.broadcast(SPECIES, ap[ai + 3]);
            c00 = x0.fma(b0v, c00); c01 = x0.fma(b1v, c01); c02 = x0.fma(b2v, c02);
            c10 = x1.fma(b0v, c10); c11 = x1.fma(b1v, c11); c12 = x1.fma(b2v, c12);
            c20 = x2.fma(b0v, c20); c21 = x2.fma(b1v, c21); c22 = x2.fma(b2v, c22);
            c30 = x3.fma(b0v, c30); c31 = x3.fma(b1v, c31); c32 = x3.fma(b2v, c32);
        }
        // The accumulators start from the tile and always land in it; moving C in and out is a separate,
        // branchy step. Keeping the branches out of this method lets C2 keep all twelve accumulators in
        // registers (with them here it fell back to ~5 GFLOP/s).
        store3(c00, c01, c02, tile, 0);
        store3(c10, c11, c12, tile, NR);
        store3(c20, c21, c22, tile, 2 * NR);
        store3(c30, c31, c32, tile, 3 * NR);
    }

    /**
     * The tile's starting values: zero for the first KC block, C's running sums after it. Each element's
     * fma chain then runs over the whole inner dimension in order, as in the unpacked kernel, so both
     * paths give the same bits: where the volume threshold falls, or how a product is split into row or
     * column blocks (by {@link ParallelKernels}), cannot change a result.
     */
    private static void loadTile(double[] tile, double[] c, int c0, int ldc, boolean first, int mr, int cols) {
        if (first) {
            Arrays.fill(tile, 0.0);
            return;
        }
        for (int r = 0; r < mr; r++) {
            System.arraycopy(c, c0 + r * ldc, tile, r * NR, cols);
        }
    }

    /** C's block (mr × cols at c0) = the tile's first mr rows and cols columns. */
    private static void storeTile(double[] tile, double[] c, int c0, int ldc, int mr, int cols) {
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, c0 + r * ldc, cols);
        }
    }

    /**
     * A·Bᵀ. Small or narrow products as dot products along k, where {@link #dotsPay} says they pay.
     * Otherwise through the A·B kernels: large products pack B's rows straight into the packed
     * strips, others copy Bᵀ (k×n) into a per-thread buffer first; either way each element is the A·B
     * kernels' single fma chain along k, so those paths give the same bits, and {@link ParallelKernels},
     * which never cuts a product into pieces below the dot volume nor a C into column blocks narrower than
     * {@link #NR}, cannot change a result. (Dot kernels ran the sample-major dV = X̃ᵀ·(∂E/∂X̂) of a
     * 1797-sample batch at 9 GFLOP/s; packed, it runs at the A·B rate.)
     */
    @Override
    public void gemmTransB(int m, int n, int k, double[] a, int aOff, int lda,
                           double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (dotsPay(m, n, k)) {
            // Small products (the seed network's dW, 11×4 over 100 samples) and narrow ones (dW = F̃ᵀ·∂E/∂F̂
            // with J = 10 columns, over the samples) as dot products along k: no copy of Bᵀ; tiles of 4 rows
            // of A by 4 rows of B share their loads (16 multiply-adds for 8 loads; the seed network's dW
            // 0.59 → 0.43 µs). A tile at an edge repeats its last row (and column) rather than shrinking:
            // the extra multiply-adds cost less than the fewer, longer dependency chains of smaller tiles
            // (dV's 3×10 took 6 chains of one dot each). Lanes are summed once per element in one tree order
            // (treeSum), so every element has the same bits whichever tile computed it.
            if (LANES == 8 && (m == 2 || m == 3) && k % LANES == 0) {
                // Two or three rows of A (dV with N = 1 or 2 inputs): tiles of 3 × 5, no row repeated.
                for (int j = 0; j < n; j += 5) {
                    dot3x5(k, a, aOff, lda, m, b, bOff + j * ldb, ldb, Math.min(5, n - j), c, cOff + j, ldc);
                }
                return;
            }
            double[] lanes = LANE_SCRATCH.get();
            for (int i = 0; i < m; i += 4) {
                int rows = Math.min(4, m - i);
                for (int j = 0; j < n; j += 4) {
                    int cols = Math.min(4, n - j);
                    int at = cOff + i * ldc + j;
                    if (rows > 1 && cols > 1) {
                        dot4x4(k, a, aOff + i * lda, lda, rows, b, bOff + j * ldb, ldb, cols, c, at, ldc, lanes);
                    } else if (cols == 1) {
                        dot4(k, a, aOff + i * lda, lda, rows, b, bOff + j * ldb, c, at, ldc, lanes);
                    } else {
                        // One row of A against up to 4 rows of B: dot4 with the roles swapped (a·b = b·a, bit for bit).
                        dot4(k, b, bOff + j * ldb, ldb, cols, a, aOff + i * lda, c, at, 1, lanes);
                    }
                }
            }
            return;
        }
        if (n < NR && m >= NR && (long) m * n * k >= DOT_MAX_VOLUME) {
            // Narrow and large with an inner dimension under one vector (too short for the dots above):
            // vectors along n would be mostly mask (8 GFLOP/s measured). Cᵀ = B·Aᵀ runs along m instead;
            // a·b = b·a, so the bits are the same.
            double[] ct = PRODUCT_SCRATCH.get().get(n * m);
            gemmTransB(n, m, k, b, bOff, ldb, a, aOff, lda, ct, LEAD, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = ct[LEAD + j * m + i];
                }
            }
            return;
        }
        if (packingPays(m, n, k)) {
            gemmPacked(m, n, k, a, aOff, lda, 1, b, bOff, 1, ldb, c, cOff, ldc, NO_EPILOGUE, null, 0, 0);
            return;
        }
        double[] bt = TRANSPOSE_SCRATCH.get().get(k * n);
        // Eight rows of B at a time, so each row of Bᵀ is written a cache line at a time: column by column,
        // a power-of-two n put every write of a column in the same few cache sets (dV's 65×128 over 224
        // samples: 28 → 46 GFLOP/s).
        for (int j0 = 0; j0 < n; j0 += 8) {
            int j1 = Math.min(n, j0 + 8);
            for (int p = 0; p < k; p++) {
                for (int j = j0; j < j1; j++) {
                    bt[LEAD + p * n + j] = b[bOff + j * ldb + p];
                }
            }
        }
        gemmUnpacked(m, n, k, a, aOff, lda, 1, bt, LEAD, n, c, cOff, ldc);
    }

    /**
     * A per-thread buffer that grows to the largest size asked of it (once per shape), never shrinks. Its
     * first LEAD elements are spare, so that the rest starts on a cache line (see {@link CacheLines}).
     */
    private static final class Scratch {
        private double[] buffer = CacheLines.doubles(64);

        double[] get(int size) {
            if (buffer.length < LEAD + size) {
                buffer = CacheLines.doubles(size);
            }
            return buffer;
        }
    }

    /** Bᵀ copied for the A·B kernel. */
    private static final ThreadLocal<Scratch> TRANSPOSE_SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** The head's buffer: the rows of x − max, then those of e, each padded to whole vectors, then two spare rows. */
    private static final ThreadLocal<Scratch> EXP_SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** {@link #softmaxColumns}'s row of per-column maxima, then sums and their reciprocals. */
    private static final ThreadLocal<Scratch> COLUMN_SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** Cᵀ of a narrow A·Bᵀ, before it is transposed into C. */
    private static final ThreadLocal<Scratch> PRODUCT_SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final ThreadLocal<double[]> LANE_SCRATCH = ThreadLocal.withInitial(() -> new double[16 * LANES]);

    /**
     * One level of treeSum's tree for two vectors a and b at once, at 8 lanes ({@link #dot4x4}'s sums): within
     * each pair (then quad, then half) of lanes, the result's first half holds a's sums and its second half
     * b's. The _KEEP mask blends a and b so that each lane keeps one of its two terms in place; the _CROSS
     * indices (i < 8 from a, else from b) bring each lane its other term in one two-vector selection. Before,
     * two selections picked each pair's halves: a blend in place of one of them made dW 150 → 142 ns and dV
     * 103 → 90 ns (each timed alone on the course step's buffers), and the step ×0.935 (the median of 6 pairs
     * of fresh JVMs) and ×0.98 (8 pairs, in the other order). The same terms are added, in the same order up
     * to commutation, so the bits do not change.
     */
    private static final VectorMask<Double> PAIR_KEEP = VectorMask.fromLong(SPECIES, 0b1010_1010);
    private static final DoubleVector PAIR_CROSS = laneIndices(1, 8, 3, 10, 5, 12, 7, 14);
    private static final VectorMask<Double> QUAD_KEEP = VectorMask.fromLong(SPECIES, 0b1100_1100);
    private static final DoubleVector QUAD_CROSS = laneIndices(2, 3, 8, 9, 6, 7, 12, 13);
    private static final VectorMask<Double> HALF_KEEP = VectorMask.fromLong(SPECIES, 0b1111_0000);
    private static final DoubleVector HALF_CROSS = laneIndices(4, 5, 6, 7, 8, 9, 10, 11);

    /** The indices as a vector at 8 lanes; unused zeros at other widths. */
    private static DoubleVector laneIndices(double... indices) {
        return LANES == 8 ? DoubleVector.fromArray(SPECIES, indices, 0) : DoubleVector.zero(SPECIES);
    }

    /**
     * c[r][q] = a_r · b_q for r < rows ≤ 4 rows of A (step lda) and q < cols ≤ 4 of B (step ldb), as
     * {@link #dot4} per element; short of 4, the last row (column) is computed again and not stored.
     */
    private void dot4x4(int k, double[] a, int a0, int lda, int rows, double[] b, int b0, int ldb, int cols,
                        double[] c, int c0, int ldc, double[] lanes) {
        int a1 = a0 + Math.min(1, rows - 1) * lda;
        int a2 = a0 + Math.min(2, rows - 1) * lda;
        int a3 = a0 + Math.min(3, rows - 1) * lda;
        int b1 = b0 + Math.min(1, cols - 1) * ldb;
        int b2 = b0 + Math.min(2, cols - 1) * ldb;
        int b3 = b0 + Math.min(3, cols - 1) * ldb;
        DoubleVector s00 = DoubleVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        DoubleVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int bound = SPECIES.loopBound(k);
        for (int p = 0; p < bound; p += LANES) {
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, b, b0 + p);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, b, b1 + p);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, b, b2 + p);
            DoubleVector b3v = DoubleVector.fromArray(SPECIES, b, b3 + p);
            DoubleVector av = DoubleVector.fromArray(SPECIES, a, a0 + p);
            s00 = av.fma(b0v, s00);
            s01 = av.fma(b1v, s01);
            s02 = av.fma(b2v, s02);
            s03 = av.fma(b3v, s03);
            av = DoubleVector.fromArray(SPECIES, a, a1 + p);
            s10 = av.fma(b0v, s10);
            s11 = av.fma(b1v, s11);
            s12 = av.fma(b2v, s12);
            s13 = av.fma(b3v, s13);
            av = DoubleVector.fromArray(SPECIES, a, a2 + p);
            s20 = av.fma(b0v, s20);
            s21 = av.fma(b1v, s21);
            s22 = av.fma(b2v, s22);
            s23 = av.fma(b3v, s23);
            av = DoubleVector.fromArray(SPECIES, a, a3 + p);
            s30 = av.fma(b0v, s30);
            s31 = av.fma(b1v, s31);
            s32 = av.fma(b2v, s32);
            s33 = av.fma(b3v, s33);
        }
        if (LANES == 8) {
            // treeSum's tree, as vectors: eight accumulators' sums in one vector, lane i the sum of the i-th,
            // in 21 operations (7 selections, 7 blends, 7 additions) instead of ~8 stores, 64 loads and 56
            // scalar additions. Written out here, each vector defined once: a vector crossing a call, or merged
            // from two branches, may be boxed.
            DoubleVector p0 = s00.blend(s01, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s00, s01));
            DoubleVector p1 = s02.blend(s03, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s02, s03));
            DoubleVector p2 = s10.blend(s11, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s10, s11));
            DoubleVector p3 = s12.blend(s13, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s12, s13));
            DoubleVector q0 = p0.blend(p1, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p0, p1));
            DoubleVector q1 = p2.blend(p3, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p2, p3));
            DoubleVector sums01 = q0.blend(q1, HALF_KEEP).add(HALF_CROSS.selectFrom(q0, q1));
            DoubleVector p4 = s20.blend(s21, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s20, s21));
            DoubleVector p5 = s22.blend(s23, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s22, s23));
            DoubleVector p6 = s30.blend(s31, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s30, s31));
            DoubleVector p7 = s32.blend(s33, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s32, s33));
            DoubleVector q2 = p4.blend(p5, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p4, p5));
            DoubleVector q3 = p6.blend(p7, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p6, p7));
            DoubleVector sums23 = q2.blend(q3, HALF_KEEP).add(HALF_CROSS.selectFrom(q2, q3));
            if (bound == k) {
                // No tail to add (k in whole vectors, as in every pass): row r's sums are lanes 4(r mod 2) to
                // 4(r mod 2) + 3 of one vector, stored straight into C, those in lanes 4–7 by a masked store
                // from 4 before the row. Through the lanes buffer and the scalar loop below, dW and dV took
                // ~20% longer at the seed network's sizes.
                long colBits = firstLanes(cols);
                VectorMask<Double> low = VectorMask.fromLong(SPECIES, colBits);
                VectorMask<Double> high = VectorMask.fromLong(SPECIES, colBits << 4);
                sums01.intoArray(c, c0, low);
                if (rows > 1) {
                    sums01.intoArray(c, c0 + ldc - 4, high);
                }
                if (rows > 2) {
                    sums23.intoArray(c, c0 + 2 * ldc, low);
                }
                if (rows > 3) {
                    sums23.intoArray(c, c0 + 3 * ldc - 4, high);
                }
                return;
            }
            sums01.intoArray(lanes, 0);
            sums23.intoArray(lanes, LANES);
        } else {
            s00.intoArray(lanes, 0);
            s01.intoArray(lanes, LANES);
            s02.intoArray(lanes, 2 * LANES);
            s03.intoArray(lanes, 3 * LANES);
            s10.intoArray(lanes, 4 * LANES);
            s11.intoArray(lanes, 5 * LANES);
            s12.intoArray(lanes, 6 * LANES);
            s13.intoArray(lanes, 7 * LANES);
            s20.intoArray(lanes, 8 * LANES);
            s21.intoArray(lanes, 9 * LANES);
            s22.intoArray(lanes, 10 * LANES);
            s23.intoArray(lanes, 11 * LANES);
            s30.intoArray(lanes, 12 * LANES);
            s31.intoArray(lanes, 13 * LANES);
            s32.intoArray(lanes, 14 * LANES);
            s33.intoArray(lanes, 15 * LANES);
        }
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                // At 8 lanes, the sums the vectors made; else each accumulator's lanes, summed here.
                double sum = LANES == 8 ? lanes[4 * r + q] : treeSum(lanes, (4 * r + q) * LANES);
                int ar = a0 + r * lda;
                int bq = b0 + q * ldb;
                for (int p = bound; p < k; p++) {
                    sum = Math.fma(a[ar + p], b[bq + p], sum);
                }
                c[c0 + r * ldc + q] = sum;
            }
        }
    }

    /**
     * c[r][q] = a_r · b_q for r < rows ≤ 3 rows of A and q < cols ≤ 5 of B, at 8 lanes and k in whole vectors:
     * {@link #dot4x4}'s loop and lane-sum tree over 15 accumulators (the 16th repeats the 15th), for products
     * with 2 or 3 rows of A. dV = X̃ᵀ·∂E/∂X̂ of the course network (3×10) is two of these tiles where it was
     * three 4×4 tiles, each a row short and the last also two columns short: 390 multiply-adds instead of
     * 624 and one lane-sum tree fewer; the seed step ×0.94–1.00 side by side, ×0.98 the median of seven
     * pairs of runs. Same tree, so every element has the bits {@link #dot4x4} and {@link #dot4} give it.
     */
    private void dot3x5(int k, double[] a, int a0, int lda, int rows, double[] b, int b0, int ldb, int cols,
                        double[] c, int c0, int ldc) {
        int a1 = a0 + Math.min(1, rows - 1) * lda;
        int a2 = a0 + Math.min(2, rows - 1) * lda;
        int b1 = b0 + Math.min(1, cols - 1) * ldb;
        int b2 = b0 + Math.min(2, cols - 1) * ldb;
        int b3 = b0 + Math.min(3, cols - 1) * ldb;
        int b4 = b0 + Math.min(4, cols - 1) * ldb;
        DoubleVector s00 = DoubleVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00, s04 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00;
        for (int p = 0; p < k; p += LANES) {
            DoubleVector b0v = DoubleVector.fromArray(SPECIES, b, b0 + p);
            DoubleVector b1v = DoubleVector.fromArray(SPECIES, b, b1 + p);
            DoubleVector b2v = DoubleVector.fromArray(SPECIES, b, b2 + p);
            DoubleVector b3v = DoubleVector.fromArray(SPECIES, b, b3 + p);
            DoubleVector b4v = DoubleVector.fromArray(SPECIES, b, b4 + p);
            DoubleVector av = DoubleVector.fromArray(SPECIES, a, a0 + p);
            s00 = av.fma(b0v, s00);
            s01 = av.fma(b1v, s01);
            s02 = av.fma(b2v, s02);
            s03 = av.fma(b3v, s03);
            s04 = av.fma(b4v, s04);
            av = DoubleVector.fromArray(SPECIES, a, a1 + p);
            s10 = av.fma(b0v, s10);
            s11 = av.fma(b1v, s11);
            s12 = av.fma(b2v, s12);
            s13 = av.fma(b3v, s13);
            s14 = av.fma(b4v, s14);
            av = DoubleVector.fromArray(SPECIES, a, a2 + p);
            s20 = av.fma(b0v, s20);
            s21 = av.fma(b1v, s21);
            s22 = av.fma(b2v, s22);
            s23 = av.fma(b3v, s23);
            s24 = av.fma(b4v, s24);
        }
        // The 15 sums in row order, lanes 0–7 of the first vector and 0–6 of the second: row 0 is the first's
        // lanes 0–4, row 1 its lanes 5–7 and the second's 0–1, row 2 the second's 2–6.
        DoubleVector p0 = s00.blend(s01, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s00, s01));
        DoubleVector p1 = s02.blend(s03, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s02, s03));
        DoubleVector p2 = s04.blend(s10, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s04, s10));
        DoubleVector p3 = s11.blend(s12, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s11, s12));
        DoubleVector q0 = p0.blend(p1, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p0, p1));
        DoubleVector q1 = p2.blend(p3, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p2, p3));
        DoubleVector first = q0.blend(q1, HALF_KEEP).add(HALF_CROSS.selectFrom(q0, q1));
        DoubleVector p4 = s13.blend(s14, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s13, s14));
        DoubleVector p5 = s20.blend(s21, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s20, s21));
        DoubleVector p6 = s22.blend(s23, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s22, s23));
        DoubleVector p7 = s24.blend(s24, PAIR_KEEP).add(PAIR_CROSS.selectFrom(s24, s24));
        DoubleVector q2 = p4.blend(p5, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p4, p5));
        DoubleVector q3 = p6.blend(p7, QUAD_KEEP).add(QUAD_CROSS.selectFrom(p6, p7));
        DoubleVector second = q2.blend(q3, HALF_KEEP).add(HALF_CROSS.selectFrom(q2, q3));
        long colBits = firstLanes(cols);
        first.intoArray(c, c0, VectorMask.fromLong(SPECIES, colBits));
        if (rows > 1) {
            first.intoArray(c, c0 + ldc - 5, VectorMask.fromLong(SPECIES, (colBits & 0b111) << 5));
            second.intoArray(c, c0 + ldc + 3, VectorMask.fromLong(SPECIES, colBits >>> 3));
        }
        if (rows > 2) {
            second.intoArray(c, c0 + 2 * ldc - 2, VectorMask.fromLong(SPECIES, colBits << 2));
        }
    }

    /**
     * Σ of lanes[from .. from+LANES) as a tree, ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) at 8 lanes: three
     * dependent additions instead of a chain of eight, so the 44 + 30 sums of the seed network's dW and dV
     * overlap (dW 0.33–0.36 → 0.28–0.32 µs inside the step, timed in place). {@link #dot4x4} adds the same
     * tree as vectors, eight sums at once, written out in its body (an earlier butterfly through a helper made
     * C2 box the dot kernels' vectors in some JVMs, 1.5 KB a step; this one allocates nothing: 0 B a step in
     * seven JVMs over both networks): dW 0.24 → 0.20–0.21 µs and dV 0.21 → 0.19 µs in the seed step.
     */
    private static double treeSum(double[] lanes, int from) {
        if (LANES == 1) {
            return lanes[from];
        }
        double pair = lanes[from] + lanes[from + 1];
        if (LANES == 2) {
            return pair;
        }
        double quad = pair + (lanes[from + 2] + lanes[from + 3]);
        if (LANES == 4) {
            return quad;
        }
        return quad + ((lanes[from + 4] + lanes[from + 5]) + (lanes[from + 6] + lanes[from + 7]));
    }

    /** c[r·ldc] = a_r · b for r < rows ≤ 4 rows of A (step lda); short of 4, the last row is computed again. */
    private void dot4(int k, double[] a, int a0, int lda, int rows, double[] b, int b0, double[] c, int c0, int ldc,
                      double[] lanes) {
        int a1 = a0 + Math.min(1, rows - 1) * lda;
        int a2 = a0 + Math.min(2, rows - 1) * lda;
        int a3 = a0 + Math.min(3, rows - 1) * lda;
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int bound = SPECIES.loopBound(k);
        for (int p = 0; p < bound; p += LANES) {
            DoubleVector bv = DoubleVector.fromArray(SPECIES, b, b0 + p);
            s0 = DoubleVector.fromArray(SPECIES, a, a0 + p).fma(bv, s0);
            s1 = DoubleVector.fromArray(SPECIES, a, a1 + p).fma(bv, s1);
            s2 = DoubleVector.fromArray(SPECIES, a, a2 + p).fma(bv, s2);
            s3 = DoubleVector.fromArray(SPECIES, a, a3 + p).fma(bv, s3);
        }
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, LANES);
        s2.intoArray(lanes, 2 * LANES);
        s3.intoArray(lanes, 3 * LANES);
        for (int r = 0; r < rows; r++) {
            double sum = treeSum(lanes, r * LANES);
            int ar = a0 + r * lda;
            for (int p = bound; p < k; p++) {
                sum = Math.fma(a[ar + p], b[b0 + p], sum);
            }
            c[c0 + r * ldc] = sum;
        }
    }

    /** Butterfly partners for {@link #sumLanes}: lane i is paired with lane i XOR d. */
    private static final VectorShuffle<Double> XOR4 = VectorShuffle.fromOp(SPECIES, i -> (i ^ 4) % LANES);
    private static final VectorShuffle<Double> XOR2 = VectorShuffle.fromOp(SPECIES, i -> (i ^ 2) % LANES);
    private static final VectorShuffle<Double> XOR1 = VectorShuffle.fromOp(SPECIES, i -> (i ^ 1) % LANES);

    /**
     * Σ of the lanes in a fixed tree order. {@code reduceLanes(ADD)} may add in any order, and does add in
     * different orders interpreted and JIT-compiled, so results would depend on JIT timing; same seed,
     * same bits needs one order. Kept tiny (the width tests fold away) so that C2 always inlines it: a
     * vector passed to a method that is not inlined is boxed on the heap.
     */
    private static double sumLanes(DoubleVector v) {
        return segmentSums(v, LANES).lane(0);
    }

    /**
     * Each lane gets the sum of its segment of {@code width} lanes (a power of two ≤ LANES; segments start
     * at multiples of width): lane l meets lane l XOR d for d = 1, 2, 4 < width, which never leaves the
     * segment. Every lane of a segment ends with the same bits (IEEE addition commutes exactly).
     */
    private static DoubleVector segmentSums(DoubleVector v, int width) {
        if (width >= 2) {
            v = v.add(v.rearrange(XOR1));
        }
        if (width >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        if (width >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        return v;
    }

    /** As {@link #segmentSums}, for the max (exact in any order). */
    private static DoubleVector segmentMaxima(DoubleVector v, int width) {
        if (width >= 2) {
            v = larger(v, v.rearrange(XOR1));
        }
        if (width >= 4) {
            v = larger(v, v.rearrange(XOR2));
        }
        if (width >= 8) {
            v = larger(v, v.rearrange(XOR4));
        }
        return v;
    }

    /**
     * The lane-wise max of a and b by a compare and a blend: two instructions, where Java's max, NaN- and
     * −0-exact, is six. A NaN in b does not win (nor a +0 over a −0): only for a max whose NaN reaches the
     * output anyway, through x − max, e and a sum over every entry (the shift is the same number either way).
     */
    private static DoubleVector larger(DoubleVector a, DoubleVector b) {
        return a.blend(b, b.compare(VectorOperators.GT, a));
    }

    // ------------------------------------------------------------------------------------------ exp

    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 split in two: the high part has 21 trailing zero bits, so n·LN2_HI is exact for |n| ≤ 2^11. */
    private static final double LN2_HI = 0x1.62e42fee00000p-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    /** 1.5·2^52: adding and subtracting it rounds a double of magnitude below 2^51 to the nearest integer. */
    private static final double ROUNDER = 0x1.8p52;

    /**
     * x = (n/16)·ln2 + r: sixteen steps per octave, so |r| ≤ ln2/32 and e^r − 1 needs only degree 6 (a
     * minimax fit, below), where whole octaves (|r| ≤ ln2/2) needed degree 13. 2^(j/16) comes from a
     * table of 16 in two vector registers, one lane-wise lookup.
     */
    private static final int STEPS_BITS = 4;
    /** Where a double's exponent bits start. */
    private static final int EXPONENT_SHIFT = 52;
    private static final int STEPS = 1 << STEPS_BITS;
    private static final double STEPS_LOG2E = STEPS * LOG2E;
    /** ln2/16 in the same two parts (÷16 is exact): n·STEP_HI is exact for |n| ≤ 2^15. */
    private static final double STEP_HI = LN2_HI / STEPS;
    private static final double STEP_LO = LN2_LO / STEPS;
    // e^r − 1 ≈ r + C₂r² + … + C₆r⁶ on |r| ≤ ln2/32: a minimax fit (weighted least squares iterated to
    // equal ripples, in 50 digits), within 1.2e-17 of e^r − 1, a tenth of an ulp of 1; near 1/k!, but one
    // multiply-add shorter than the Taylor polynomial of the same accuracy (degree 7).
    private static final double C6 = 0.0013889128990091201;
    private static final double C5 = 0.008333471924210462;
    private static final double C4 = 0.04166666665965652;
    private static final double C3 = 0.16666666664417829;
    private static final double C2 = 0.5000000000000006;
    /**
     * 2^(j/16), j = 0..15, as the bits of the nearest double less j·2^48 (see {@link #expLoop}: the shift that
     * brings h to the exponent brings j along, 4 bits below it), and what that rounding dropped, relative to
     * it: e^x = 2^(n/16)·(1 + tail)·e^r, so the table's rounding does not add to the result's. In groups of
     * 2·LANES entries (one two-vector lookup each; at 512 bits, one group).
     */
    private static final LongVector[] POW2_BITS = new LongVector[STEPS / LANES];
    private static final LongVector[] POW2_TAILS = new LongVector[STEPS / LANES];

    /**
     * The first group again, as fields: a static final vector is a constant to C2, an array element is not
     * (with the lookup reading the arrays, the exp was slower than the degree-13 one it replaced).
     */
    private static final LongVector POW2_BITS_0, POW2_BITS_1, POW2_TAILS_0, POW2_TAILS_1;

    static {
        // 2^(j/16) to 40 digits: 2^(1/16) is four square roots of 2, then powers of it.
        MathContext digits40 = new MathContext(40);
        BigDecimal step = BigDecimal.TWO.sqrt(digits40).sqrt(digits40).sqrt(digits40).sqrt(digits40);
        double[] bits = new double[STEPS];
        long[] lowered = new long[STEPS];
        double[] tails = new double[STEPS];
        BigDecimal pow = BigDecimal.ONE;
        for (int j = 0; j < STEPS; j++) {
            bits[j] = pow.doubleValue();
            BigDecimal rounded = new BigDecimal(bits[j]);
            tails[j] = pow.subtract(rounded).divide(rounded, digits40).doubleValue();
            lowered[j] = Double.doubleToRawLongBits(bits[j]) - ((long) j << EXPONENT_SHIFT - STEPS_BITS);
            pow = pow.multiply(step, digits40);
        }
        for (int v = 0; v < POW2_BITS.length; v++) {
            POW2_BITS[v] = LongVector.fromArray(SPECIES.withLanes(long.class), lowered, v * LANES);
            POW2_TAILS[v] = DoubleVector.fromArray(SPECIES, tails, v * LANES).reinterpretAsLongs();
        }
        POW2_BITS_0 = POW2_BITS[0];
        POW2_BITS_1 = POW2_BITS[1];
        POW2_TAILS_0 = POW2_TAILS[0];
        POW2_TAILS_1 = POW2_TAILS[1];
    }

    /**
     * out = e^x, lane-wise: x = (n/16)·ln2 + r with |r| ≤ ln2/32, e^r − 1 by a polynomial in fma, then
     * 2^(n/16) from the table and the exponent bits; see {@link #expLoop}.
     *
     * <p>One loop over whole vectors, the tail on a padded copy by the same loop, and no vector crossing a
     * method boundary: a DoubleVector passed to a method C2 declines to inline (this polynomial is too long
     * to be inlined) is boxed.
     */
    @Override
    public void expRun(double[] x, int xOff, double[] out, int outOff, int n) {
        expLoop(0.0, x, xOff, out, outOff, n);
    }

    /** One vector's worth, for the last partial vector of {@link #expLoop}'s runs. */
    private static final ThreadLocal<double[]> TAIL_SCRATCH = ThreadLocal.withInitial(() -> new double[LANES]);

    /** Inside ±NORMAL_RANGE, n/16 lies in [−1021, 1021] and 2^(n/16) is one normal double. */
    private static final double NORMAL_RANGE = 707.0;

    /**
     * e^(x − shift), lane-wise, returning Σ out over the lanes with |x − shift| ≤ 707 (see the loop), summed
     * per lane and then across lanes in lane order, so a softmax row is one sweep: e^(x − max) and its sum.
     * {@link #sigmoidLoop} runs the same exp, written out again with σ's prologue and epilogue around it.
     *
     * <p>Measured choices (the loop is bound by throughput, the core's issue width over its ~30 vector
     * operations, not by latency or one unit: in σ the polynomial's multiply-adds are 4 of ~14 cycles, the
     * division 1): a table of 2^(j/16) and a degree-7 polynomial instead of whole octaves and degree 13 (a
     * run of 416: 217 → 163 ns, ~13 → 10 cycles a vector at ~3.2 GHz, and within 1 ulp of {@link Math#exp}
     * where it was 2), then the minimax degree 6 in place of Taylor's 7 (σ over 1,040 values alone ×0.95,
     * still within 1 ulp of {@code Math.exp} over 20 million arguments); n read from the bits of the
     * rounded value itself (adding 1.5·2^52 leaves n in the low mantissa bits), so the table index and the
     * power of two are masks and shifts, no double-to-long conversion (σ over 1000: 1.2 → 0.64 µs). That
     * scale is a normal double only for |x| ≤ 707; a lane beyond (e^x overflowing to +∞ or underflowing
     * into subnormals and 0) or NaN is left to {@link #expWideLanes}. The whole body is written out in the
     * loop: C2 does not reliably inline a helper of this size, and a DoubleVector crossing a method boundary
     * is boxed (measured: 2.6 KB a call).
     */
    private double expLoop(double shift, double[] x, int xOff, double[] out, int outOff, int n) {
        // Every vector here has one definition: a vector merged from two branches (a phi: "a ? b : c", or e
        // reloaded after the rare lanes) was boxed on the heap by some of C2's compilations and not by others,
        // from JVM to JVM (measured: 5.4 MB a step in half the JVMs of the 1797×64→128→10 step, 35% slower).
        DoubleVector sum = DoubleVector.zero(SPECIES);
        int whole = SPECIES.loopBound(n);
        for (int i = 0; i < whole; i += LANES) {
            DoubleVector xc = DoubleVector.fromArray(SPECIES, x, xOff + i).sub(shift);
            DoubleVector shifted = xc.fma(DoubleVector.broadcast(SPECIES, STEPS_LOG2E), DoubleVector.broadcast(SPECIES, ROUNDER));
            DoubleVector nd = shifted.sub(ROUNDER);
            DoubleVector r = nd.fma(DoubleVector.broadcast(SPECIES, -STEP_HI), xc);
            r = nd.fma(DoubleVector.broadcast(SPECIES, -STEP_LO), r);
            // e^r − 1 ≈ r + r²(C₂ + C₃r) + r⁴(C₄ + C₅r) + r⁶C₆, Horner in r² over the pairs.
            DoubleVector r2 = r.mul(r);
            DoubleVector p23 = r.fma(DoubleVector.broadcast(SPECIES, C3), DoubleVector.broadcast(SPECIES, C2));
            DoubleVector p45 = r.fma(DoubleVector.broadcast(SPECIES, C5), DoubleVector.broadcast(SPECIES, C4));
            DoubleVector q = r2.fma(r2.fma(DoubleVector.broadcast(SPECIES, C6), p45), p23).fma(r2, r);
            // n = 16·h + j sits in the low bits of the rounded value: 2^(n/16) = 2^h·2^(j/16), the table's entry
            // with h added to its exponent bits (exact, and a normal double for |x| ≤ NORMAL_RANGE). One shift
            // left by 48 puts n's low 16 bits on top, h on the exponent and j just below it, which the table's
            // entries have subtracted in advance: one operation fewer than shifting h down and up (the seed
            // step ×0.98–0.99, side by side in one JVM), the same bits.
            LongVector bits = shifted.reinterpretAsLongs();
            LongVector j = bits.and(STEPS - 1);
            LongVector pow2 = j.selectFrom(POW2_BITS_0, POW2_BITS_1);
            LongVector tail = j.selectFrom(POW2_TAILS_0, POW2_TAILS_1);
            for (int v = 2; v < POW2_BITS.length; v += 2) {
                // Vectors under 512 bits hold the table in more groups; j's group picks one (compile-time loop).
                VectorMask<Long> inGroup = j.compare(VectorOperators.GE, v * LANES);
                pow2 = pow2.blend(j.selectFrom(POW2_BITS[v], POW2_BITS[v + 1]), inGroup);
                tail = tail.blend(j.selectFrom(POW2_TAILS[v], POW2_TAILS[v + 1]), inGroup);
            }
            DoubleVector scale = pow2.add(bits.lanewise(VectorOperators.LSHL, EXPONENT_SHIFT - STEPS_BITS))
                    .reinterpretAsDoubles();
            // 2^(n/16)·(1 + tail)·(1 + q) ≈ scale + scale·(q + tail), rounded once (tail·q < 1e-18 is dropped).
            DoubleVector e = q.add(tail.reinterpretAsDoubles()).fma(scale, scale);
            VectorMask<Double> normal = xc.abs().compare(VectorOperators.LE, NORMAL_RANGE);
            e.intoArray(out, outOff + i, normal);
            // The sum leaves the rare lanes out: in a softmax (x − max ≤ 0) they are under 1e-307 and vanish
            // beside the max's e^0 = 1 in any case, and a NaN has already made the max NaN.
            sum = sum.add(e, normal);
            if (!normal.allTrue()) {
                expWideLanes(false, shift, x, xOff + i, out, outOff + i, LANES, normal.toLong());
            }
        }
        double total = 0.0;
        for (int lane = 0; lane < LANES; lane++) {
            total += sum.lane(lane); // in lane order, with no vector crossing a call (or a ThreadLocal per row)
        }
        if (whole < n) {
            // The last, partial vector: on a copy padded to a whole one, by this same loop (recursion, once).
            // No mask by position anywhere: a loop with one (VectorSpecies.indexInRange) ran σ over 1,040
            // values 0.55 µs in a fresh JVM but 0.76 µs once any method had asked indexInRange for a partial
            // range, as the head's rows of 100 do; the profile is the JDK's, shared by every caller.
            // Padding −∞: its lane is not "normal" and adds nothing.
            double[] tail = TAIL_SCRATCH.get();
            System.arraycopy(x, xOff + whole, tail, 0, n - whole);
            Arrays.fill(tail, n - whole, LANES, Double.NEGATIVE_INFINITY);
            total += expLoop(shift, tail, 0, tail, 0, LANES);
            System.arraycopy(tail, 0, out, outOff + whole, n - whole);
        }
        return total;
    }

    /**
     * σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, e = e^(−|x|) ∈ (0, 1], so nothing overflows: the
     * argument −|x| is x with its sign bit set, then {@link #expLoop}'s exp, then one division whose
     * numerator is 1 or e by the sign. Its own loop (the exp written out a second time) rather than a flag
     * in exp's: side by side in one JVM, σ over 1,040 values 0.57 → 0.49 µs, and one division instead of
     * 1/(1 + e) then e·that 0.49 → 0.43 µs (and one rounding instead of two). The price is in the JIT's
     * warm-up: one more large method for C2 to compile (~0.7 s more before a short run is fast). Same tail as
     * exp's, padded with 0.
     */
    private void sigmoidLoop(double[] x, int xOff, double[] out, int outOff, int n) {
        int whole = SPECIES.loopBound(n);
        for (int i = 0; i < whole; i += LANES) {
            DoubleVector xv = DoubleVector.fromArray(SPECIES, x, xOff + i);
            DoubleVector xc = xv.reinterpretAsLongs().or(Long.MIN_VALUE).reinterpretAsDoubles();
            DoubleVector shifted = xc.fma(DoubleVector.broadcast(SPECIES, STEPS_LOG2E), DoubleVector.broadcast(SPECIES, ROUNDER));
            DoubleVector nd = shifted.sub(ROUNDER);
            DoubleVector r = nd.fma(DoubleVector.broadcast(SPECIES, -STEP_HI), xc);
            r = nd.fma(DoubleVector.broadcast(SPECIES, -STEP_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector p23 = r.fma(DoubleVector.broadcast(SPECIES, C3), DoubleVector.broadcast(SPECIES, C2));
            DoubleVector p45 = r.fma(DoubleVector.broadcast(SPECIES, C5), DoubleVector.broadcast(SPECIES, C4));
            DoubleVector q = r2.fma(r2.fma(DoubleVector.broadcast(SPECIES, C6), p45), p23).fma(r2, r);
            LongVector bits = shifted.reinterpretAsLongs();
            LongVector j = bits.and(STEPS - 1);
            LongVector pow2 = j.selectFrom(POW2_BITS_0, POW2_BITS_1);
            LongVector tail = j.selectFrom(POW2_TAILS_0, POW2_TAILS_1);
            for (int v = 2; v < POW2_BITS.length; v += 2) {
                VectorMask<Long> inGroup = j.compare(VectorOperators.GE, v * LANES);
                pow2 = pow2.blend(j.selectFrom(POW2_BITS[v], POW2_BITS[v + 1]), inGroup);
                tail = tail.blend(j.selectFrom(POW2_TAILS[v], POW2_TAILS[v + 1]), inGroup);
            }
            DoubleVector scale = pow2.add(bits.lanewise(VectorOperators.LSHL, EXPONENT_SHIFT - STEPS_BITS))
                    .reinterpretAsDoubles();
            DoubleVector e = q.add(tail.reinterpretAsDoubles()).fma(scale, scale);
            // −|x| ≤ 0, so one comparison finds the normal lanes (a NaN fails it).
            VectorMask<Double> normal = xc.compare(VectorOperators.GE, -NORMAL_RANGE);
            DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
            e.blend(one, xv.compare(VectorOperators.GE, 0.0)).div(e.add(one)).intoArray(out, outOff + i, normal);
            if (!normal.allTrue()) {
                expWideLanes(true, 0.0, x, xOff + i, out, outOff + i, LANES, normal.toLong());
            }
        }
        if (whole < n) {
            double[] tail = TAIL_SCRATCH.get();
            System.arraycopy(x, xOff + whole, tail, 0, n - whole);
            Arrays.fill(tail, n - whole, LANES, 0.0);
            sigmoidLoop(tail, 0, tail, 0, LANES);
            System.arraycopy(tail, 0, out, outOff + whole, n - whole);
        }
    }

    /**
     * The lanes of one vector that {@link #expLoop} cannot scale (bit i of {@code normal} clear), by the
     * scalar reference: {@code Math.exp} gets overflow to +∞, gradual underflow and NaN right. Rare (|x| >
     * 707), so its speed does not matter; it reads x before anything is written there, so it works in place.
     */
    private static void expWideLanes(boolean sigmoid, double shift, double[] x, int xAt, double[] out, int outAt, int lanes,
                                     long normal) {
        for (int lane = 0; lane < lanes; lane++) {
            if ((normal & (1L << lane)) == 0) {
                double xi = x[xAt + lane] - shift;
                out[outAt + lane] = sigmoid ? ScalarKernels.sigmoid(xi) : Math.exp(xi);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ σ, softmax

    /** σ as in {@link ScalarKernels#sigmoid(double)}, from e = e^(−|x|) so nothing overflows; see {@link #sigmoidLoop}. */
    @Override
    public void sigmoidRun(double[] x, int xOff, double[] out, int outOff, int n) {
        sigmoidLoop(x, xOff, out, outOff, n);
    }

    @Override
    public void sigmoidBackwardRun(double[] f, int fOff, double[] d, int dOff, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector fv = DoubleVector.fromArray(SPECIES, f, fOff + i);
            DoubleVector dv = DoubleVector.fromArray(SPECIES, d, dOff + i);
            // 1 − f, not −f + 1 (the same number): neg() compiles to an XOR with a 64-byte constant that
            // HotSpot keeps 32 bytes off a cache line, a split load every vector (this loop alone ×0.6–0.67).
            dv.mul(fv.mul(DoubleVector.broadcast(SPECIES, 1.0).sub(fv))).intoArray(d, dOff + i);
        }
        // Element-wise tails run scalar: the same operations in the same order, so bit-identical, and for
        // rows of a few elements cheaper than a masked vector.
        SCALAR.sigmoidBackwardRun(f, fOff + i, d, dOff + i, n - i);
    }

    /**
     * Rows narrower than two vectors (J = 4 or 10 classes) are mostly tail one row at a time. For compact
     * matrices, all rows are shifted by their max first, exponentiated in one vector run over the whole
     * matrix, then normalised; the max and sum per row depend on the width: rows packed LANES/cols to a
     * vector when cols divides LANES ({@link #softmaxPackedRows}, 4 classes: 1.2× → 7.8× the scalar
     * reference), two overlapping whole vectors from LANES up ({@link #softmaxOverlappingRows}), scalar
     * loops otherwise.
     */
    @Override
    public void softmaxRows(Matrix x, Matrix out) {
        int cols = x.cols();
        if (cols >= 2 * LANES || !x.isContiguous() || !out.isContiguous()) {
            Kernels.super.softmaxRows(x, out);
            return;
        }
        Matrix.requireSameShape("softmaxRows", x, out);
        if (cols > 0 && LANES % cols == 0 && x.rows() * cols >= LANES) {
            softmaxPackedRows(x.data(), x.offset(), out.data(), out.offset(), x.rows(), cols);
            return;
        }
        double[] xd = x.data();
        double[] od = out.data();
        int rows = x.rows();
        if (cols >= LANES) {
            softmaxOverlappingRows(xd, x.offset(), od, out.offset(), rows, cols);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int xi = x.offset() + i * cols;
            int oi = out.offset() + i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, xd[xi + c]);
            }
            for (int c = 0; c < cols; c++) {
                od[oi + c] = xd[xi + c] - max;
            }
        }
        expRun(od, out.offset(), od, out.offset(), rows * cols);
        for (int i = 0; i < rows; i++) {
            int oi = out.offset() + i * cols;
            double sum = 0.0;
            for (int c = 0; c < cols; c++) {
                sum += od[oi + c];
            }
            double inv = 1.0 / sum; // ≥ 1: the max entry contributes e^0
            for (int c = 0; c < cols; c++) {
                od[oi + c] *= inv;
            }
        }
    }

    /**
     * Softmax of compact rows of LANES ≤ cols < 2·LANES entries, each row read as two whole vectors that
     * overlap: its first LANES entries and its last LANES. Max is idempotent, so the overlap does not
     * matter to it; the sum takes from the second vector only the lanes past the first (a mask fixed per
     * call), and overlapping stores write equal values. No scalar tail and no masked memory access (a
     * scalar tail per row measured 3.3–4.1× the scalar reference at 10 classes, a masked tail slower).
     */
    private void softmaxOverlappingRows(double[] x, int xOff, double[] out, int outOff, int rows, int cols) {
        int lastStart = cols - LANES; // where the second vector starts, within the row
        for (int xi = xOff, oi = outOff, end = xOff + rows * cols; xi < end; xi += cols, oi += cols) {
            DoubleVector head = DoubleVector.fromArray(SPECIES, x, xi);
            DoubleVector last = DoubleVector.fromArray(SPECIES, x, xi + lastStart);
            DoubleVector max = segmentMaxima(larger(head, last), LANES);
            last.sub(max).intoArray(out, oi + lastStart);
            head.sub(max).intoArray(out, oi);
        }
        expRun(out, outOff, out, outOff, rows * cols);
        // Lanes of the second vector that the first does not cover: positions LANES.. of the row.
        VectorMask<Double> beyondHead = VectorMask.fromLong(SPECIES, -1L << (LANES - lastStart));
        for (int oi = outOff, end = outOff + rows * cols; oi < end; oi += cols) {
            DoubleVector head = DoubleVector.fromArray(SPECIES, out, oi);
            DoubleVector last = DoubleVector.fromArray(SPECIES, out, oi + lastStart);
            // Each row's sum is ≥ 1 (its max entry gives e^0).
            DoubleVector inv = DoubleVector.broadcast(SPECIES, 1.0)
                    .div(segmentSums(head.add(last, beyondHead), LANES));
            last.mul(inv).intoArray(out, oi + lastStart);
            head.mul(inv).intoArray(out, oi);
        }
    }

    /**
     * Softmax of rows of {@code cols} entries, cols dividing LANES, packed LANES/cols rows to a vector. A
     * row's max and sum reach all of its lanes in log₂(cols) butterfly steps (lane l meets lane l XOR d, d <
     * cols, which stays within the row): no mask, no lane leaves the register. The sum's order is a fixed
     * tree, (a₀ + a₁) + (a₂ + a₃), not the reference's left to right: the same in every lane (IEEE addition
     * commutes exactly) and on every run. Rows left over past the last whole vector go to softmaxRow.
     */
    private void softmaxPackedRows(double[] x, int xOff, double[] out, int outOff, int rows, int cols) {
        int n = rows * cols;
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xOff + i);
            v.sub(segmentMaxima(v, cols)).intoArray(out, outOff + i);
        }
        expRun(out, outOff, out, outOff, bound);
        for (int i = 0; i < bound; i += LANES) {
            DoubleVector e = DoubleVector.fromArray(SPECIES, out, outOff + i);
            // Each row's sum is ≥ 1 (its max entry gives e^0).
            e.div(segmentSums(e, cols)).intoArray(out, outOff + i);
        }
        for (int i = bound; i < n; i += cols) {
            softmaxRow(x, xOff + i, out, outOff + i, cols);
        }
    }

    @Override
    public void softmaxRow(double[] x, int xOff, double[] out, int outOff, int n) {
        if (n < LANES) {
            // A row shorter than one vector (J = 4 classes) would be all tail: scalar is faster there.
            SCALAR.softmaxRow(x, xOff, out, outOff, n);
            return;
        }
        int bound = SPECIES.loopBound(n);
        // Pass 1: the row max, so every exponent is ≤ 0 and nothing overflows.
        double max = Double.NEGATIVE_INFINITY;
        if (bound > 0) {
            // Two running maxima, each a chain of half the row: Java's max (NaN- and −0-exact, which the sum
            // below relies on: a NaN must make the max NaN) is a six-instruction chain per vector.
            DoubleVector maxA = DoubleVector.fromArray(SPECIES, x, xOff);
            DoubleVector maxB = maxA;
            int i = LANES;
            for (; i + LANES < bound; i += 2 * LANES) {
                maxA = maxA.max(DoubleVector.fromArray(SPECIES, x, xOff + i));
                maxB = maxB.max(DoubleVector.fromArray(SPECIES, x, xOff + i + LANES));
            }
            if (i < bound) {
                maxA = maxA.max(DoubleVector.fromArray(SPECIES, x, xOff + i));
            }
            max = maxA.max(maxB).reduceLanes(VectorOperators.MAX); // max is exact in any order
        }
        for (int i = bound; i < n; i++) {
            max = Math.max(max, x[xOff + i]);
        }
        // Pass 2: e^(x − max) into out and its sum, in one sweep (three before: 3.8× scalar at 1000 wide).
        double sum = expLoop(max, x, xOff, out, outOff, n);
        // Pass 3: normalise. sum ≥ 1 (the max entry gives e^0), so 1/sum is safe.
        double inv = 1.0 / sum;
        for (int i = 0; i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, out, outOff + i).mul(inv).intoArray(out, outOff + i);
        }
        for (int i = bound; i < n; i++) {
            out[outOff + i] *= inv;
        }
    }

    /**
     * Lanes run along the samples (columns), so J = 4 classes cost 4 vector rows, not 4-element scalar
     * rows. Per column the operations and their order are the scalar reference's: max down the rows,
     * x − max, exp (over the whole block in one {@link #expRun}), sum down the rows in row order, × 1/sum.
     * Each step is a sweep along the rows, in memory order, with the columns' running max, then their sums
     * and 1/sum, in one row of a per-thread buffer: going down each block of 8 columns instead crossed a row
     * (8 KB at 1024 samples) at every load, and at 1000 classes every block missed the cache. The max is a
     * compare and a blend, as in the head: the shift x − max is the same number, and a NaN still reaches
     * every entry of its column through e and the sum.
     */
    @Override
    public void softmaxColumns(double[] x, int xOff, double[] out, int outOff, int rows, int cols) {
        if (rows == 0) {
            return; // no entries; the sweeps below start from the first row's
        }
        int whole = SPECIES.loopBound(cols);
        double[] m = COLUMN_SCRATCH.get().get(cols);
        System.arraycopy(x, xOff, m, LEAD, cols);
        for (int r = 1; r < rows; r++) {
            int xr = xOff + r * cols;
            int c = 0;
            for (; c < whole; c += LANES) {
                larger(DoubleVector.fromArray(SPECIES, m, LEAD + c), DoubleVector.fromArray(SPECIES, x, xr + c))
                        .intoArray(m, LEAD + c);
            }
            for (; c < cols; c++) {
                m[LEAD + c] = x[xr + c] > m[LEAD + c] ? x[xr + c] : m[LEAD + c];
            }
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols, or = outOff + r * cols;
            int c = 0;
            for (; c < whole; c += LANES) {
                DoubleVector.fromArray(SPECIES, x, xr + c).sub(DoubleVector.fromArray(SPECIES, m, LEAD + c))
                        .intoArray(out, or + c);
            }
            for (; c < cols; c++) {
                out[or + c] = x[xr + c] - m[LEAD + c];
            }
        }
        expRun(out, outOff, out, outOff, rows * cols);
        // Σ e down each column in row order; the first row's e is the sum's first term, 0 + e exactly.
        System.arraycopy(out, outOff, m, LEAD, cols);
        for (int r = 1; r < rows; r++) {
            int or = outOff + r * cols;
            int c = 0;
            for (; c < whole; c += LANES) {
                DoubleVector.fromArray(SPECIES, m, LEAD + c).add(DoubleVector.fromArray(SPECIES, out, or + c))
                        .intoArray(m, LEAD + c);
            }
            for (; c < cols; c++) {
                m[LEAD + c] += out[or + c];
            }
        }
        // Each sum ≥ 1: its max entry gives e^0.
        int col = 0;
        for (; col < whole; col += LANES) {
            DoubleVector.broadcast(SPECIES, 1.0).div(DoubleVector.fromArray(SPECIES, m, LEAD + col))
                    .intoArray(m, LEAD + col);
        }
        for (; col < cols; col++) {
            m[LEAD + col] = 1.0 / m[LEAD + col];
        }
        for (int r = 0; r < rows; r++) {
            int or = outOff + r * cols;
            int c = 0;
            for (; c < whole; c += LANES) {
                DoubleVector.fromArray(SPECIES, out, or + c).mul(DoubleVector.fromArray(SPECIES, m, LEAD + c))
                        .intoArray(out, or + c);
            }
            for (; c < cols; c++) {
                out[or + c] *= m[LEAD + c];
            }
        }
    }

    /**
     * Five sweeps along the samples, each a plain loop of whole vectors plus one masked vector per row: the
     * column max into a per-thread buffer, two rows a sweep; x − max into the buffer's first rows (kept there
     * for log g); e = exp(x − max) into its next rows in one {@link #expRun}; per column the sum, its log and
     * 1/sum (the sample's own work, independent across columns); then per row g = e·(1/sum),
     * delta = scale·(g − y) and y·((x − max) − log sum). The buffer's rows are padded to whole vectors: lanes
     * past the last sample hold x − max = 0 − 0 (masked loads read 0), whose e = 1 is summed only into
     * padding lanes and never stored, so the exp run has no partial vector and nothing is copied in or out.
     *
     * <p>Measured against the earlier sweeps over blocks of LANES samples (every row of a block, then the next
     * block): the course data's head, rows of 100 samples in buffers of 104, 0.59 → 0.50 µs side by side; the
     * short loops over 4 rows inside each block cost more than the blocks' locality gave, and the max is a
     * compare and a blend (Java's max, NaN- and −0-exact, is six instructions on a dependent chain; the
     * shift x − max is the same number either way, and a NaN still reaches g through e and the sum).
     * A third fewer stores than when x − max was also copied into delta for the log and exponentiated in
     * place, and the max went row by row: the head alone ×0.87–0.96, the step ×0.96–0.97, side by side.
     * G comes out bit for bit as {@link #softmaxColumns}'s. The log is taken once per sample, of the sum, and
     * lane-wise (a scalar {@code Math.log} per sample cost more than the softmax): fdlibm's method, written
     * out in the loop, sum = 2^k·m with m ∈ [√2/2, √2) read from the bits, then log m from s = (m − 1)/(m + 1).
     * No mask comes from {@code indexInRange} (see {@link #expLoop}): the tail's is built from its bits.
     */
    @Override
    public double softmaxCrossEntropyColumns(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                                             double[] delta, int deltaOff, double scale, int rows, int cols, int ld) {
        // Four methods, not one: C1 gave up on a single one (out of registers), which then never reached C2.
        int width = Math.ceilDiv(cols, LANES) * LANES;
        double[] e = EXP_SCRATCH.get().get((2 * rows + 2) * width);
        shiftByColumnMax(x, xOff, e, rows, cols, ld, width);
        expRun(e, LEAD, e, LEAD + rows * width, rows * width);
        columnLogSums(e, rows, width);
        return normalizeColumns(e, y, yOff, g, gOff, delta, deltaOff, scale, rows, cols, ld, width);
    }

    /** Lanes [0, n) of a vector: the mask of a row's last, partial vector of n elements. */
    private static long firstLanes(int n) {
        return (1L << n) - 1;
    }

    /**
     * In the head's buffer (2·rows rows of {@code width} from LEAD, then two spare rows): the column max in
     * the first spare row, then each row's x − max into the buffer's row of the same index.
     */
    private static void shiftByColumnMax(double[] x, int xOff, double[] e, int rows, int cols, int ld, int width) {
        int whole = SPECIES.loopBound(cols);
        VectorMask<Double> tail = VectorMask.fromLong(SPECIES, firstLanes(cols - whole));
        int maxAt = LEAD + 2 * rows * width;
        // As vectors, not Arrays.fill: its call cost ~12 ns a head whatever the width (the course data's 104).
        for (int i = 0; i < width; i += LANES) {
            DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY).intoArray(e, maxAt + i);
        }
        // Two rows a sweep: half the stores of the running max. An odd last row is its own pair (the max of a
        // value with itself is that value). Each row's partial last vector is a statement of its own, not a
        // "masked or not" choice inside the loop: a vector merged from two branches may be boxed by C2 (see
        // expLoop).
        for (int r = 0; r < rows; r += 2) {
            int x0r = xOff + r * ld, x1r = xOff + Math.min(r + 1, rows - 1) * ld;
            for (int i = 0; i < whole; i += LANES) {
                DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, x0r + i);
                DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, x1r + i);
                DoubleVector max = DoubleVector.fromArray(SPECIES, e, maxAt + i);
                max = max.blend(x0, x0.compare(VectorOperators.GT, max));
                max.blend(x1, x1.compare(VectorOperators.GT, max)).intoArray(e, maxAt + i);
            }
            if (whole < cols) {
                DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, x0r + whole, tail);
                DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, x1r + whole, tail);
                DoubleVector max = DoubleVector.fromArray(SPECIES, e, maxAt + whole);
                max = max.blend(x0, x0.compare(VectorOperators.GT, max));
                max.blend(x1, x1.compare(VectorOperators.GT, max)).intoArray(e, maxAt + whole);
            }
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ld, er = LEAD + r * width;
            for (int i = 0; i < whole; i += LANES) {
                DoubleVector.fromArray(SPECIES, x, xr + i)
                        .sub(DoubleVector.fromArray(SPECIES, e, maxAt + i)).intoArray(e, er + i);
            }
            if (whole < cols) {
                DoubleVector.fromArray(SPECIES, x, xr + whole, tail)
                        .sub(DoubleVector.fromArray(SPECIES, e, maxAt + whole)).intoArray(e, er + whole);
            }
        }
    }

    /**
     * Given e = exp(x − max) in the head's buffer (rows {@code rows} to 2·rows − 1): per column, 1/Σe into
     * the first spare row (over the max) and log Σe into the second, with the vector log described at
     * {@link #softmaxCrossEntropyColumns}. Σe ≥ 1 (the max's own e^0), so nothing divides by 0 or takes the
     * log of 0.
     */
    private static void columnLogSums(double[] e, int rows, int width) {
        int eAt = LEAD + rows * width, invAt = eAt + rows * width, logAt = invAt + width;
        for (int i = 0; i < width; i += LANES) {
            DoubleVector sum = DoubleVector.fromArray(SPECIES, e, eAt + i);
            for (int r = 1; r < rows; r++) {
                sum = sum.add(DoubleVector.fromArray(SPECIES, e, eAt + r * width + i));
            }
            DoubleVector.broadcast(SPECIES, 1.0).div(sum).intoArray(e, invAt + i);
            LongVector bits = sum.reinterpretAsLongs();
            DoubleVector k = (DoubleVector) bits.lanewise(VectorOperators.LSHR, EXPONENT_SHIFT).sub(1023).convert(VectorOperators.L2D, 0);
            DoubleVector m = bits.and(MANTISSA_BITS).or(EXPONENT_ONE).reinterpretAsDoubles();
            VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
            m = m.blend(m.mul(0.5), high);
            k = k.blend(k.add(1.0), high);
            DoubleVector f = m.sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.fma(DoubleVector.broadcast(SPECIES, LG6), DoubleVector.broadcast(SPECIES, LG4))
                    .fma(w, DoubleVector.broadcast(SPECIES, LG2)).mul(w);
            DoubleVector t2 = w.fma(DoubleVector.broadcast(SPECIES, LG7), DoubleVector.broadcast(SPECIES, LG5))
                    .fma(w, DoubleVector.broadcast(SPECIES, LG3)).fma(w, DoubleVector.broadcast(SPECIES, LG1)).mul(z);
            DoubleVector halfF2 = f.mul(f).mul(0.5);
            DoubleVector tail = s.mul(halfF2.add(t1.add(t2))).add(k.mul(LN2_LO));
            // + (sum − sum): 0, or NaN for a NaN sum, whose bits above read as a finite number.
            k.mul(LN2_HI).sub(halfF2.sub(tail).sub(f)).add(sum.sub(sum)).intoArray(e, logAt + i);
        }
    }

    /**
     * Per row, from the head's buffer: g = e·(1/sum), delta = scale·(g − y), and the return value
     * Σ y·((x − max) − log Σe) over y ≠ 0 (a y of 0 meets log g = −∞ for an e that underflowed).
     */
    private static double normalizeColumns(double[] e, double[] y, int yOff, double[] g, int gOff, double[] delta,
                                           int deltaOff, double scale, int rows, int cols, int ld, int width) {
        int whole = SPECIES.loopBound(cols);
        VectorMask<Double> tail = VectorMask.fromLong(SPECIES, firstLanes(cols - whole));
        int eAt = LEAD + rows * width, invAt = eAt + rows * width, logAt = invAt + width;
        DoubleVector logLikelihood = DoubleVector.zero(SPECIES);
        for (int r = 0; r < rows; r++) {
            int at = r * ld, sr = LEAD + r * width, er = eAt + r * width;
            for (int i = 0; i < whole; i += LANES) {
                DoubleVector gi = DoubleVector.fromArray(SPECIES, e, er + i).mul(DoubleVector.fromArray(SPECIES, e, invAt + i));
                DoubleVector yi = DoubleVector.fromArray(SPECIES, y, yOff + at + i);
                DoubleVector logG = DoubleVector.fromArray(SPECIES, e, sr + i)
                        .sub(DoubleVector.fromArray(SPECIES, e, logAt + i));
                gi.intoArray(g, gOff + at + i);
                gi.sub(yi).mul(scale).intoArray(delta, deltaOff + at + i);
                logLikelihood = logLikelihood.add(yi.mul(logG), yi.compare(VectorOperators.NE, 0.0));
            }
            if (whole < cols) {
                DoubleVector gi = DoubleVector.fromArray(SPECIES, e, er + whole).mul(DoubleVector.fromArray(SPECIES, e, invAt + whole));
                DoubleVector yi = DoubleVector.fromArray(SPECIES, y, yOff + at + whole, tail);
                DoubleVector logG = DoubleVector.fromArray(SPECIES, e, sr + whole)
                        .sub(DoubleVector.fromArray(SPECIES, e, logAt + whole));
                gi.intoArray(g, gOff + at + whole, tail);
                gi.sub(yi).mul(scale).intoArray(delta, deltaOff + at + whole, tail);
                logLikelihood = logLikelihood.add(yi.mul(logG), yi.compare(VectorOperators.NE, 0.0));
            }
        }
        // Lane by lane in treeSum's fixed order, written out: sumLanes was not inlined here
        // (NodeCountInliningCutoff) and boxed, reduceLanes(ADD) may add in another order once compiled, which
        // would change E's bits mid-run, and through a per-thread buffer the ThreadLocal's lookup cost ~8 ns.
        if (LANES != 8) {
            double[] lanes = LANE_SCRATCH.get();
            logLikelihood.intoArray(lanes, 0);
            return treeSum(lanes, 0);
        }
        return ((logLikelihood.lane(0) + logLikelihood.lane(1)) + (logLikelihood.lane(2) + logLikelihood.lane(3)))
                + ((logLikelihood.lane(4) + logLikelihood.lane(5)) + (logLikelihood.lane(6) + logLikelihood.lane(7)));
    }

    // fdlibm's log (e_log.c): for 1 + f = m ∈ [√2/2, √2) and s = f/(2+f), log m = f − (f²/2 − s(f²/2 + R)),
    // R = Lg1·s² + … + Lg7·s¹⁴ (a minimax fit, error < 2^−58.45); with k·ln2 split in two, within 1 ulp.
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;
    private static final double SQRT2 = 1.4142135623730951;
    private static final long MANTISSA_BITS = 0x000F_FFFF_FFFF_FFFFL;
    private static final long EXPONENT_ONE = 0x3FF0_0000_0000_0000L;

    // ------------------------------------------------------------------------------------------ losses, updates

    @Override
    public double squaredErrorSum(double[] g, int gOff, double[] y, int yOff, int n) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector d = DoubleVector.fromArray(SPECIES, g, gOff + i).sub(DoubleVector.fromArray(SPECIES, y, yOff + i));
            acc = d.fma(d, acc);
        }
        if (i < n) {
            VectorMask<Double> mask = SPECIES.indexInRange(i, n);
            DoubleVector d = DoubleVector.fromArray(SPECIES, g, gOff + i, mask)
                    .sub(DoubleVector.fromArray(SPECIES, y, yOff + i, mask));
            acc = d.fma(d, acc);
        }
        return sumLanes(acc);
    }

    /**
     * Delegates to the scalar loop: cross-entropy is O(I·J) once per step, and the JDK's vector LOG is an
     * SVML call whose speed was not worth a second implementation to keep in agreement.
     */
    @Override
    public double logLikelihoodSum(double[] g, int gOff, double[] y, int yOff, int n) {
        return SCALAR.logLikelihoodSum(g, gOff, y, yOff, n);
    }

    @Override
    public void scaledDifferenceRun(double scale, double[] g, int gOff, double[] y, int yOff,
                                    double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, g, gOff + i).sub(DoubleVector.fromArray(SPECIES, y, yOff + i))
                    .mul(scale).intoArray(out, outOff + i);
        }
        SCALAR.scaledDifferenceRun(scale, g, gOff + i, y, yOff + i, out, outOff + i, n - i);
    }

    @Override
    public void axpbyRun(double alpha, double[] x, int xOff, double beta, double[] y, int yOff, int n) {
        DoubleVector alphaV = DoubleVector.broadcast(SPECIES, alpha);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector yv = DoubleVector.fromArray(SPECIES, y, yOff + i).mul(beta);
            DoubleVector.fromArray(SPECIES, x, xOff + i).fma(alphaV, yv).intoArray(y, yOff + i);
        }
        SCALAR.axpbyRun(alpha, x, xOff + i, beta, y, yOff + i, n - i);
    }

    @Override
    public void adamRun(double[] p, double[] g, double[] m, double[] v, int off, int n,
                        double lr, double beta1, double beta2, double c1, double c2, double eps) {
        int i = off;
        int end = off + n;
        for (int bound = off + SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector gv = DoubleVector.fromArray(SPECIES, g, i);
            DoubleVector mv = DoubleVector.fromArray(SPECIES, m, i)
                    .fma(DoubleVector.broadcast(SPECIES, beta1), gv.mul(1 - beta1));
            DoubleVector vv = DoubleVector.fromArray(SPECIES, v, i)
                    .fma(DoubleVector.broadcast(SPECIES, beta2), gv.mul(1 - beta2).mul(gv));
            DoubleVector step = mv.div(c1).mul(lr).div(vv.div(c2).sqrt().add(eps));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            DoubleVector.fromArray(SPECIES, p, i).sub(step).intoArray(p, i);
        }
        SCALAR.adamRun(p, g, m, v, i, end - i, lr, beta1, beta2, c1, c2, eps);
    }
}
