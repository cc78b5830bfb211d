package dev.ffnn.engine.math;

import java.util.concurrent.locks.LockSupport;

/**
 * Another {@link Kernels} run on several threads: the calling thread and {@code threads − 1} helper
 * threads each take one block of a large product (rows or columns of C), one chunk of the samples of a
 * product that sums over them, or one stretch of a long element-wise run; small calls stay on the caller,
 * whole. Every output element is computed by the same code in the same order whatever the thread count
 * (the GEMM kernels' per-element sums do not depend on the block they fall in, and sample chunks are fixed),
 * so results are bit for bit the same on 1 thread or 4.
 *
 * <p>Handing over costs no allocation: each helper owns one reusable {@link Task}, the caller fills it,
 * publishes it through a volatile sequence number and runs its own block; the helper spins briefly between
 * tasks (kernels of one training step follow each other within microseconds) and parks when idle. Helpers
 * are daemon threads; {@link #close()} stops them. One thread calls an instance at a time (the training
 * loop's); the helpers are its own.
 */
public final class ParallelKernels implements Kernels, AutoCloseable {
    /** Below this many multiply-adds a product stays on one thread: a hand-over costs a few µs. */
    static final long GEMM_MIN_VOLUME = 1L << 20;
    /** Below this many elements an element-wise run stays on one thread. */
    static final int RUN_MIN_LENGTH = 1 << 15;
    /** Blocks of rows start at multiples of the micro-kernels' 4 rows; runs split at multiples of 8 lanes. */
    private static final int ROW_ALIGN = 4;
    private static final int RUN_ALIGN = 8;
    /**
     * Column blocks of C are multiples of 32 and at least one: never narrower than the vector kernels' register
     * strip (3 vectors, 24 columns at most), below which an A·Bᵀ takes its dot-product path (other bits).
     */
    private static final int COLUMN_ALIGN = 32;
    /** Sample chunks of a long-inner-dimension A·Bᵀ: 4 splits evenly over 1, 2 or 4 threads. */
    static final int CHUNKS = 4;
    /** From this inner dimension on (and 4× the output's sides), A·Bᵀ is cut along it. */
    static final int CHUNKED_MIN_K = 1024;
    /** From this many logits on (J·I), the classification head is cut into sample chunks. */
    static final int HEAD_MIN_ENTRIES = 1 << 12;
    /** How long an idle helper spins before it parks: a step's kernels follow each other within this. */
    private static final long SPIN_NANOS = 50_000;

    private final Kernels serial;
    private final Helper[] helpers;
    private volatile boolean closed;
    /** The chunks' partial products of a chunked A·Bᵀ, chunk after chunk, each m×n; grows once per shape. */
    private double[] partials = new double[0];
    /** The log-likelihood of each sample chunk of a cut classification head. */
    private final double[] headSums = new double[CHUNKS];

    /** {@code serial} on {@code threads} threads (the caller plus threads − 1 helpers); 1 means no helpers. */
    public ParallelKernels(Kernels serial, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (serial instanceof ParallelKernels) {
            throw new IllegalArgumentException("kernels are already parallel");
        }
        this.serial = serial;
        this.helpers = new Helper[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(serial, i + 1);
            helpers[i].start();
        }
    }

    /** The number of threads a call may use, the caller's included. */
    public int threads() {
        return helpers.length + 1;
    }

    @Override
    public String name() {
        return serial.name();
    }

    @Override
    public String description() {
        return serial.description() + ", " + threads() + " thread" + (threads() == 1 ? "" : "s");
    }

    // ------------------------------------------------------------------------------------------ split products

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        product(Task.GEMM, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
    }

    @Override
    public void gemmTransB(int m, int n, int k, double[] a, int aOff, int lda,
                           double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (k >= CHUNKED_MIN_K && k >= 4L * Math.max(m, n) && (long) m * n * k >= GEMM_MIN_VOLUME) {
            gemmTransBChunked(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        product(Task.GEMM_TRANS_B, m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
    }

    /** A·B or A·Bᵀ (op), cut into blocks of C's rows or, when C is wider than tall, of its columns. */
    private void product(int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        int parts = productParts(m, n, k);
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int align = byRows ? ROW_ALIGN : COLUMN_ALIGN;
        // A column block of C is a block of B's columns for A·B, of B's rows for A·Bᵀ.
        int bColStep = op == Task.GEMM ? 1 : ldb;
        for (int t = 1; t < parts; t++) {
            int from = bound(t, parts, extent, align);
            int rows = byRows ? bound(t + 1, parts, extent, align) - from : m;
            int cols = byRows ? n : bound(t + 1, parts, extent, align) - from;
            helpers[t - 1].task.product(op, rows, cols, k, a, aOff + (byRows ? from * aRowStep : 0), aRowStep, aKStep,
                    b, bOff + (byRows ? 0 : from * bColStep), ldb, c, cOff + (byRows ? from * ldc : from), ldc);
            helpers[t - 1].post();
        }
        int first = bound(1, parts, extent, align);
        try {
            Task.product(serial, op, byRows ? first : m, byRows ? n : first, k, a, aOff, aRowStep, aKStep,
                    b, bOff, ldb, c, cOff, ldc);
        } finally {
            awaitHelpers(parts);
        }
    }

    /**
     * A·Bᵀ whose inner dimension is the long one: the sample-major gradients dW = F̃ᵀ·(∂E/∂F̂)ᵀᵀ and
     * dV = X̃ᵀ·(∂E/∂X̂)ᵀᵀ sum over the samples. Cutting C's rows or columns would make every thread read
     * every sample, half of them last written by the other core (measured: 1.25× on 2 cores); instead the
     * samples are cut into {@link #CHUNKS} fixed chunks, matching the column blocks of the forward pass,
     * each chunk's product goes into its own partial, and the partials are added in chunk order. The chunks
     * do not depend on the thread count, so neither do the bits; they differ from an uncut product's in the
     * last places (another summation order), which is why every thread count, 1 included, cuts.
     */
    private void gemmTransBChunked(int m, int n, int k, double[] a, int aOff, int lda,
                                   double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        int size = m * n;
        if (partials.length < CHUNKS * size) {
            partials = new double[CHUNKS * size]; // once per shape
        }
        int parts = parts(true, CHUNKS);
        for (int t = 1; t < parts; t++) {
            helpers[t - 1].task.gemmTransBChunks(m, n, k, a, aOff, lda, b, bOff, ldb, partials,
                    CHUNKS * t / parts, CHUNKS * (t + 1) / parts);
            helpers[t - 1].post();
        }
        try {
            Task.chunks(serial, m, n, k, a, aOff, lda, b, bOff, ldb, partials, 0, CHUNKS / parts);
        } finally {
            awaitHelpers(parts);
        }
        for (int i = 0; i < m; i++) {
            System.arraycopy(partials, i * n, c, cOff + i * ldc, n);
            for (int chunk = 1; chunk < CHUNKS; chunk++) {
                serial.axpbyRun(1.0, partials, chunk * size + i * n, 1.0, c, cOff + i * ldc, n);
            }
        }
    }

    /** Start of sample chunk {@code chunk} of k samples: multiples of 8, as the forward pass's column blocks are. */
    static int chunkStart(int chunk, int k) {
        return chunk >= CHUNKS ? k : (int) ((long) k * chunk / CHUNKS) / RUN_ALIGN * RUN_ALIGN;
    }

    // ------------------------------------------------------------------------------------------ split runs

    @Override
    public void expRun(double[] x, int xOff, double[] out, int outOff, int n) {
        splitRun(Task.EXP, x, xOff, out, outOff, n);
    }

    @Override
    public void sigmoidRun(double[] x, int xOff, double[] out, int outOff, int n) {
        splitRun(Task.SIGMOID, x, xOff, out, outOff, n);
    }

    @Override
    public void sigmoidBackwardRun(double[] f, int fOff, double[] d, int dOff, int n) {
        splitRun(Task.SIGMOID_BACKWARD, f, fOff, d, dOff, n);
    }

    /**
     * A long run is cut into contiguous stretches, one per thread. σ and σ' over a compact sample-major
     * matrix come here as one run (see {@link Kernels#sigmoid(Matrix, Matrix)}): measured on 2 cores, σ over
     * 128×1797 took 72 µs cut this way and 195 µs cut by sample columns (as long as one thread alone), whose
     * 128 short stretches per thread each restart the prefetchers and share a cache line at every cut.
     */
    private void splitRun(int op, double[] x, int xOff, double[] out, int outOff, int n) {
        int parts = parts(n >= RUN_MIN_LENGTH, n / RUN_ALIGN);
        for (int t = 1; t < parts; t++) {
            int from = bound(t, parts, n, RUN_ALIGN);
            helpers[t - 1].task.run(op, x, xOff + from, out, outOff + from, bound(t + 1, parts, n, RUN_ALIGN) - from);
            helpers[t - 1].post();
        }
        try {
            Task.run(serial, op, x, xOff, out, outOff, bound(1, parts, n, RUN_ALIGN));
        } finally {
            awaitHelpers(parts);
        }
    }

    /**
     * The classification head (softmax, cross-entropy, G − Y) works sample by sample, so it is cut into the
     * {@link #CHUNKS} fixed sample chunks of the gradients; each chunk's log-likelihood goes into its own slot
     * and the slots are added in chunk order. Like the chunked A·Bᵀ, every thread count (1 included) cuts the
     * same way, so the loss has the same bits on any; G and ∂E/∂F̂ are per sample and never depend on a cut.
     */
    @Override
    public double softmaxCrossEntropyColumns(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                                             double[] delta, int deltaOff, double scale, int rows, int cols, int ld) {
        if ((long) rows * cols < HEAD_MIN_ENTRIES || cols < CHUNKS * RUN_ALIGN) {
            return serial.softmaxCrossEntropyColumns(x, xOff, y, yOff, g, gOff, delta, deltaOff, scale, rows, cols, ld);
        }
        int parts = parts(true, CHUNKS);
        for (int t = 1; t < parts; t++) {
            helpers[t - 1].task.headChunks(x, xOff, y, yOff, g, gOff, delta, deltaOff, scale, rows, cols, ld,
                    headSums, CHUNKS * t / parts, CHUNKS * (t + 1) / parts);
            helpers[t - 1].post();
        }
        try {
            Task.headChunks(serial, x, xOff, y, yOff, g, gOff, delta, deltaOff, scale, rows, cols, ld,
                    headSums, 0, CHUNKS / parts);
        } finally {
            awaitHelpers(parts);
        }
        double sum = 0.0;
        for (double chunkSum : headSums) {
            sum += chunkSum;
        }
        return sum;
    }

    /**
     * Parts for an m×n×k product, cut along the longer of m and n. Each part keeps nominally at least two
     * aligned blocks (so at least one after rounding) and 2¹⁷ multiply-adds, so no part falls to the small or
     * narrow dot-product kernels of {@code PanamaKernels} (below 2¹⁶, or under 24 columns), whose sums run
     * in another order: a cut never changes a bit.
     */
    private int productParts(int m, int n, int k) {
        long volume = (long) m * n * k;
        int blocks = m >= n ? m / ROW_ALIGN : n / COLUMN_ALIGN;
        return (int) Math.min(parts(volume >= GEMM_MIN_VOLUME, blocks / 2), volume >> 17);
    }

    /** How many threads to use: all when the call is large enough and has that many aligned blocks. */
    private int parts(boolean largeEnough, int blocks) {
        return largeEnough && !closed ? Math.max(1, Math.min(helpers.length + 1, blocks)) : 1;
    }

    /** Start of block t of parts over n, rounded down to a multiple of align (block parts ends at n). */
    private static int bound(int t, int parts, int n, int align) {
        if (t >= parts) {
            return n;
        }
        return (int) ((long) n * t / parts) / align * align;
    }

    private void awaitHelpers(int parts) {
        Throwable failure = null;
        for (int t = 1; t < parts; t++) {
            Throwable f = helpers[t - 1].await();
            if (failure == null) {
                failure = f;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    // ------------------------------------------------------------------------------------------ the rest, serial

    @Override
    public void softmaxRow(double[] x, int xOff, double[] out, int outOff, int n) {
        serial.softmaxRow(x, xOff, out, outOff, n);
    }

    @Override
    public void softmaxRows(Matrix x, Matrix out) {
        serial.softmaxRows(x, out);
    }

    @Override
    public void softmaxColumns(double[] x, int xOff, double[] out, int outOff, int rows, int cols) {
        serial.softmaxColumns(x, xOff, out, outOff, rows, cols);
    }

    @Override
    public double squaredErrorSum(double[] g, int gOff, double[] y, int yOff, int n) {
        return serial.squaredErrorSum(g, gOff, y, yOff, n);
    }

    @Override
    public double logLikelihoodSum(double[] g, int gOff, double[] y, int yOff, int n) {
        return serial.logLikelihoodSum(g, gOff, y, yOff, n);
    }

    @Override
    public void scaledDifferenceRun(double scale, double[] g, int gOff, double[] y, int yOff,
                                    double[] out, int outOff, int n) {
        serial.scaledDifferenceRun(scale, g, gOff, y, yOff, out, outOff, n);
    }

    @Override
    public void axpbyRun(double alpha, double[] x, int xOff, double beta, double[] y, int yOff, int n) {
        serial.axpbyRun(alpha, x, xOff, beta, y, yOff, n);
    }

    @Override
    public void adamRun(double[] p, double[] g, double[] m, double[] v, int off, int n,
                        double lr, double beta1, double beta2, double c1, double c2, double eps) {
        serial.adamRun(p, g, m, v, off, n, lr, beta1, beta2, c1, c2, eps);
    }

    /** Stops the helper threads; later calls run on the caller alone. */
    @Override
    public void close() {
        closed = true;
        for (Helper h : helpers) {
            h.stop = true;
            LockSupport.unpark(h);
        }
    }

    // ------------------------------------------------------------------------------------------ hand-over

    /** One block of work, its arguments kept in fields so that handing it over allocates nothing. */
    private static final class Task {
        static final int GEMM = 0;
        static final int GEMM_TRANS_B = 1;
        static final int EXP = 2;
        static final int SIGMOID = 3;
        static final int SIGMOID_BACKWARD = 4;
        static final int GEMM_TRANS_B_CHUNKS = 5;
        static final int HEAD_CHUNKS = 6;

        int op;
        int m;
        int n;
        int k;
        double[] a;
        int aOff;
        int aRowStep;
        int aKStep;
        double[] b;
        int bOff;
        int ldb;
        double[] c;
        int cOff;
        int ldc;
        // The classification head's further arguments (x, y, g in a, b, c; rows, cols, ld in m, n, k).
        double[] delta;
        int deltaOff;
        double scale;
        double[] sums;

        /** A product: GEMM (A addressed with row and inner steps) or GEMM_TRANS_B (aRowStep = lda). */
        void product(int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
            set(op, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
        }

        static void product(Kernels kernels, int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
            if (op == GEMM) {
                kernels.gemm(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
            } else {
                kernels.gemmTransB(m, n, k, a, aOff, aRowStep, b, bOff, ldb, c, cOff, ldc);
            }
        }

        /** Chunks [from, to) of a chunked A·Bᵀ, each into its partial in c (see gemmTransBChunked). */
        void gemmTransBChunks(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double[] partials, int from, int to) {
            set(GEMM_TRANS_B_CHUNKS, m, n, k, a, aOff, lda, from, b, bOff, ldb, partials, to, 0);
        }

        static void chunks(Kernels kernels, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
                           int ldb, double[] partials, int from, int to) {
            for (int chunk = from; chunk < to; chunk++) {
                int p0 = chunkStart(chunk, k);
                int p1 = chunkStart(chunk + 1, k);
                kernels.gemmTransB(m, n, p1 - p0, a, aOff + p0, lda, b, bOff + p0, ldb, partials, chunk * m * n, n);
            }
        }

        /** Sample chunks [from, to) of a classification head, each chunk's log-likelihood into sums. */
        void headChunks(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff, double[] delta, int deltaOff,
                        double scale, int rows, int cols, int ld, double[] sums, int from, int to) {
            set(HEAD_CHUNKS, rows, cols, ld, x, xOff, from, to, y, yOff, 0, g, gOff, 0);
            this.delta = delta;
            this.deltaOff = deltaOff;
            this.scale = scale;
            this.sums = sums;
        }

        static void headChunks(Kernels kernels, double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                               double[] delta, int deltaOff, double scale, int rows, int cols, int ld,
                               double[] sums, int from, int to) {
            for (int chunk = from; chunk < to; chunk++) {
                int c0 = chunkStart(chunk, cols);
                int c1 = chunkStart(chunk + 1, cols);
                sums[chunk] = kernels.softmaxCrossEntropyColumns(x, xOff + c0, y, yOff + c0, g, gOff + c0,
                        delta, deltaOff + c0, scale, rows, c1 - c0, ld);
            }
        }

        /** An element-wise run of n: x → a at aOff, out → c at cOff. */
        void run(int op, double[] x, int xOff, double[] out, int outOff, int n) {
            set(op, 1, n, 0, x, xOff, 0, 0, null, 0, 0, out, outOff, 0);
        }

        private void set(int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
            this.op = op;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.aRowStep = aRowStep;
            this.aKStep = aKStep;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        void runOn(Kernels kernels) {
            switch (op) {
                case GEMM, GEMM_TRANS_B -> product(kernels, op, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
                case GEMM_TRANS_B_CHUNKS -> chunks(kernels, m, n, k, a, aOff, aRowStep, b, bOff, ldb, c, aKStep, cOff);
                case HEAD_CHUNKS -> headChunks(kernels, a, aOff, b, bOff, c, cOff, delta, deltaOff, scale, m, n, k,
                        sums, aRowStep, aKStep);
                default -> run(kernels, op, a, aOff, c, cOff, n);
            }
            a = null; // drop references to the caller's arrays until the next task
            b = null;
            c = null;
            delta = null;
        }

        static void run(Kernels kernels, int op, double[] x, int xOff, double[] out, int outOff, int n) {
            switch (op) {
                case EXP -> kernels.expRun(x, xOff, out, outOff, n);
                case SIGMOID -> kernels.sigmoidRun(x, xOff, out, outOff, n);
                case SIGMOID_BACKWARD -> kernels.sigmoidBackwardRun(x, xOff, out, outOff, n);
                default -> throw new IllegalStateException("unknown task " + op);
            }
        }
    }

    private static final class Helper extends Thread {
        private final Kernels serial;
        final Task task = new Task();
        /** Tasks posted by the caller; the volatile write publishes the task's fields. */
        private volatile long posted;
        /** Tasks finished; the volatile write publishes the task's output. */
        private volatile long finished;
        private volatile Throwable failure;
        volatile boolean stop;

        Helper(Kernels serial, int index) {
            super("ffnn-kernels-" + index);
            this.serial = serial;
            setDaemon(true);
        }

        /** Hands the filled-in task over (called by the caller's thread). */
        void post() {
            failure = null;
            posted = posted + 1;
            LockSupport.unpark(this);
        }

        /** Waits for the posted task and returns what it threw, or null. */
        Throwable await() {
            long target = posted;
            while (finished != target) {
                Thread.onSpinWait();
            }
            return failure;
        }

        @Override
        public void run() {
            long done = 0;
            while (!stop) {
                if (posted == done) {
                    idle(done);
                    continue;
                }
                try {
                    task.runOn(serial);
                } catch (Throwable t) {
                    failure = t;
                }
                done++;
                finished = done;
            }
        }

        /** Spins for a while (the next kernel of a step is usually microseconds away), then parks. */
        private void idle(long done) {
            long until = System.nanoTime() + SPIN_NANOS;
            while (posted == done && !stop) {
                if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }
}
