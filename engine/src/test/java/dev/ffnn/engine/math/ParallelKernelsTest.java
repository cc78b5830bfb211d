package dev.ffnn.engine.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Optimizer;
import dev.ffnn.engine.nn.Trainer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Split across threads, every kernel must give the serial kernel's bits exactly: products split by rows and
 * by columns, on both sides of the size threshold and of the packed-GEMM threshold, element-wise runs, the
 * classification head, and a whole training run.
 */
class ParallelKernelsTest {
    private static final Random RND = new Random(11);

    private static Matrix random(int rows, int cols) {
        return KernelAgreementTest.random(RND, rows, cols);
    }

    /** m×n×k: tall and wide, odd edges, just below and above the split threshold, and the packed path. */
    private static final int[][] PRODUCTS = {
        {7, 9, 5}, {128, 1797, 65}, {10, 1797, 129}, {129, 10, 1797}, {65, 128, 1797}, {128, 1797, 10},
        {101, 103, 99}, {103, 101, 100}, {257, 259, 64}, {300, 50, 400}, {33, 700, 70}, {1024, 8, 130},
        // Packed whole, unpacked in halves (one and several KC blocks): the two paths must agree bit for bit.
        {260, 130, 64}, {40, 100, 600},
        // A narrow C: over a long k (dot products), and over a k shorter than a vector (as Cᵀ = B·Aᵀ).
        {129, 10, 900}, {30000, 10, 4},
        // Inner dimensions of 3 and 4 over whole vectors of columns: the 5-row strips, cut across threads.
        {250, 4104, 4}, {103, 2048, 3},
    };

    /**
     * Every thread count gives one thread's bits. One thread gives the serial kernel's bits too, except where
     * an A·Bᵀ over a long inner dimension is cut into fixed sample chunks: there it is another summation
     * order, so close to the serial product, not equal.
     */
    @Test
    void productsAreBitIdenticalOnEveryThreadCount() {
        for (Kernels serial : new Kernels[] {KernelProvider.scalar(), KernelProvider.vector()}) {
            try (ParallelKernels one = new ParallelKernels(serial, 1)) {
                for (int threads = 2; threads <= 4; threads++) {
                    try (ParallelKernels par = new ParallelKernels(serial, threads)) {
                        for (int[] s : PRODUCTS) {
                            int m = s[0], n = s[1], k = s[2];
                            String what = serial.name() + " " + threads + " threads " + m + "x" + n + "x" + k;
                            Matrix a = random(m, k), at = random(k, m), b = random(k, n), bt = random(n, k);
                            Matrix want = new Matrix(m, n), got = new Matrix(m, n), plain = new Matrix(m, n);
                            one.matmul(a, b, want);
                            par.matmul(a, b, got);
                            serial.matmul(a, b, plain);
                            assertArrayEquals(want.toArray(), got.toArray(), "A·B " + what);
                            assertArrayEquals(plain.toArray(), got.toArray(), "A·B serial " + what);
                            // The hidden delta and σ' in one call (σ' per block of C while in cache): the same
                            // bits as the product, then σ', with F a strided view.
                            Matrix fAt = new Matrix(m + 1, n + 3), f = fAt.view(1, 2, m, n);
                            serial.sigmoid(random(m, n), f);
                            serial.sigmoidBackward(f, plain);
                            par.matmulSigmoidBackward(a, b, got, f);
                            assertArrayEquals(plain.toArray(), got.toArray(), "(A·B) ∘ F(1 − F) " + what);
                            one.matmulTransA(at, b, want);
                            par.matmulTransA(at, b, got);
                            serial.matmulTransA(at, b, plain);
                            assertArrayEquals(want.toArray(), got.toArray(), "Aᵀ·B " + what);
                            assertArrayEquals(plain.toArray(), got.toArray(), "Aᵀ·B serial " + what);
                            // X̂ = Aᵀ·B and F = σ(X̂) in one call (σ per block of C, in the packed path): the
                            // product's bits and σ's, with F a strided view that must not be written around.
                            Matrix fWant = new Matrix(m, n), fAround = new Matrix(m + 1, n + 3), fGot = fAround.view(1, 2, m, n);
                            serial.sigmoid(plain, fWant);
                            par.matmulTransASigmoid(at, b, got, fGot);
                            assertArrayEquals(plain.toArray(), got.toArray(), "Aᵀ·B then σ, the product, " + what);
                            assertArrayEquals(fWant.toArray(), fGot.toArray(), "Aᵀ·B then σ, F, " + what);
                            Matrix zeros = new Matrix(m + 1, n + 3);
                            zeros.view(1, 2, m, n).copyFrom(fGot);
                            assertArrayEquals(zeros.toArray(), fAround.toArray(), "F's surroundings " + what);
                            one.matmulTransB(a, bt, want);
                            par.matmulTransB(a, bt, got);
                            serial.matmulTransB(a, bt, plain);
                            assertArrayEquals(want.toArray(), got.toArray(), "A·Bᵀ " + what);
                            if (k < ParallelKernels.CHUNKED_MIN_K) {
                                assertArrayEquals(plain.toArray(), got.toArray(), "A·Bᵀ serial " + what);
                            } else {
                                // The classic bound for a sum of k products reordered: k·ε·Σ|aᵢbᵢ|, Σ|aᵢbᵢ| ≲ 9k here
                                // (N(0, 9) entries). A wrong or missing chunk is off by hundreds.
                                assertEquals(0.0, Matrix.maxAbsDiff(plain, got), 9.0 * k * k * 0x1p-52, "A·Bᵀ chunked " + what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void runsAreBitIdenticalToSerial() {
        Kernels serial = KernelProvider.vector();
        try (ParallelKernels par = new ParallelKernels(serial, 2)) {
            for (int n : new int[] {1, 1000, ParallelKernels.RUN_MIN_LENGTH - 1, ParallelKernels.RUN_MIN_LENGTH + 3, 230_016}) {
                Matrix x = random(1, n), want = new Matrix(1, n), got = new Matrix(1, n);
                serial.sigmoid(x, want);
                par.sigmoid(x, got);
                assertArrayEquals(want.toArray(), got.toArray(), "σ n=" + n);
                serial.exp(x, want);
                par.exp(x, got);
                assertArrayEquals(want.toArray(), got.toArray(), "exp n=" + n);
                Matrix dWant = random(1, n), dGot = dWant.copy();
                serial.sigmoidBackward(want, dWant);
                par.sigmoidBackward(want, dGot);
                assertArrayEquals(dWant.toArray(), dGot.toArray(), "σ' n=" + n);
            }
        }
    }

    /**
     * The classification head (kept on the caller, but through the same interface): G, ∂E/∂F̂ and the loss
     * are the serial kernel's bits on 1, 2 or 3 threads.
     */
    @Test
    void classificationHeadIsBitIdenticalOnAnyThreadCount() {
        Kernels serial = KernelProvider.vector();
        for (int[] shape : new int[][] {{10, 1797}, {4, 100}, {3, 1400}, {40, 33}}) {
            int rows = shape[0], cols = shape[1];
            Matrix x = random(rows, cols), y = new Matrix(rows, cols);
            for (int c = 0; c < cols; c++) {
                y.set(RND.nextInt(rows), c, 1.0);
            }
            Matrix gWant = new Matrix(rows, cols), dWant = new Matrix(rows, cols);
            double eWant = serial.softmaxCrossEntropyColumns(x, y, gWant, dWant, 1.0 / cols);
            Double eFirst = null;
            for (int threads = 1; threads <= 3; threads++) {
                try (ParallelKernels par = new ParallelKernels(serial, threads)) {
                    Matrix g = new Matrix(rows, cols), d = new Matrix(rows, cols);
                    double e = par.softmaxCrossEntropyColumns(x, y, g, d, 1.0 / cols);
                    String what = rows + "x" + cols + " on " + threads + " threads";
                    assertArrayEquals(gWant.toArray(), g.toArray(), "G " + what);
                    assertArrayEquals(dWant.toArray(), d.toArray(), "∂E/∂F̂ " + what);
                    assertEquals(eWant, e, 1e-13 * eWant, "E " + what);
                    if (eFirst == null) {
                        eFirst = e;
                    }
                    assertEquals(eFirst, e, 0.0, "E bits " + what);
                }
            }
        }
    }

    /** forEachChunk runs every chunk once, each on one thread, and on no more threads than there are. */
    @Test
    void everyChunkRunsOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            try (ParallelKernels par = new ParallelKernels(KernelProvider.vector(), threads)) {
                for (int chunks = 1; chunks <= 11; chunks++) {
                    for (int call = 0; call < 3; call++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
                        String[] thread = new String[chunks];
                        par.forEachChunk(chunks, c -> {
                            runs.incrementAndGet(c);
                            thread[c] = Thread.currentThread().getName();
                        });
                        Set<String> used = new HashSet<>();
                        for (int c = 0; c < chunks; c++) {
                            assertEquals(1, runs.get(c), threads + " threads, chunk " + c + " of " + chunks + ", call " + call);
                            used.add(thread[c]);
                        }
                        assertTrue(used.size() <= Math.min(threads, chunks), threads + " threads, " + chunks + " chunks: " + used);
                    }
                }
            }
        }
    }

    /**
     * A thread done with its own run of chunks takes the others' from their backs: with the caller's run
     * (chunks 0–4 of 10 on 2 threads) slow, the helper runs chunk 4; with the helper's (5–9) slow, the caller
     * runs chunk 9. Each chunk still runs once, and the slow run's owner still runs its first chunks.
     */
    @Test
    void aThreadDoneWithItsOwnChunksTakesTheLastOfAnothers() {
        String caller = Thread.currentThread().getName();
        try (ParallelKernels par = new ParallelKernels(KernelProvider.vector(), 2)) {
            for (boolean callerSlow : new boolean[] {true, false}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(10);
                String[] thread = new String[10];
                par.forEachChunk(10, c -> {
                    runs.incrementAndGet(c);
                    thread[c] = Thread.currentThread().getName();
                    if ((c < 5) == callerSlow) {
                        sleep(50); // the other thread has ~200 ms to reach this run's back first
                    }
                });
                String what = (callerSlow ? "caller" : "helper") + " slow: " + List.of(thread);
                for (int c = 0; c < 10; c++) {
                    assertEquals(1, runs.get(c), what + ", chunk " + c);
                }
                if (callerSlow) {
                    assertEquals(caller, thread[0], what);
                    assertTrue(!thread[4].equals(caller), what);
                } else {
                    assertEquals(caller, thread[9], what);
                    assertTrue(!thread[5].equals(caller) || !thread[6].equals(caller), what);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Large enough that every product of the step is split: the weights after training are the same bits. */
    @Test
    void trainingOnOneOrTwoThreadsGivesTheSameWeights() {
        Matrix x = random(1100, 30);
        Matrix y = new Matrix(1100, 10);
        for (int i = 0; i < y.rows(); i++) {
            y.set(i, RND.nextInt(10), 1.0);
        }
        try (ParallelKernels onePar = new ParallelKernels(KernelProvider.vector(), 1);
             ParallelKernels par = new ParallelKernels(KernelProvider.vector(), 2)) {
            Network one = train(onePar, x, y);
            Network two = train(par, x, y);
            assertArrayEquals(one.v().toArray(), two.v().toArray(), "V");
            assertArrayEquals(one.w().toArray(), two.w().toArray(), "W");
        }
    }

    private static Network train(Kernels kernels, Matrix x, Matrix y) {
        Network net = new Network(30, 64, 10, Head.CLASSIFICATION, kernels).initialize(5);
        new Trainer(net, Optimizer.create(Optimizer.Kind.ADAM, net, 0.01), new Trainer.Config(20, 0, 1), List.of())
                .train(x, y);
        return net;
    }

    /** Calls under both cutting thresholds skip the dispatch; at either threshold they keep it. */
    @Test
    void smallCallsGoStraightToTheSerialKernels() {
        Kernels serial = KernelProvider.vector();
        ParallelKernels par = new ParallelKernels(serial, 2);
        try {
            long volume = ParallelKernels.GEMM_MIN_VOLUME;
            long run = ParallelKernels.RUN_MIN_LENGTH;
            assertSame(serial, par.forCalls(volume - 1, run - 1), "under both thresholds");
            assertSame(par, par.forCalls(volume, run - 1), "a product large enough to cut");
            assertSame(par, par.forCalls(volume - 1, run), "a run long enough to cut");
            assertSame(serial, serial.forCalls(volume, run), "serial kernels are their own");
        } finally {
            par.close();
        }
    }

    @Test
    void afterCloseCallsRunOnTheCaller() {
        ParallelKernels par = new ParallelKernels(KernelProvider.vector(), 2);
        par.close();
        Matrix a = random(300, 300), b = random(300, 300), want = new Matrix(300, 300), got = new Matrix(300, 300);
        KernelProvider.vector().matmul(a, b, want);
        par.matmul(a, b, got);
        assertArrayEquals(want.toArray(), got.toArray());
        assertEquals(2, par.threads());
        assertTrue(par.description().contains("2 threads"), par.description());
        assertThrows(IllegalArgumentException.class, () -> new ParallelKernels(KernelProvider.scalar(), 0));
    }
}
