package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;

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
 * It knows nothing of files, printing or training schedules; it computes, into a {@link Pass}.
 */
public final class Network {
    private final int n;
    private final int k;
    private final int j;
    private final Head head;
    private final Kernels kernels;
    private final Matrix v;
    private final Matrix w;
    /** W's bias row w₀ (1×J). */
    private final Matrix w0;
    /** W without its bias row: the block that multiplies F and carries gradients back to it. */
    private final Matrix w1;

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
        this.w0 = w.view(0, 0, 1, j);
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

    /** Forward pass over the batch loaded in {@code p}: fills X̂, F, F̂, G and E, and returns E. */
    public double forward(Pass p) {
        requireFits(p);
        propagate(p);
        double e = head == Head.CLASSIFICATION
                ? kernels.crossEntropy(p.g(), p.y())
                : kernels.meanSquaredError(p.g(), p.y());
        p.setE(e);
        return e;
    }

    private void propagate(Pass p) {
        kernels.matmul(p.xTilde(), v, p.xHat());    // X̂ = X̃V: the bias row of V meets X̃'s column of ones
        kernels.sigmoid(p.xHat(), p.f());           // F = σ(X̂), one contiguous run
        kernels.matmul(p.f(), w1, p.fHat());        // F̂ = F̃W = F·W₁ + 1·w₀: the product over F …
        kernels.addToEachRow(w0, p.fHat());         // … plus the bias row, with no column of ones to multiply
        if (head == Head.CLASSIFICATION) {
            kernels.softmaxRows(p.fHat(), p.g());   // G = softmax(F̂); for regression G is F̂ itself
        }
    }

    /** Backward pass after {@link #forward(Pass)}: fills dV and dW in closed form. */
    public void backward(Pass p) {
        requireFits(p);
        int rows = p.rows();
        // ∂E/∂F̂. Softmax + CE: the softmax Jacobian and CE's 1/G cancel, leaving (G − Y)/I.
        // MSE over I·J entries: 2(G − Y)/(I·J).
        double scale = head == Head.CLASSIFICATION ? 1.0 / rows : 2.0 / ((double) rows * j);
        kernels.scaledDifference(scale, p.g(), p.y(), p.deltaOut());
        // dW = F̃ᵀ ∂E/∂F̂, in its two blocks: the bias row is 1ᵀ ∂E/∂F̂ (column sums), the rest Fᵀ ∂E/∂F̂.
        kernels.matmulTransA(p.ones(), p.deltaOut(), p.dW0());
        kernels.matmulTransA(p.f(), p.deltaOut(), p.dW1());
        kernels.matmulTransB(p.deltaOut(), w1, p.deltaHidden());     // ∂E/∂F = ∂E/∂F̂ W₁ᵀ
        kernels.sigmoidBackward(p.f(), p.deltaHidden());             // ∂E/∂X̂ = ∂E/∂F ∘ F(1 − F)
        kernels.matmulTransA(p.xTilde(), p.deltaHidden(), p.dV());   // dV = X̃ᵀ ∂E/∂X̂
    }

    private void requireFits(Pass p) {
        if (p.xTilde().cols() != n + 1 || p.fHat().cols() != j || p.xHat().cols() != k) {
            throw new IllegalArgumentException("pass " + p.xTilde().shape() + "→" + p.xHat().shape() + "→"
                    + p.fHat().shape() + " does not fit network " + n + "→" + k + "→" + j);
        }
    }

    /**
     * G for new inputs X (I×N): allocates a pass for them, so it is for prediction and evaluation, not
     * for the training loop.
     */
    public Matrix predict(Matrix inputs) {
        if (inputs.cols() != n) {
            throw new IllegalArgumentException("inputs " + inputs.shape() + " need " + n + " columns");
        }
        Pass p = newPass(inputs.rows());
        p.x().copyFrom(inputs);
        propagate(p);
        return p.g().copy();
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
