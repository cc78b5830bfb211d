package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The two-layer network of the lecture: N inputs → K sigmoid units → J outputs, with weights
 * V ((N+1)×K) and W ((K+1)×J), bias rows first.
 *
 * <pre>
 * forward:  X̂ = X̃V,  F = σ(X̂),  F̂ = F̃W,  G = softmax(F̂) or F̂,  E
 * backward: ∂E/∂F̂ = (G − Y)/I (softmax + CE) or 2(G − Y)/(I·J) (MSE)
 *           dW = F̃ᵀ ∂E/∂F̂,  ∂E/∂F = ∂E/∂F̂ W₁ᵀ,  ∂E/∂X̂ = ∂E/∂F ∘ F(1 − F),  dV = X̃ᵀ ∂E/∂X̂
 * </pre>
 *
 * It computes on the transposes, one column per sample, so that vector lanes run along the samples
 * (see {@link Pass}); the formulas are the same read through (AB)ᵀ = BᵀAᵀ. It knows nothing of files,
 * printing or training schedules; it computes, into a {@link Pass}.
 */
public final class Network {
    private final int n;
    private final int k;
    private final int j;
    private final Head head;
    private final Kernels kernels;
    private final Matrix v;
    private final Matrix w;
    /** W without its bias row: the block that multiplies F and carries gradients back to it. */
    private final Matrix w1;
    private final ChunkSteps chunkSteps = new ChunkSteps();
    private final HalfSums halfSums = new HalfSums();

    /** A network of the given shape with all weights zero; see {@link #initialize(long)}. */
    public Network(int n, int k, int j, Head head, Kernels kernels) {
        if (n < 1 || k < 1 || j < 1) {
            throw new IllegalArgumentException("network shape must be positive: " + n + " → " + k + " → " + j);
        }
        if (head == Head.CLASSIFICATION && j < 2) {
            throw new IllegalArgumentException("classification needs at least 2 outputs, not " + j);
        }
        this.n = n;
        this.k = k;
        this.j = j;
        this.head = head;
        this.kernels = kernels;
        this.v = new Matrix(n + 1, k);
        this.w = new Matrix(k + 1, j);
        this.w1 = w.withoutFirstRow();
    }

    /**
     * Seeded Glorot/Xavier-uniform initialisation: each weight drawn from U(−a, a) with
     * a = √(6 / (fan_in + fan_out)), which keeps σ's inputs in its responsive range at the start; bias rows
     * start at 0. V is drawn before W, row by row, from one {@link SplittableRandom}: same seed, same network.
     */
    public Network initialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        fillGlorot(v, n, k, rnd);
        fillGlorot(w, k, j, rnd);
        return this;
    }

    /** The same network (shape, head, a copy of the weights) computing with other kernels. */
    public Network withKernels(Kernels other) {
        Network copy = new Network(n, k, j, head, other);
        copy.v.copyFrom(v);
        copy.w.copyFrom(w);
        return copy;
    }

    private static void fillGlorot(Matrix m, int fanIn, int fanOut, SplittableRandom rnd) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        m.fill(0.0);
        for (int r = 1; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                m.set(r, c, rnd.nextDouble(-a, a));
            }
        }
    }

    /** Buffers for batches of {@code rows} rows. */
    public Pass newPass(int rows) {
        return new Pass(rows, n, k, j, head);
    }

    /**
     * Forward pass over the batch loaded in {@code p}: fills X̂, F, F̂, G and E, and returns E. A
     * classification pass also fills ∂E/∂F̂ here, in the same sweep as softmax and cross-entropy.
     */
    public double forward(Pass p) {
        return pass(p, true, false);
    }

    /** Backward pass after {@link #forward(Pass)} on the same pass: fills dV and dW in closed form. */
    public void backward(Pass p) {
        pass(p, false, true);
    }

    /**
     * {@link #forward(Pass)} then {@link #backward(Pass)}, returning E: a training step's gradients. A large
     * pass runs both on each of its chunks in one go (one hand-over to the kernels' threads, not two, and
     * each chunk still in cache when its backward pass reads it).
     */
    public double forwardBackward(Pass p) {
        return pass(p, true, true);
    }

    private double pass(Pass p, boolean forward, boolean backward) {
        requireFits(p);
        Pass.Slice[] slices = p.slices();
        if (slices.length == 1) {
            // A small pass runs on the serial kernels directly, past the threads' dispatch.
            sweep(kernelsForSlice(p.xTildeT().cols()), slices[0], p.rows(), forward, backward);
        } else {
            chunkSteps.run(p, forward, backward);
            if (backward) {
                halfSums.run(p);
            }
        }
        if (forward) {
            double sum = 0;
            for (Pass.Slice s : slices) {
                sum += s.lossSum; // in chunk order, so E has the same bits on any number of threads
            }
            p.setE(head == Head.CLASSIFICATION
                    ? 0.0 - sum / p.rows()  // 0.0 − x, not −x: a perfect fit reports 0, not −0
                    : sum / ((double) p.rows() * j));
        }
        return p.e();
    }

    /**
     * The kernels for a pass in one slice of {@code samples} padded samples, judged by its largest product
     * and its longest element-wise run (see Kernels.forCalls).
     */
    private Kernels kernelsForSlice(long samples) {
        long multiplyAdds = samples * Math.max((long) (n + 1) * k, (long) (k + 1) * j);
        return kernels.forCalls(multiplyAdds, samples * Math.max(k, j));
    }

    /**
     * Whether a pass of {@code rows} samples is too small to split across threads, so that it runs on the
     * calling thread alone however many the kernels have: one slice (under {@link Pass#CHUNKED_MIN_SAMPLES}
     * samples) whose products and runs are all too small to repay a hand-off. For a program to say so.
     */
    public boolean passTooSmallToSplit(int rows) {
        return rows < Pass.CHUNKED_MIN_SAMPLES && kernelsForSlice(Pass.padded(rows)) == kernels.serial();
    }

    /** The forward pass, the backward pass or both over one slice of a pass's samples. */
    private void sweep(Kernels kernels, Pass.Slice s, int rows, boolean forward, boolean backward) {
        if (forward) {
            s.lossSum = forward(kernels, s, rows);
        }
        if (backward) {
            backward(kernels, s, rows);
        }
    }

    /** The forward pass over one slice of a pass's samples; returns the slice's Σ Y log G or Σ (G − Y)². */
    private double forward(Kernels kernels, Pass.Slice s, int rows) {
        propagate(kernels, s);
        // The loss and ∂E/∂F̂ over the samples alone, so ∂E/∂F̂ stays zero in the padding (see Pass).
        if (head == Head.CLASSIFICATION) {
            // Softmax + CE: the softmax Jacobian and CE's 1/G cancel, leaving ∂E/∂F̂ = (G − Y)/I.
            return kernels.softmaxCrossEntropySum(s.fHatSamples, s.ySamples, s.gSamples, s.deltaOutSamples, 1.0 / rows);
        }
        return kernels.squaredErrorSum(s.gSamples, s.ySamples);
    }

    /*
     * The pass holds the transposes (one column per sample, see Pass), so each product of the lecture is
     * written for them: (AB)ᵀ = BᵀAᵀ. X̂ = X̃V becomes X̂ᵀ = Vᵀ X̃ᵀ, read from V in place.
     */
    private void propagate(Kernels kernels, Pass.Slice s) {
        // X̂ᵀ = Vᵀ X̃ᵀ (V's bias row meets X̃ᵀ's row of ones) and F = σ(X̂) into F̃ᵀ's rows 1..K, in one call.
        kernels.matmulTransASigmoid(v, s.xTildeT, s.xHatT, s.fT);
        kernels.matmulTransA(w, s.fTildeT, s.fHatT);  // F̂ᵀ = Wᵀ F̃ᵀ
    }

    /** The backward pass over one slice: its share of dV and dW, into the slice's. */
    private void backward(Kernels kernels, Pass.Slice s, int rows) {
        if (head == Head.REGRESSION) {
            // ∂E/∂F̂ of the MSE over I·J entries: 2(G − Y)/(I·J). (Classification's came with the forward pass.)
            kernels.scaledDifference(2.0 / ((double) rows * j), s.gSamples, s.ySamples, s.deltaOutSamples);
        }
        // dW = F̃ᵀ ∂E/∂F̂: F̃ᵀ is stored, and ∂E/∂F̂ = ((∂E/∂F̂)ᵀ)ᵀ, so one A·Bᵀ over the samples.
        kernels.matmulTransB(s.fTildeT, s.deltaOutT, s.dW);
        // (∂E/∂F)ᵀ = (∂E/∂F̂ W₁ᵀ)ᵀ = W₁ (∂E/∂F̂)ᵀ, and at once ∂E/∂X̂ = ∂E/∂F ∘ F(1 − F).
        kernels.matmulSigmoidBackward(w1, s.deltaOutT, s.deltaHiddenT, s.fT);
        kernels.matmulTransB(s.xTildeT, s.deltaHiddenT, s.dV); // dV = X̃ᵀ ∂E/∂X̂
    }

    /**
     * A large pass computed as {@link Pass#slices()}: every step of the forward and backward pass works on
     * each sample alone, except dV and dW, which sum over the samples, so each chunk runs the whole pass on
     * its own samples (its partial dV and dW) on one of the kernels' threads. A thread keeps its chunks from
     * the forward pass to the backward one, in its own core's cache, and nothing is handed over between the
     * products (each product cut across the threads instead ran the 1797×64→128→10 step at 1.2–1.4× on 2
     * threads: the data went from core to core between every two). One instance per network, its fields set
     * before each run, so a step allocates nothing.
     */
    private final class ChunkSteps implements IntConsumer {
        private Pass pass;
        private boolean forward;
        private boolean backward;

        void run(Pass p, boolean forward, boolean backward) {
            this.pass = p;
            this.forward = forward;
            this.backward = backward;
            try {
                kernels.forEachChunk(p.slices().length, this);
            } finally {
                this.pass = null;
            }
        }

        @Override
        public void accept(int c) {
            sweep(kernels.serial(), pass.slices()[c], pass.rows(), forward, backward);
        }
    }

    /**
     * dV and dW of a large pass, the sums over the samples of its slices' partial sums, in one fixed tree
     * whatever the number of threads: each half of the slices added in slice order, then the second half's
     * sum to the first's. The halves run on two threads, each half where most of its slices ran (the first
     * and second runs of {@code ParallelKernels.forEachChunk}), so most partials are added in the core whose
     * cache holds them. Added in one chain on the caller, half the partials crossed from the other core: in
     * one JVM, alternating, the sums took 28–31 µs a step of the 1797×64→128→10 step on 2 threads, and
     * 19–23 µs as halves (the second hand-over included). The second half's sum goes into its first slice's
     * partial, which the next step overwrites.
     */
    private final class HalfSums implements IntConsumer {
        private Pass pass;

        void run(Pass p) {
            this.pass = p;
            try {
                kernels.forEachChunk(2, this);
            } finally {
                this.pass = null;
            }
            Pass.Slice second = p.slices()[p.slices().length / 2];
            kernels.axpy(1.0, second.dV, p.dV());
            kernels.axpy(1.0, second.dW, p.dW());
        }

        @Override
        public void accept(int half) {
            Pass.Slice[] slices = pass.slices();
            int from = half == 0 ? 0 : slices.length / 2;
            int to = half == 0 ? slices.length / 2 : slices.length;
            Matrix dV = half == 0 ? pass.dV() : slices[from].dV;
            Matrix dW = half == 0 ? pass.dW() : slices[from].dW;
            if (half == 0) {
                dV.copyFrom(slices[0].dV);
                dW.copyFrom(slices[0].dW);
            }
            Kernels serial = kernels.serial();
            for (int c = from + 1; c < to; c++) {
                serial.axpy(1.0, slices[c].dV, dV);
                serial.axpy(1.0, slices[c].dW, dW);
            }
        }
    }

    private void requireFits(Pass p) {
        if (p.xTildeT().rows() != n + 1 || p.fHatT().rows() != j || p.xHatT().rows() != k) {
            throw new IllegalArgumentException("pass of I×" + (p.xTildeT().rows() - 1) + "→" + p.xHatT().rows()
                    + "→" + p.fHatT().rows() + " does not fit network " + n + "→" + k + "→" + j);
        }
    }

    /** A prediction's passes hold at most about this many doubles per matrix (32 MB), see {@link #predict}. */
    static final int PREDICT_BLOCK_DOUBLES = 1 << 22;

    /**
     * G for new inputs X (I×N), I×J: for prediction and evaluation, not for the training loop (it allocates
     * its passes). The rows go through in blocks of a few thousand (fewer, the wider the network), so that
     * memory stays bounded by the block, not by I: one pass over 200,000 rows of a 1,000-unit network would
     * hold four 1.6 GB matrices. Every sample's forward pass is its own, so blocks give the bits one pass
     * would.
     */
    public Matrix predict(Matrix inputs) {
        int widest = Math.max(Math.max(n + 1, k + 1), j);
        return predict(inputs, Math.max(Pass.SAMPLE_ALIGN, PREDICT_BLOCK_DOUBLES / widest / Pass.SAMPLE_ALIGN * Pass.SAMPLE_ALIGN));
    }

    /** {@link #predict(Matrix)} in blocks of {@code blockRows} rows (the last may be shorter). */
    Matrix predict(Matrix inputs, int blockRows) {
        if (inputs.cols() != n) {
            throw new IllegalArgumentException("inputs " + inputs.shape() + " need " + n + " columns");
        }
        int rows = inputs.rows();
        Matrix g = new Matrix(rows, j);
        Pass block = null;
        for (int from = 0; from < rows; from += blockRows) {
            int size = Math.min(blockRows, rows - from);
            if (block == null || block.rows() != size) {
                block = newPass(size); // the first block's size, then once more for a shorter last one
            }
            block.loadInputs(inputs.view(from, 0, size, n));
            propagate(kernels, block.whole());
            if (head == Head.CLASSIFICATION) {
                // G = softmax(F̂), per sample = per column; the padding's G is finite junk that g() leaves out.
                kernels.softmaxColumns(block.fHatT(), block.gT());
            }
            g.view(from, 0, size, j).copyFrom(block.g());
        }
        return g;
    }

    public int inputs() {
        return n;
    }

    public int hidden() {
        return k;
    }

    public int outputs() {
        return j;
    }

    public Head head() {
        return head;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** V, (N+1)×K, bias row first. The live weights: optimizers update them in place. */
    public Matrix v() {
        return v;
    }

    /** W, (K+1)×J, bias row first. */
    public Matrix w() {
        return w;
    }
}
