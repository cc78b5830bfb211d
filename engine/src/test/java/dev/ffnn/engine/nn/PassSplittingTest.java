package dev.ffnn.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.ParallelKernels;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Network#passTooSmallToSplit} is what the CLI's "on 1 thread of 2" rests on: held here to where the
 * kernels' work actually runs, seen by serial kernels that note the thread of every call.
 */
class PassSplittingTest {
    @Test
    void aPassTooSmallToSplitRunsOnTheCallerAloneAndALargerOneDoesNot() {
        ThreadNoting noting = new ThreadNoting(KernelProvider.scalar());
        SplittableRandom rnd = new SplittableRandom(2);
        try (ParallelKernels two = new ParallelKernels(noting, 2)) {
            // The course data's shape: every product and run under the cutting sizes.
            NetworkTest.Case seed = NetworkTest.Case.of(new int[] {100, 2, 10, 4}, two, rnd);
            assertTrue(seed.net().passTooSmallToSplit(100), seed.what());
            forwardBackward(seed, 20);
            assertEquals(Set.of(Thread.currentThread()), noting.threads, seed.what() + " ran on");

            // One slice (under Pass.CHUNKED_MIN_SAMPLES), but products worth cutting.
            NetworkTest.Case digits = NetworkTest.Case.of(new int[] {300, 64, 128, 10}, two, rnd);
            assertFalse(digits.net().passTooSmallToSplit(300), digits.what());
            noting.threads.clear();
            forwardBackward(digits, 20);
            assertTrue(noting.threads.size() > 1, digits.what() + " ran on the caller alone");

            // Chunks of samples, however small the network.
            assertFalse(seed.net().passTooSmallToSplit(Pass.CHUNKED_MIN_SAMPLES), "a pass in chunks");
        }
    }

    private static void forwardBackward(NetworkTest.Case c, int times) {
        for (int t = 0; t < times; t++) {
            c.net().forwardBackward(c.pass());
        }
    }

    /** Serial kernels that note which threads called them, then do what the given ones do. */
    private static final class ThreadNoting implements Kernels {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final Kernels k;

        ThreadNoting(Kernels k) {
            this.k = k;
        }

        private Kernels noted() {
            threads.add(Thread.currentThread());
            return k;
        }

        @Override
        public String name() {
            return k.name();
        }

        @Override
        public void gemm(int m, int n, int kk, double[] a, int aOff, int aRowStep, int aKStep,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
            noted().gemm(m, n, kk, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
        }

        @Override
        public void gemmTransB(int m, int n, int kk, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
            noted().gemmTransB(m, n, kk, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }

        @Override
        public void expRun(double[] x, int xOff, double[] out, int outOff, int n) {
            noted().expRun(x, xOff, out, outOff, n);
        }

        @Override
        public void sigmoidRun(double[] x, int xOff, double[] out, int outOff, int n) {
            noted().sigmoidRun(x, xOff, out, outOff, n);
        }

        @Override
        public void sigmoidBackwardRun(double[] f, int fOff, double[] d, int dOff, int n) {
            noted().sigmoidBackwardRun(f, fOff, d, dOff, n);
        }

        @Override
        public void softmaxRow(double[] x, int xOff, double[] out, int outOff, int n) {
            noted().softmaxRow(x, xOff, out, outOff, n);
        }

        @Override
        public void softmaxColumns(double[] x, int xOff, double[] out, int outOff, int rows, int cols) {
            noted().softmaxColumns(x, xOff, out, outOff, rows, cols);
        }

        @Override
        public double softmaxCrossEntropyColumns(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                                                 double[] delta, int deltaOff, double scale, int rows, int cols, int ld) {
            return noted().softmaxCrossEntropyColumns(x, xOff, y, yOff, g, gOff, delta, deltaOff, scale, rows, cols, ld);
        }

        @Override
        public double squaredErrorSum(double[] g, int gOff, double[] y, int yOff, int n) {
            return noted().squaredErrorSum(g, gOff, y, yOff, n);
        }

        @Override
        public double logLikelihoodSum(double[] g, int gOff, double[] y, int yOff, int n) {
            return noted().logLikelihoodSum(g, gOff, y, yOff, n);
        }

        @Override
        public void scaledDifferenceRun(double scale, double[] g, int gOff, double[] y, int yOff,
                                        double[] out, int outOff, int n) {
            noted().scaledDifferenceRun(scale, g, gOff, y, yOff, out, outOff, n);
        }

        @Override
        public void axpbyRun(double alpha, double[] x, int xOff, double beta, double[] y, int yOff, int n) {
            noted().axpbyRun(alpha, x, xOff, beta, y, yOff, n);
        }

        @Override
        public void adamRun(double[] p, double[] g, double[] m, double[] v, int off, int n,
                            double lr, double beta1, double beta2, double c1, double c2, double eps) {
            noted().adamRun(p, g, m, v, off, n, lr, beta1, beta2, c1, c2, eps);
        }
    }
}
