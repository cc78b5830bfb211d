package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Matrix;

/**
 * Every quantity of one forward and backward pass over a batch of I samples, in buffers allocated once for
 * that I and reused at every step. Names follow the lecture: X̃ = [1, X], X̂ = X̃V, F = σ(X̂), F̃ = [1, F],
 * F̂ = F̃W, G, E, and the gradients dV = ∂E/∂V, dW = ∂E/∂W.
 *
 * <p><b>Layout.</b> The network works on the transposes, one row per feature and one column per sample
 * (X̃ᵀ is (N+1)×I, X̂ᵀ K×I, F̃ᵀ (K+1)×I, F̂ᵀ and Gᵀ J×I). The lecture's widths are tiny (N = 2, K = 10,
 * J = 4) while I is in the hundreds, so vector lanes filled along the samples are always full, where lanes
 * along the features would be mostly tail. The bias-augmented matrices stay exact and free: X̃ᵀ's row 0
 * and F̃ᵀ's row 0 are ones, Xᵀ and Fᵀ are the views of the rows below, and F = σ(X̂) is one contiguous run
 * written straight into F̃ᵀ.
 *
 * <p><b>Padding.</b> The buffers are {@link #SAMPLE_ALIGN}-aligned in width: I samples and then zero to
 * seven padding columns, so that every product over the samples runs in whole vectors, with no scalar or
 * masked tail (the course data's 100 samples took 3.2 µs a step, 96 took 2.3 µs). The padding columns
 * are inert: (∂E/∂F̂)ᵀ's stay zero, because the head and the loss see only the I samples, so every
 * gradient term of a padding sample is a product with an exact zero, and adding it changes no bit; the
 * forward products fill them with finite junk no one reads. The loss, the trace and every accessor see the
 * I samples alone.
 *
 * <p><b>Chunks.</b> A pass of {@link #CHUNKED_MIN_SAMPLES} samples or more is also seen as {@link #CHUNKS}
 * slices of its columns (views, no copies), each with its own partial dV and dW: every step of the pass
 * but the two weight gradients works on each sample alone, so the network can run the slices on separate
 * threads and add their partial gradients in one fixed order (each half of the slices in slice order, then
 * the two halves), which keeps the bits the same on any number of threads.
 *
 * <p>The lecture's own orientation (one row per sample) is what {@link #x()}, {@link #xTilde()}, … return:
 * copies transposed on each call into buffers made on first use, for the trace, the checks and learners,
 * not for the training loop. dV and dW have the weights' shapes in both views.
 */
public final class Pass {
    /** Buffer widths are multiples of this: whole vectors of up to 8 doubles (512 bits). */
    static final int SAMPLE_ALIGN = 8;
    /** A pass of this many samples or more is computed in {@link #CHUNKS} slices (see {@link #slices()}). */
    static final int CHUNKED_MIN_SAMPLES = 1024;
    /**
     * The slices of a large pass, in sixteenths of its samples: two runs of three eighths and two sixteenths.
     * Eighths because a slice of the 1797-sample pass (225 samples, ~0.9 MB of buffers) stays in a core's
     * 1 MiB L2 from its forward to its backward pass (timed kernel by kernel on one thread, X̂ᵀ with σ took
     * 490–560 µs in 8 slices against 580–650 in 4; 16 slices added more to the partial sums than they saved).
     * The sixteenths at the end of each run are what a thread done early takes from another's run (see
     * {@code ParallelKernels.forEachChunk}): with eighths alone, when one vCPU ran ~1.35× slower than the
     * other the faster could take one slice or none, and the step waited for the slower (2 threads, side by
     * side in one JVM: 0.94 of the time with eighths alone, 0.905 with these; one thread +0.8%, noise). Split
     * by count, the ten slices are equal work on 1, 2, 4 or 8 threads.
     */
    private static final int[] SLICE_SIXTEENTHS = {2, 2, 2, 1, 1, 2, 2, 2, 1, 1};
    /** How many slices a large pass has. */
    static final int CHUNKS = SLICE_SIXTEENTHS.length;

    private final int rows;
    /** X̃ᵀ, (N+1)×P (P: I rounded up to SAMPLE_ALIGN): row 0 the ones that meet V's bias row. */
    private final Matrix xTildeT;
    /** Xᵀ, the rows 1..N of X̃ᵀ, samples only: where inputs are loaded. */
    private final Matrix xT;
    /** Yᵀ, J×P, zero in the padding. */
    private final Matrix yT;
    private final Matrix xHatT;
    /** F̃ᵀ, (K+1)×P: row 0 the ones that meet W's bias row. */
    private final Matrix fTildeT;
    /** Fᵀ, the rows 1..K of F̃ᵀ, where σ writes. */
    private final Matrix fT;
    private final Matrix fHatT;
    private final Matrix gT;
    /** (∂E/∂F̂)ᵀ, J×P; zero in the padding, always. */
    private final Matrix deltaOutT;
    /** (∂E/∂F)ᵀ, then (in place) (∂E/∂X̂)ᵀ after the σ' factor, K×P. */
    private final Matrix deltaHiddenT;
    /** The whole pass as one slice. */
    private final Slice whole;
    /**
     * What a forward and backward pass computes slice by slice: the whole pass alone, or, from
     * {@link #CHUNKED_MIN_SAMPLES} samples on, {@link #CHUNKS} slices of whole vectors of samples.
     */
    private final Slice[] slices;
    private final Matrix dV;
    private final Matrix dW;
    private double e = Double.NaN;

    /** Lecture-oriented copies, made on the first request for each. */
    private Matrix xTilde;
    private Matrix y;
    private Matrix xHat;
    private Matrix fTilde;
    private Matrix fHat;
    private Matrix g;

    /** Buffers for batches of {@code rows} samples of a network of the given shape. */
    public Pass(int rows, int n, int k, int j, Head head) {
        this.rows = rows;
        int padded = padded(rows);
        xTildeT = new Matrix(n + 1, padded);
        xTildeT.view(0, 0, 1, padded).fill(1.0);
        xT = xTildeT.view(1, 0, n, rows);
        yT = new Matrix(j, padded);
        xHatT = new Matrix(k, padded);
        fTildeT = new Matrix(k + 1, padded);
        fTildeT.view(0, 0, 1, padded).fill(1.0);
        fT = fTildeT.withoutFirstRow();
        fHatT = new Matrix(j, padded);
        // Regression's output is the identity: G is F̂ itself, not a copy.
        gT = head == Head.CLASSIFICATION ? new Matrix(j, padded) : fHatT;
        deltaOutT = new Matrix(j, padded);
        deltaHiddenT = new Matrix(k, padded);
        dV = new Matrix(n + 1, k);
        dW = new Matrix(k + 1, j);
        whole = new Slice(0, padded, dV, dW);
        if (rows < CHUNKED_MIN_SAMPLES) {
            slices = new Slice[] {whole};
        } else {
            slices = new Slice[CHUNKS];
            for (int c = 0; c < CHUNKS; c++) {
                slices[c] = new Slice(sliceStart(c, padded), sliceStart(c + 1, padded),
                        new Matrix(n + 1, k), new Matrix(k + 1, j));
            }
        }
    }

    /**
     * Bytes of the buffers a pass of {@code rows} samples holds (X̃ᵀ, Yᵀ, X̂ᵀ, F̃ᵀ, F̂ᵀ, Gᵀ, and the two
     * deltas), with the vector head's per-thread buffer of 2J rows as wide: what a caller checks against the
     * heap before it asks for one. Each is (a few rows) × the padded samples, so it grows with rows·(N + 3K + 6J).
     */
    public static long bytes(int rows, int n, int k, int j, Head head) {
        long perSample = (n + 1) + j + k + (k + 1) + j + (head == Head.CLASSIFICATION ? j + 2L * j : 0) + j + k;
        return Double.BYTES * perSample * padded(rows);
    }

    /** I samples rounded up to whole vectors: the width of every buffer of a pass of {@code rows} samples. */
    static int padded(int rows) {
        return Math.ceilDiv(rows, SAMPLE_ALIGN) * SAMPLE_ALIGN;
    }

    /** Start of slice {@code slice} of the padded samples, on whole vectors: no slice's product has a scalar tail. */
    private static int sliceStart(int slice, int padded) {
        if (slice >= CHUNKS) {
            return padded;
        }
        int sixteenths = 0;
        for (int c = 0; c < slice; c++) {
            sixteenths += SLICE_SIXTEENTHS[c];
        }
        return (int) ((long) padded * sixteenths / 16) / SAMPLE_ALIGN * SAMPLE_ALIGN;
    }

    /** Number of samples I in this batch. */
    public int rows() {
        return rows;
    }

    /** Loads inputs X (I×N) and targets Y (I×J) into Xᵀ and Yᵀ. */
    public void load(Matrix inputs, Matrix targets) {
        loadInputs(inputs);
        whole.ySamples.copyTransposedFrom(targets);
    }

    /** Loads inputs X (I×N) alone, for prediction. */
    public void loadInputs(Matrix inputs) {
        xT.copyTransposedFrom(inputs);
    }

    /** Copies row {@code src} of the inputs and targets into sample {@code dst} of this batch. */
    public void loadRow(int dst, Matrix inputs, Matrix targets, int src) {
        for (int c = 0; c < xT.rows(); c++) {
            xT.set(c, dst, inputs.get(src, c));
        }
        for (int c = 0; c < yT.rows(); c++) {
            yT.set(c, dst, targets.get(src, c));
        }
    }

    // ------------------------------------------------------------------ the lecture's view, for reading

    /** X̃ = [1, X], I×(N+1), copied from X̃ᵀ on each call. */
    public Matrix xTilde() {
        xTilde = transposed(xTildeT, xTilde);
        return xTilde;
    }

    /** X, I×N: the view of {@link #xTilde()}'s columns 1..N, copied on each call. */
    public Matrix x() {
        return xTilde().withoutFirstColumn();
    }

    /** Y, I×J, copied on each call. */
    public Matrix y() {
        y = transposed(yT, y);
        return y;
    }

    /** X̂ = X̃V, I×K, copied on each call. */
    public Matrix xHat() {
        xHat = transposed(xHatT, xHat);
        return xHat;
    }

    /** F̃ = [1, F], I×(K+1), copied on each call. */
    public Matrix fTilde() {
        fTilde = transposed(fTildeT, fTilde);
        return fTilde;
    }

    /** F = σ(X̂), I×K: the view of {@link #fTilde()}'s columns 1..K, copied on each call. */
    public Matrix f() {
        return fTilde().withoutFirstColumn();
    }

    /** F̂ = F̃W, I×J, copied on each call. */
    public Matrix fHat() {
        fHat = transposed(fHatT, fHat);
        return fHat;
    }

    /** G, I×J (softmax(F̂), or F̂ for regression), copied on each call. */
    public Matrix g() {
        g = transposed(gT, g);
        return g;
    }

    /** The I samples of a padded buffer, transposed into {@code into} (made on first use). */
    private Matrix transposed(Matrix padded, Matrix into) {
        Matrix src = samples(padded);
        Matrix out = into != null ? into : new Matrix(src.cols(), src.rows());
        out.copyTransposedFrom(src);
        return out;
    }

    /** The columns of a buffer that hold the I samples, without the padding. */
    private Matrix samples(Matrix padded) {
        return padded.view(0, 0, padded.rows(), rows);
    }

    /** The loss E of the last forward pass. */
    public double e() {
        return e;
    }

    void setE(double e) {
        this.e = e;
    }

    /** ∂E/∂V of the last backward pass, (N+1)×K. */
    public Matrix dV() {
        return dV;
    }

    /** ∂E/∂W of the last backward pass, (K+1)×J. */
    public Matrix dW() {
        return dW;
    }

    // ------------------------------------------------------------------ the network's sample-major buffers

    Matrix xTildeT() {
        return xTildeT;
    }

    Matrix xHatT() {
        return xHatT;
    }

    Matrix fHatT() {
        return fHatT;
    }

    Matrix gT() {
        return gT;
    }

    Slice whole() {
        return whole;
    }

    Slice[] slices() {
        return slices;
    }

    /**
     * The columns [from, to) of the pass's buffers, and the samples among them: what one slice of a forward
     * and backward pass reads and writes. A chunk's dV and dW are its own partial sums over its samples
     * (added up in chunk order by the network); the whole pass's are the pass's.
     */
    final class Slice {
        final Matrix xTildeT;
        final Matrix xHatT;
        final Matrix fTildeT;
        final Matrix fT;
        final Matrix fHatT;
        final Matrix deltaOutT;
        final Matrix deltaHiddenT;
        /** The same four restricted to the I samples (the last slice stops before the padding). */
        final Matrix fHatSamples;
        final Matrix ySamples;
        final Matrix gSamples;
        final Matrix deltaOutSamples;
        final Matrix dV;
        final Matrix dW;
        /** Σ Y log G or Σ (G − Y)² over this slice's samples, from its last forward pass. */
        double lossSum;

        private Slice(int from, int to, Matrix dV, Matrix dW) {
            xTildeT = columns(Pass.this.xTildeT, from, to);
            xHatT = columns(Pass.this.xHatT, from, to);
            fTildeT = columns(Pass.this.fTildeT, from, to);
            fT = columns(Pass.this.fT, from, to);
            fHatT = columns(Pass.this.fHatT, from, to);
            deltaOutT = columns(Pass.this.deltaOutT, from, to);
            deltaHiddenT = columns(Pass.this.deltaHiddenT, from, to);
            int samplesTo = Math.min(to, rows);
            fHatSamples = columns(Pass.this.fHatT, from, samplesTo);
            ySamples = columns(yT, from, samplesTo);
            gSamples = columns(gT, from, samplesTo);
            deltaOutSamples = columns(Pass.this.deltaOutT, from, samplesTo);
            this.dV = dV;
            this.dW = dW;
        }

        private static Matrix columns(Matrix m, int from, int to) {
            return m.view(0, from, m.rows(), to - from);
        }
    }
}
