package dev.ffnn.engine.math;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Another {@link Kernels} run on several threads: the calling thread and {@code threads − 1} helper
 * threads each take one block of a large product (rows or columns of C), one chunk of the samples of a
 * product that sums over them, or one stretch of a long element-wise run; small calls stay on the caller,
 * whole. Every output element is computed by the same code in the same order whatever the thread count
 * (the GEMM kernels' per-element sums do not depend on the block they fall in, and sample chunks are fixed),
 * so results are bit for bit the same on 1 thread or 4. {@link #forEachChunk} runs a caller's chunks of
 * work (a network's slices of samples) on the same threads, each chunk on one of them.
 *
 * <p>Handing over costs no allocation: each helper owns one reusable {@link Task}, the caller fills it,
 * publishes it through a volatile sequence number and runs its own block; the helper spins for up to
 * {@link #SPIN_NANOS} between tasks and parks when idle longer. Helpers are daemon threads; {@link #close()}
 * stops them. One thread calls an instance at a time (the training loop's); the helpers are its own.
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
    /**
     * How long an idle helper spins before it parks: longer than what a training step runs on the caller alone
     * between two hand-overs (its partial sums and update, ~50 µs on the 1797×64→128→10 step, and the wait
     * for a slower slice). A parked helper took 24–100 µs to start its next task on this VM and the caller
     * 10–16 µs to wake it; spinning, 2–7 µs and 1–5 (at 50 µs of spin it parked at most steps). With
     * {@link ChunkClaims} and the network's slices, the large step on 2 threads ×0.905 side by side; the spin
     * or the taking of chunks alone did not move it. What it costs: a core busy for up to a millisecond after
     * the last hand-over.
     */
    private static final long SPIN_NANOS = 1_000_000;

    private final Kernels serial;
    private final Helper[] helpers;
    private volatile boolean closed;
    /** The chunks' partial products of a chunked A·Bᵀ, chunk after chunk, each m×n; grows once per shape. */
    private double[] partials = new double[0];
    private final TransBChunks transBChunks = new TransBChunks();
    private final ChunkClaims chunkClaims = new ChunkClaims();

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

    @Override
    public Kernels serial() {
        return serial;
    }

    /**
     * The serial kernels below the sizes this class cuts at ({@link #GEMM_MIN_VOLUME} multiply-adds, runs of
     * {@link #RUN_MIN_LENGTH}): through these kernels' calls on one part, the course step took ×1.06 the
     * serial kernels' time (side by side in one JVM, each vCPU).
     */
    @Override
    public Kernels forCalls(long multiplyAdds, long elements) {
        return multiplyAdds < GEMM_MIN_VOLUME && elements < RUN_MIN_LENGTH ? serial : this;
    }

    /**
     * Thread t of the p taking part (p = min(threads, chunks)) owns chunks [chunks·t/p, chunks·(t+1)/p) and
     * runs them in order from the front; a thread done with its own takes the others' from their backs, one
     * at a time, until it meets their owners (see {@link ChunkClaims}). The caller is thread 0.
     */
    @Override
    public void forEachChunk(int chunks, IntConsumer body) {
        int parts = parts(true, chunks);
        if (parts == 1) {
            Kernels.super.forEachChunk(chunks, body); // in order, on the caller
            return;
        }
        chunkClaims.start(body, chunks, parts);
        for (int t = 1; t < parts; t++) {
            helpers[t - 1].task.claimedChunks(chunkClaims, t);
            helpers[t - 1].post();
        }
        try {
            chunkClaims.work(0);
        } finally {
            awaitHelpers(parts);
            chunkClaims.end();
        }
    }

    /**
     * Who runs which chunk of a {@link #forEachChunk} call. Each thread owns a fixed run of chunks, the same at
     * every call, so what it wrote at one call is in its core's cache at the next; but the two vCPUs of this
     * VM are seldom equally fast (pinned to one, the 1797×64→128→10 step took 1.40–1.49 ms, on the other
     * 1.80–1.86; minutes later the other way round), and with fixed runs the slower one set the pace of every
     * step. So a thread done with its own run takes the last unclaimed chunk of another's, then the one
     * before, and so on: while the difference in speed lasts, the same few chunks change hands at every call
     * (every chunk handed out first come, first served moved the data between cores: slower). A chunk is
     * claimed by swapping the call's number into its slot: a thread that reads back another number has it.
     * An owner claims from the front and a taker from the back, so the first chunk one fails to claim is
     * where the two met: all the chunks beyond it are taken. Which thread runs a chunk changes no bit (each
     * chunk's result is its own).
     */
    static final class ChunkClaims {
        private AtomicLongArray claims = new AtomicLongArray(0);
        private long call;
        private IntConsumer body;
        private int chunks;
        private int parts;

        /** Sets up a call (on the caller's thread, before the helpers' tasks are posted, which publishes it). */
        void start(IntConsumer body, int chunks, int parts) {
            if (claims.length() < chunks) {
                claims = new AtomicLongArray(chunks); // once per larger chunk count; zero is no call's number
            }
            this.call++;
            this.body = body;
            this.chunks = chunks;
            this.parts = parts;
        }

        /** Drops the caller's body until the next call (after every thread is done with it). */
        void end() {
            body = null;
        }

        /** Thread t's share: its own run from the front, then the others' from their backs. */
        void work(int t) {
            IntConsumer body = this.body;
            for (int c = chunks * t / parts, to = chunks * (t + 1) / parts; c < to && claim(c); c++) {
                body.accept(c);
            }
            for (int i = 1; i < parts; i++) {
                int owner = (t + i) % parts;
                for (int c = chunks * (owner + 1) / parts - 1, from = chunks * owner / parts; c >= from && claim(c); c--) {
                    body.accept(c);
                }
            }
        }

        private boolean claim(int c) {
            return claims.getAndSet(c, call) != call;
        }
    }

    // ------------------------------------------------------------------------------------------ split products

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        product(Task.GEMM, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, null, 0, 0);
    }

    /** Blocks as {@link #gemm}'s, each thread taking σ of the block of C it computed. */
    @Override
    public void gemmSigmoid(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
        product(Task.GEMM_SIGMOID, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
    }

    /** Blocks as {@link #gemm}'s, each thread applying σ' to the block of C it computed. */
    @Override
    public void gemmSigmoidBackward(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                                    double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
                                    double[] f, int fOff, int ldf) {
        product(Task.GEMM_SIGMOID_BACKWARD, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
    }

    @Override
    public void gemmTransB(int m, int n, int k, double[] a, int aOff, int lda,
                           double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (k >= CHUNKED_MIN_K && k >= 4L * Math.max(m, n) && (long) m * n * k >= GEMM_MIN_VOLUME) {
            gemmTransBChunked(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        product(Task.GEMM_TRANS_B, m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, null, 0, 0);
    }

    /**
     * A·B, A·Bᵀ, or A·B then σ into F or times F(1 − F) (op), cut into blocks of C's rows or, when C is
     * wider than tall, of its columns; F (null for the plain products) is cut as C is.
     */
    private void product(int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
        int parts = productParts(m, n, k);
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int align = byRows ? ROW_ALIGN : COLUMN_ALIGN;
        // A column block of C is a block of B's columns for A·B, of B's rows for A·Bᵀ.
        int bColStep = op == Task.GEMM_TRANS_B ? ldb : 1;
        for (int t = 1; t < parts; t++) {
            int from = bound(t, parts, extent, align);
            int rows = byRows ? bound(t + 1, parts, extent, align) - from : m;
            int cols = byRows ? n : bound(t + 1, parts, extent, align) - from;
            helpers[t - 1].task.product(op, rows, cols, k, a, aOff + (byRows ? from * aRowStep : 0), aRowStep, aKStep,
                    b, bOff + (byRows ? 0 : from * bColStep), ldb, c, cOff + (byRows ? from * ldc : from), ldc,
                    f, fOff + (byRows ? from * ldf : from), ldf);
            helpers[t - 1].post();
        }
        int first = bound(1, parts, extent, align);
        try {
            Task.product(serial, op, byRows ? first : m, byRows ? n : first, k, a, aOff, aRowStep, aKStep,
                    b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
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
        transBChunks.set(m, n, k, a, aOff, lda, b, bOff, ldb);
        try {
            forEachChunk(CHUNKS, transBChunks);
        } finally {
            transBChunks.set(0, 0, 0, null, 0, 0, null, 0, 0); // drop references to the caller's arrays
        }
        for (int i = 0; i < m; i++) {
            System.arraycopy(partials, i * n, c, cOff + i * ldc, n);
            for (int chunk = 1; chunk < CHUNKS; chunk++) {
                serial.axpbyRun(1.0, partials, chunk * size + i * n, 1.0, c, cOff + i * ldc, n);
            }
        }
    }

    /** One chunk of a chunked A·Bᵀ into its partial; the arguments in fields, so that a call allocates nothing. */
    private final class TransBChunks implements IntConsumer {
        private int m;
        private int n;
        private int k;
        private double[] a;
        private int aOff;
        private int lda;
        private double[] b;
        private int bOff;
        private int ldb;

        void set(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
        }

        @Override
        public void accept(int chunk) {
            int p0 = chunkStart(chunk, k);
            int p1 = chunkStart(chunk + 1, k);
            serial.gemmTransB(m, n, p1 - p0, a, aOff + p0, lda, b, bOff + p0, ldb, partials, chunk * m * n, n);
        }
    }

    /** Start of sample chunk {@code chunk} of k: multiples of 8, as the forward pass's column blocks are. */
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

    /** A run is a one-row block: cut into stretches of its columns. */
    private void splitRun(int op, double[] x, int xOff, double[] out, int outOff, int n) {
        splitColumns(op, x, xOff, 0, out, outOff, 0, 1, n);
    }

    /**
     * σ over a sample-major matrix is split by columns (samples), as the products before and after it are:
     * each thread then reads the X̂ᵀ columns it wrote and writes the Fᵀ columns it will read next, in its
     * own core's cache, instead of fetching half of them from the other core. Measured on the 1797×64→128→10
     * step on 2 threads: 760–890 steps/s this way, 630 with σ and σ' cut into two contiguous stretches, though
     * σ alone, on data no product had just written, ran 72 µs in stretches and 195 µs in column blocks.
     */
    @Override
    public void sigmoid(Matrix x, Matrix out) {
        splitColumns(Task.SIGMOID, x, out);
    }

    /** By columns, like {@link #sigmoid(Matrix, Matrix)}. */
    @Override
    public void sigmoidBackward(Matrix f, Matrix d) {
        splitColumns(Task.SIGMOID_BACKWARD, f, d);
    }

    private void splitColumns(int op, Matrix x, Matrix out) {
        Matrix.requireSameShape(op == Task.SIGMOID ? "sigmoid" : "sigmoidBackward", x, out);
        if (x.rows() > 1 && parts(x.size() >= RUN_MIN_LENGTH, x.cols() / RUN_ALIGN) == 1) {
            // Too narrow to cut by columns: row runs (or one run, if compact) through the run kernels,
            // which may still cut a long run.
            Task.run(this, op, x.data(), x.offset(), x.stride(), out.data(), out.offset(), out.stride(), x.rows(), x.cols());
            return;
        }
        splitColumns(op, x.data(), x.offset(), x.stride(), out.data(), out.offset(), out.stride(), x.rows(), x.cols());
    }

    /** rows × cols element-wise (row steps xStep, outStep), cut into blocks of columns. */
    private void splitColumns(int op, double[] x, int xOff, int xStep, double[] out, int outOff, int outStep,
                              int rows, int cols) {
        int parts = parts((long) rows * cols >= RUN_MIN_LENGTH, cols / RUN_ALIGN);
        for (int t = 1; t < parts; t++) {
            int from = bound(t, parts, cols, RUN_ALIGN);
            int to = bound(t + 1, parts, cols, RUN_ALIGN);
            helpers[t - 1].task.runs(op, x, xOff + from, xStep, out, outOff + from, outStep, rows, to - from);
            helpers[t - 1].post();
        }
        try {
            Task.run(serial, op, x, xOff, xStep, out, outOff, outStep, rows, bound(1, parts, cols, RUN_ALIGN));
        } finally {
            awaitHelpers(parts);
        }
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

    /**
     * On the caller: cut into the products' sample blocks, the 1797×64→128→10 step on 2 threads measured
     * 640 steps/s against 760–890 whole (the head is ~40 µs of a 1.3 ms step).
     */
    @Override
    public double softmaxCrossEntropyColumns(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                                             double[] delta, int deltaOff, double scale, int rows, int cols, int ld) {
        return serial.softmaxCrossEntropyColumns(x, xOff, y, yOff, g, gOff, delta, deltaOff, scale, rows, cols, ld);
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
        static final int GEMM_SIGMOID = 5;
        static final int GEMM_SIGMOID_BACKWARD = 6;
        static final int CHUNKS_OF_BODY = 7;

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
        /** σ's output: written by a GEMM_SIGMOID, read by a GEMM_SIGMOID_BACKWARD. */
        double[] f;
        int fOff;
        int ldf;
        /** The chunks of a CHUNKS_OF_BODY task, which this thread (number m) claims and runs. */
        ChunkClaims claims;

        /**
         * A product: GEMM (A addressed with row and inner steps), GEMM_SIGMOID (the same, then σ into f),
         * GEMM_SIGMOID_BACKWARD (the same, then × f(1 − f)) or GEMM_TRANS_B (aRowStep = lda).
         */
        void product(int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
            set(op, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
            this.f = f;
            this.fOff = fOff;
            this.ldf = ldf;
        }

        static void product(Kernels kernels, int op, int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
            switch (op) {
                case GEMM -> kernels.gemm(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
                case GEMM_SIGMOID -> kernels.gemmSigmoid(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc,
                        f, fOff, ldf);
                case GEMM_SIGMOID_BACKWARD -> kernels.gemmSigmoidBackward(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb,
                        c, cOff, ldc, f, fOff, ldf);
                default -> kernels.gemmTransB(m, n, k, a, aOff, aRowStep, b, bOff, ldb, c, cOff, ldc);
            }
        }

        /** Thread {@code thread}'s share of a {@link ParallelKernels#forEachChunk} call (see {@link ChunkClaims}). */
        void claimedChunks(ChunkClaims claims, int thread) {
            set(CHUNKS_OF_BODY, thread, 0, 0, null, 0, 0, 0, null, 0, 0, null, 0, 0);
            this.claims = claims;
        }

        /** {@code runs} element-wise runs of n: x → a at aOff (row step aRowStep), out → c at cOff (row step ldc). */
        void runs(int op, double[] x, int xOff, int xStep, double[] out, int outOff, int outStep, int runs, int n) {
            set(op, runs, n, 0, x, xOff, xStep, 0, null, 0, 0, out, outOff, outStep);
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
                case GEMM, GEMM_TRANS_B, GEMM_SIGMOID, GEMM_SIGMOID_BACKWARD ->
                        product(kernels, op, m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc, f, fOff, ldf);
                case CHUNKS_OF_BODY -> claims.work(m);
                default -> run(kernels, op, a, aOff, aRowStep, c, cOff, ldc, m, n);
            }
            a = null; // drop references to the caller's arrays until the next task
            b = null;
            c = null;
            f = null;
            claims = null;
        }

        static void run(Kernels kernels, int op, double[] x, int xOff, int xStep, double[] out, int outOff, int outStep,
                        int runs, int n) {
            if (runs > 1 && xStep == n && outStep == n) {
                n *= runs; // compact: one long run
                runs = 1;
            }
            for (int r = 0; r < runs; r++) {
                int xi = xOff + r * xStep;
                int oi = outOff + r * outStep;
                switch (op) {
                    case EXP -> kernels.expRun(x, xi, out, oi, n);
                    case SIGMOID -> kernels.sigmoidRun(x, xi, out, oi, n);
                    case SIGMOID_BACKWARD -> kernels.sigmoidBackwardRun(x, xi, out, oi, n);
                    default -> throw new IllegalStateException("unknown task " + op);
                }
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
