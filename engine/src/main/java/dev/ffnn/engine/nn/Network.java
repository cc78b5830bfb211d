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
        requireFits(p);
        propagate(p);
        double e;
        // The loss and ∂E/∂F̂ over the I samples alone, so ∂E/∂F̂ stays zero in the padding (see Pass).
        if (head == Head.CLASSIFICATION) {
            // Softmax + CE: the softmax Jacobian and CE's 1/G cancel, leaving ∂E/∂F̂ = (G − Y)/I.
            e = kernels.softmaxCrossEntropyColumns(p.fHatSamples(), p.ySamples(), p.gSamples(),
                    p.deltaOutSamples(), 1.0 / p.rows());
        } else {
            e = kernels.meanSquaredError(p.gSamples(), p.ySamples());
        }
        p.setE(e);
        return e;
    }

    /*
     * The pass holds the transposes (one column per sample, see Pass), so each product of the lecture is
     * written for them: (AB)ᵀ = BᵀAᵀ. X̂ = X̃V becomes X̂ᵀ = Vᵀ X̃ᵀ, read from V in place.
     */
    private void propagate(Pass p) {
        // X̂ᵀ = Vᵀ X̃ᵀ (V's bias row meets X̃ᵀ's row of ones) and F = σ(X̂) into F̃ᵀ's rows 1..K, in one call.
        kernels.matmulTransASigmoid(v, p.xTildeT(), p.xHatT(), p.fT());
        kernels.matmulTransA(w, p.fTildeT(), p.fHatT());  // F̂ᵀ = Wᵀ F̃ᵀ
    }

    /** Backward pass after {@link #forward(Pass)} on the same pass: fills dV and dW in closed form. */
    public void backward(Pass p) {
        requireFits(p);
        if (head == Head.REGRESSION) {
            // ∂E/∂F̂ of the MSE over I·J entries: 2(G − Y)/(I·J). (Classification's came with the forward pass.)
            kernels.scaledDifference(2.0 / ((double) p.rows() * j), p.gSamples(), p.ySamples(),
                    p.deltaOutSamples());
        }
        // dW = F̃ᵀ ∂E/∂F̂: F̃ᵀ is stored, and ∂E/∂F̂ = ((∂E/∂F̂)ᵀ)ᵀ, so one A·Bᵀ over the samples.
        kernels.matmulTransB(p.fTildeT(), p.deltaOutT(), p.dW());
        // (∂E/∂F)ᵀ = (∂E/∂F̂ W₁ᵀ)ᵀ = W₁ (∂E/∂F̂)ᵀ, and at once ∂E/∂X̂ = ∂E/∂F ∘ F(1 − F).
        kernels.matmulSigmoidBackward(w1, p.deltaOutT(), p.deltaHiddenT(), p.fT());
        kernels.matmulTransB(p.xTildeT(), p.deltaHiddenT(), p.dV()); // dV = X̃ᵀ ∂E/∂X̂
    }

    private void requireFits(Pass p) {
        if (p.xTildeT().rows() != n + 1 || p.fHatT().rows() != j || p.xHatT().rows() != k) {
            throw new IllegalArgumentException("pass of I×" + (p.xTildeT().rows() - 1) + "→" + p.xHatT().rows()
                    + "→" + p.fHatT().rows() + " does not fit network " + n + "→" + k + "→" + j);
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
        p.loadInputs(inputs);
        propagate(p);
        if (head == Head.CLASSIFICATION) {
            // G = softmax(F̂), per sample = per column; the padding's G is finite junk that g() leaves out.
            kernels.softmaxColumns(p.fHatT(), p.gT());
        }
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
