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
 * <p>The lecture's own orientation (one row per sample) is what {@link #x()}, {@link #xTilde()}, … return:
 * copies transposed on each call into buffers made on first use, for the trace, the checks and learners,
 * not for the training loop. dV and dW have the weights' shapes in both views.
 */
public final class Pass {
    private final int rows;
    /** X̃ᵀ, (N+1)×I: row 0 the ones that meet V's bias row. */
    private final Matrix xTildeT;
    /** Xᵀ, the rows 1..N of X̃ᵀ. */
    private final Matrix xT;
    private final Matrix yT;
    private final Matrix xHatT;
    /** F̃ᵀ, (K+1)×I: row 0 the ones that meet W's bias row. */
    private final Matrix fTildeT;
    /** Fᵀ, the rows 1..K of F̃ᵀ, where σ writes. */
    private final Matrix fT;
    private final Matrix fHatT;
    private final Matrix gT;
    /** (∂E/∂F̂)ᵀ, J×I. */
    private final Matrix deltaOutT;
    /** (∂E/∂F)ᵀ, then (in place) (∂E/∂X̂)ᵀ after the σ' factor, K×I. */
    private final Matrix deltaHiddenT;
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
        xTildeT = new Matrix(n + 1, rows);
        xTildeT.view(0, 0, 1, rows).fill(1.0);
        xT = xTildeT.withoutFirstRow();
        yT = new Matrix(j, rows);
        xHatT = new Matrix(k, rows);
        fTildeT = new Matrix(k + 1, rows);
        fTildeT.view(0, 0, 1, rows).fill(1.0);
        fT = fTildeT.withoutFirstRow();
        fHatT = new Matrix(j, rows);
        // Regression's output is the identity: G is F̂ itself, not a copy.
        gT = head == Head.CLASSIFICATION ? new Matrix(j, rows) : fHatT;
        deltaOutT = new Matrix(j, rows);
        deltaHiddenT = new Matrix(k, rows);
        dV = new Matrix(n + 1, k);
        dW = new Matrix(k + 1, j);
    }

    /** Number of samples I in this batch. */
    public int rows() {
        return rows;
    }

    /** Loads inputs X (I×N) and targets Y (I×J) into Xᵀ and Yᵀ. */
    public void load(Matrix inputs, Matrix targets) {
        loadInputs(inputs);
        yT.copyTransposedFrom(targets);
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

    private static Matrix transposed(Matrix src, Matrix into) {
        Matrix out = into != null ? into : new Matrix(src.cols(), src.rows());
        out.copyTransposedFrom(src);
        return out;
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

    Matrix yT() {
        return yT;
    }

    Matrix xHatT() {
        return xHatT;
    }

    Matrix fTildeT() {
        return fTildeT;
    }

    Matrix fT() {
        return fT;
    }

    Matrix fHatT() {
        return fHatT;
    }

    Matrix gT() {
        return gT;
    }

    Matrix deltaOutT() {
        return deltaOutT;
    }

    Matrix deltaHiddenT() {
        return deltaHiddenT;
    }
}
