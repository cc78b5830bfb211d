package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Matrix;

/**
 * Every quantity of one forward and backward pass over a batch of I rows, in buffers allocated once for
 * that I and reused at every step. Names follow the lecture: X̃ = [1, X], X̂ = X̃V, F = σ(X̂), F̃ = [1, F],
 * F̂ = F̃W, G, E, and the gradients dV = ∂E/∂V, dW = ∂E/∂W.
 *
 * <p>X is the view of X̃'s columns 1..N, so X̃'s bias column costs no copy. F is a compact I×K buffer: the
 * network never multiplies by F̃ = [1, F], it adds W's bias row to F·W₁ instead (and sums ∂E/∂F̂ down its
 * columns for dW's bias row), which lets σ run over F as one contiguous run. {@link #fTilde()} assembles F̃
 * on request, for the trace and the checks. The matrices are the live buffers: read them between steps
 * (listeners do), do not keep them.
 */
public final class Pass {
    private final Matrix xTilde;
    private final Matrix x;
    private final Matrix y;
    private final Matrix xHat;
    private final Matrix fTilde;
    private final Matrix f;
    /** X̃'s column of ones (I×1): Σᵢ over rows as a product, onesᵀ·∂E/∂F̂ = dW's bias row. */
    private final Matrix ones;
    private final Matrix fHat;
    private final Matrix g;
    /** ∂E/∂F̂, I×J. */
    private final Matrix deltaOut;
    /** ∂E/∂F, then (in place) ∂E/∂X̂ after the σ' factor, I×K. */
    private final Matrix deltaHidden;
    private final Matrix dV;
    private final Matrix dW;
    private final Matrix dW0;
    private final Matrix dW1;
    private double e = Double.NaN;

    /** Buffers for batches of {@code rows} rows of a network of the given shape. */
    public Pass(int rows, int n, int k, int j, Head head) {
        xTilde = new Matrix(rows, n + 1);
        xTilde.fillColumn(0, 1.0);
        x = xTilde.withoutFirstColumn();
        y = new Matrix(rows, j);
        xHat = new Matrix(rows, k);
        ones = xTilde.view(0, 0, rows, 1);
        f = new Matrix(rows, k);
        fTilde = new Matrix(rows, k + 1);
        fTilde.fillColumn(0, 1.0);
        fHat = new Matrix(rows, j);
        // Regression's output is the identity: G is F̂ itself, not a copy.
        g = head == Head.CLASSIFICATION ? new Matrix(rows, j) : fHat;
        deltaOut = new Matrix(rows, j);
        deltaHidden = new Matrix(rows, k);
        dV = new Matrix(n + 1, k);
        dW = new Matrix(k + 1, j);
        dW0 = dW.view(0, 0, 1, j);
        dW1 = dW.withoutFirstRow();
    }

    /** Number of rows I in this batch. */
    public int rows() {
        return xTilde.rows();
    }

    /** Loads inputs X (I×N) and targets Y (I×J), copying them into X̃'s columns 1..N and Y. */
    public void load(Matrix inputs, Matrix targets) {
        x.copyFrom(inputs);
        y.copyFrom(targets);
    }

    /** Copies row {@code src} of the inputs and targets into row {@code dst} of this batch. */
    public void loadRow(int dst, Matrix inputs, Matrix targets, int src) {
        for (int c = 0; c < x.cols(); c++) {
            x.set(dst, c, inputs.get(src, c));
        }
        for (int c = 0; c < y.cols(); c++) {
            y.set(dst, c, targets.get(src, c));
        }
    }

    public Matrix x() {
        return x;
    }

    public Matrix xTilde() {
        return xTilde;
    }

    public Matrix y() {
        return y;
    }

    public Matrix xHat() {
        return xHat;
    }

    public Matrix f() {
        return f;
    }

    /** F̃ = [1, F], assembled from F on each call (a copy of I×K values): for reading, not for the hot path. */
    public Matrix fTilde() {
        fTilde.withoutFirstColumn().copyFrom(f);
        return fTilde;
    }

    Matrix ones() {
        return ones;
    }

    Matrix dW0() {
        return dW0;
    }

    Matrix dW1() {
        return dW1;
    }

    public Matrix fHat() {
        return fHat;
    }

    public Matrix g() {
        return g;
    }

    /** The loss E of the last forward pass. */
    public double e() {
        return e;
    }

    void setE(double e) {
        this.e = e;
    }

    Matrix deltaOut() {
        return deltaOut;
    }

    Matrix deltaHidden() {
        return deltaHidden;
    }

    /** ∂E/∂V of the last backward pass, (N+1)×K. */
    public Matrix dV() {
        return dV;
    }

    /** ∂E/∂W of the last backward pass, (K+1)×J. */
    public Matrix dW() {
        return dW;
    }
}
