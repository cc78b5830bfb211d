package dev.ffnn.engine.math;

import java.util.function.IntConsumer;

/**
 * The numeric kernels the network is built from, after Lucene's {@code VectorUtilSupport}: one interface,
 * a plain scalar reference ({@link ScalarKernels}) and a Vector API implementation
 * ({@code PanamaKernels}), picked once by {@link KernelProvider}.
 *
 * <p>The public methods take {@link Matrix} arguments (views allowed), check shapes and then hand
 * contiguous runs or raw strides to the few primitives each implementation writes. Outputs are
 * overwritten, never accumulated into, unless the method says otherwise. No method allocates.
 */
public interface Kernels {

    /** "scalar" or "vector", as shown to users. */
    String name();

    /** A one-line description for logs and reports, e.g. the vector width. */
    default String description() {
        return name();
    }

    /**
     * Runs {@code body} on each of the chunks 0 … chunks − 1 and returns when all are done. These kernels run
     * them in order on the caller; {@link ParallelKernels} gives each thread a block of consecutive chunks,
     * the same at every call, so that what one call of a thread wrote is in that core's cache for its next,
     * and a thread done with its block takes the last chunks of another's. A body computes with
     * {@link #serial()}, never with these kernels, and its result must not depend on the thread it runs on.
     */
    default void forEachChunk(int chunks, IntConsumer body) {
        for (int c = 0; c < chunks; c++) {
            body.accept(c);
        }
    }

    /** The kernels a {@link #forEachChunk} body calls: these, or the one-thread kernels parallel ones run on. */
    default Kernels serial() {
        return this;
    }

    /**
     * The kernels for a run of calls none of which has more than {@code multiplyAdds} multiply-adds or
     * more than {@code elements} elements in one operand: these, or {@link #serial()} where these would run
     * every such call on the caller anyway (so the calls skip the cutting; same bits either way).
     */
    default Kernels forCalls(long multiplyAdds, long elements) {
        return this;
    }

    // ---------------------------------------------------------------- primitives each implementation writes

    /**
     * C = op(A)·B with C m×n, B k×n row-major (row step ldb), C row step ldc, and A addressed as
     * {@code a[aOff + i*aRowStep + p*aKStep]} for row i of op(A) and inner index p. A·B passes
     * (lda, 1), Aᵀ·B passes (1, lda): one micro-kernel serves both without a transpose.
     */
    void gemm(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
              double[] b, int bOff, int ldb, double[] c, int cOff, int ldc);

    /** C = A·Bᵀ with A m×k (row step lda), B n×k (row step ldb), C m×n (row step ldc). */
    void gemmTransB(int m, int n, int k, double[] a, int aOff, int lda,
                    double[] b, int bOff, int ldb, double[] c, int cOff, int ldc);

    /**
     * C = op(A)·B as {@link #gemm}, and F = σ(C) (m×n, row step ldf, not overlapping C): X̂ = X̃V and
     * F = σ(X̂) in one call, so that an implementation may take σ of each block of C while it is still in
     * cache. σ is element-wise, so F has the bits {@link #sigmoidRun} gives over C.
     */
    default void gemmSigmoid(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                             double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
        gemm(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
        sigmoidBlock(true, m, n, c, cOff, ldc, f, fOff, ldf);
    }

    /**
     * C = (op(A)·B) ∘ F ∘ (1 − F), F m×n with row step ldf: the hidden delta W₁·∂E/∂F̂ and the chain rule
     * through σ (F = σ's output) in one call, so that an implementation may apply the factor to each block
     * of C while it is still in cache. The factor is element-wise: the bits of {@link #gemm} then
     * {@link #sigmoidBackwardRun}.
     */
    default void gemmSigmoidBackward(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
                                     double[] f, int fOff, int ldf) {
        gemm(m, n, k, a, aOff, aRowStep, aKStep, b, bOff, ldb, c, cOff, ldc);
        sigmoidBlock(false, m, n, c, cOff, ldc, f, fOff, ldf);
    }

    /**
     * F = σ(C) ({@code forward}) or C ∘= F(1 − F) over an m×n block, as one run when both are compact (a
     * sample-major row of I samples, or J = 4 values of a sample-minor one, is short).
     */
    private void sigmoidBlock(boolean forward, int m, int n, double[] c, int cOff, int ldc, double[] f, int fOff, int ldf) {
        boolean compact = ldc == n && ldf == n;
        int runs = compact ? 1 : m;
        int length = compact ? m * n : n;
        for (int i = 0; i < runs; i++) {
            if (forward) {
                sigmoidRun(c, cOff + i * ldc, f, fOff + i * ldf, length);
            } else {
                sigmoidBackwardRun(f, fOff + i * ldf, c, cOff + i * ldc, length);
            }
        }
    }

    /** out[i] = exp(x[i]) over a run of n elements. */
    void expRun(double[] x, int xOff, double[] out, int outOff, int n);

    /** out[i] = σ(x[i]) = 1 / (1 + e^(−x[i])) over a run; finite for every finite x; out may be x, not a shifted overlap. */
    void sigmoidRun(double[] x, int xOff, double[] out, int outOff, int n);

    /** d[i] *= f[i](1 − f[i]): the chain rule through σ, written from σ's output F. */
    void sigmoidBackwardRun(double[] f, int fOff, double[] d, int dOff, int n);

    /** One row of softmax: out = exp(x − max x) / Σ exp(x − max x). */
    void softmaxRow(double[] x, int xOff, double[] out, int outOff, int n);

    /**
     * Softmax down each column of a compact rows×cols block (row step = cols): column c is one sample's J
     * logits, out[·][c] = exp(x[·][c] − max) / Σ exp(x[·][c] − max). Sample-major activations put the
     * samples along the rows, so a vector kernel runs along them however few classes there are.
     */
    void softmaxColumns(double[] x, int xOff, double[] out, int outOff, int rows, int cols);

    /**
     * Softmax, cross-entropy and its gradient in one pass over a rows×cols block of one column per sample,
     * the four matrices sharing the row step ld: g = softmax of each column of the logits x (as
     * {@link #softmaxColumns}), delta = scale·(g − y), and the return value Σ y·log g over the block, where
     * log g = (x − max) − log Σ exp(x − max), the log-sum-exp form: its log is of a sum ≥ 1, so it is never
     * log 0, and a g that underflows still gets its exact log. Entries with y = 0 add nothing.
     */
    double softmaxCrossEntropyColumns(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                                      double[] delta, int deltaOff, double scale, int rows, int cols, int ld);

    /** Σ (g[i] − y[i])² over a run. */
    double squaredErrorSum(double[] g, int gOff, double[] y, int yOff, int n);

    /** Σ y[i]·log(max(g[i], tiny)) over a run: log 0 is never taken. */
    double logLikelihoodSum(double[] g, int gOff, double[] y, int yOff, int n);

    /** out[i] = scale·(g[i] − y[i]) over a run. */
    void scaledDifferenceRun(double scale, double[] g, int gOff, double[] y, int yOff,
                             double[] out, int outOff, int n);

    /** y[i] = alpha·x[i] + beta·y[i] over a run. */
    void axpbyRun(double alpha, double[] x, int xOff, double beta, double[] y, int yOff, int n);

    /**
     * One Adam step over a run: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
     * p −= lr · (m / c1) / (√(v / c2) + ε), where c1 = 1 − β1^t and c2 = 1 − β2^t are the bias corrections.
     */
    void adamRun(double[] p, double[] g, double[] m, double[] v, int off, int n,
                 double lr, double beta1, double beta2, double c1, double c2, double eps);

    // ---------------------------------------------------------------- the shape-checked matrix API

    /** C = A·B. */
    default void matmul(Matrix a, Matrix b, Matrix c) {
        requireProduct("matmul", a, b, c);
        gemm(a.rows(), b.cols(), a.cols(), a.data(), a.offset(), a.stride(), 1,
                b.data(), b.offset(), b.stride(), c.data(), c.offset(), c.stride());
    }

    /** C = Aᵀ·B, reading A in place. */
    default void matmulTransA(Matrix a, Matrix b, Matrix c) {
        requireTransAProduct("matmulTransA", a, b, c);
        gemm(a.cols(), b.cols(), a.rows(), a.data(), a.offset(), 1, a.stride(),
                b.data(), b.offset(), b.stride(), c.data(), c.offset(), c.stride());
    }

    /** C = Aᵀ·B and F = σ(C), reading A in place; see {@link #gemmSigmoid}. */
    default void matmulTransASigmoid(Matrix a, Matrix b, Matrix c, Matrix f) {
        requireTransAProduct("matmulTransASigmoid", a, b, c);
        Matrix.requireSameShape("matmulTransASigmoid", c, f);
        gemmSigmoid(a.cols(), b.cols(), a.rows(), a.data(), a.offset(), 1, a.stride(),
                b.data(), b.offset(), b.stride(), c.data(), c.offset(), c.stride(), f.data(), f.offset(), f.stride());
    }

    /** C = (A·B) ∘ F ∘ (1 − F); see {@link #gemmSigmoidBackward}. */
    default void matmulSigmoidBackward(Matrix a, Matrix b, Matrix c, Matrix f) {
        requireProduct("matmulSigmoidBackward", a, b, c);
        Matrix.requireSameShape("matmulSigmoidBackward", c, f);
        gemmSigmoidBackward(a.rows(), b.cols(), a.cols(), a.data(), a.offset(), a.stride(), 1,
                b.data(), b.offset(), b.stride(), c.data(), c.offset(), c.stride(), f.data(), f.offset(), f.stride());
    }

    private static void requireProduct(String op, Matrix a, Matrix b, Matrix c) {
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": A " + a.shape() + " · B " + b.shape()
                    + " cannot go into C " + c.shape());
        }
    }

    private static void requireTransAProduct(String op, Matrix a, Matrix b, Matrix c) {
        if (a.rows() != b.rows() || c.rows() != a.cols() || c.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": Aᵀ of A " + a.shape() + " · B " + b.shape()
                    + " cannot go into C " + c.shape());
        }
    }

    /** C = A·Bᵀ, reading B in place. */
    default void matmulTransB(Matrix a, Matrix b, Matrix c) {
        if (a.cols() != b.cols() || c.rows() != a.rows() || c.cols() != b.rows()) {
            throw new IllegalArgumentException("matmulTransB: A " + a.shape() + " · Bᵀ of B " + b.shape()
                    + " cannot go into C " + c.shape());
        }
        gemmTransB(a.rows(), b.rows(), a.cols(), a.data(), a.offset(), a.stride(),
                b.data(), b.offset(), b.stride(), c.data(), c.offset(), c.stride());
    }

    /** out = exp(x) element-wise; out may be x. */
    default void exp(Matrix x, Matrix out) {
        Matrix.requireSameShape("exp", x, out);
        for (int i = 0; i < x.rows(); i++) {
            expRun(x.data(), x.offset() + i * x.stride(), out.data(), out.offset() + i * out.stride(), x.cols());
        }
    }

    /** out = σ(x) element-wise; either may be a view, and out may be x itself (but not a shifted overlap of it). */
    default void sigmoid(Matrix x, Matrix out) {
        Matrix.requireSameShape("sigmoid", x, out);
        sigmoidBlock(true, x.rows(), x.cols(), x.data(), x.offset(), x.stride(), out.data(), out.offset(), out.stride());
    }

    /** d ⊙= F ⊙ (1 − F), where F = σ(X̂): σ'(X̂) needs no exp once F is known. */
    default void sigmoidBackward(Matrix f, Matrix d) {
        Matrix.requireSameShape("sigmoidBackward", f, d);
        sigmoidBlock(false, f.rows(), f.cols(), d.data(), d.offset(), d.stride(), f.data(), f.offset(), f.stride());
    }

    /** Row-wise softmax, stable for any finite logits (each row is shifted by its max first). */
    default void softmaxRows(Matrix x, Matrix out) {
        Matrix.requireSameShape("softmaxRows", x, out);
        for (int i = 0; i < x.rows(); i++) {
            softmaxRow(x.data(), x.offset() + i * x.stride(), out.data(), out.offset() + i * out.stride(), x.cols());
        }
    }

    /**
     * Softmax down each column of a compact matrix (one column per sample), stable for any finite logits
     * (each column is shifted by its max first).
     */
    default void softmaxColumns(Matrix x, Matrix out) {
        Matrix.requireSameShape("softmaxColumns", x, out);
        if (!x.isContiguous() || !out.isContiguous()) {
            throw new IllegalArgumentException("softmaxColumns: logits " + x.shape() + " and output must be compact");
        }
        softmaxColumns(x.data(), x.offset(), out.data(), out.offset(), x.rows(), x.cols());
    }

    /**
     * The classification head of a sample-major pass in one sweep: G = softmax(F̂) by columns,
     * ∂E/∂F̂ = scale·(G − Y), and E = −(1/I) Σ Y log G (I = cols); see
     * {@link #softmaxCrossEntropyColumns(double[], int, double[], int, double[], int, double[], int, double, int, int, int)}.
     * All four matrices of one shape and one row step: compact, or views of the same columns of wider
     * matrices (a pass's samples inside its padded buffers).
     */
    default double softmaxCrossEntropyColumns(Matrix logits, Matrix y, Matrix g, Matrix delta, double scale) {
        return negativeMean(softmaxCrossEntropySum(logits, y, g, delta, scale), logits.cols());
    }

    /**
     * As {@link #softmaxCrossEntropyColumns(Matrix, Matrix, Matrix, Matrix, double)}, returning Σ Y log G
     * rather than E: what a slice of a pass's samples adds to the whole pass's sum.
     */
    default double softmaxCrossEntropySum(Matrix logits, Matrix y, Matrix g, Matrix delta, double scale) {
        Matrix.requireSameShape("softmaxCrossEntropyColumns", logits, y);
        Matrix.requireSameShape("softmaxCrossEntropyColumns", logits, g);
        Matrix.requireSameShape("softmaxCrossEntropyColumns", logits, delta);
        int ld = rowStep(logits);
        if (rowStep(y) != ld || rowStep(g) != ld || rowStep(delta) != ld) {
            throw new IllegalArgumentException("softmaxCrossEntropyColumns: logits " + logits.shape()
                    + ", targets, output and gradient must have one row step");
        }
        return softmaxCrossEntropyColumns(logits.data(), logits.offset(), y.data(), y.offset(), g.data(), g.offset(),
                delta.data(), delta.offset(), scale, logits.rows(), logits.cols(), ld);
    }

    /** Σ Yᵢⱼ log Gᵢⱼ over every entry, in either layout; log 0 is never taken (G is floored at the smallest normal). */
    default double logLikelihood(Matrix g, Matrix y) {
        Matrix.requireSameShape("logLikelihood", g, y);
        if (sameRuns(g, y)) {
            return logLikelihoodSum(g.data(), g.offset(), y.data(), y.offset(), (int) g.size());
        }
        double sum = 0;
        for (int i = 0; i < g.rows(); i++) {
            sum += logLikelihoodSum(g.data(), g.offset() + i * g.stride(), y.data(), y.offset() + i * y.stride(), g.cols());
        }
        return sum;
    }

    /** E = −(1/I) Σᵢ Σⱼ Yᵢⱼ log Gᵢⱼ with one row per sample (I = rows). */
    default double crossEntropy(Matrix g, Matrix y) {
        return negativeMean(logLikelihood(g, y), g.rows());
    }

    private static double negativeMean(double sum, int samples) {
        return 0.0 - sum / samples; // 0.0 − x, not −x: a perfect fit reports 0, not −0
    }

    /** E = (1/(I·J)) Σ (G − Y)²: the mean over every entry, so the same in either layout. */
    default double meanSquaredError(Matrix g, Matrix y) {
        return squaredErrorSum(g, y) / g.size();
    }

    /** Σ (G − Y)² over every entry, in either layout. */
    default double squaredErrorSum(Matrix g, Matrix y) {
        Matrix.requireSameShape("squaredErrorSum", g, y);
        if (sameRuns(g, y)) {
            return squaredErrorSum(g.data(), g.offset(), y.data(), y.offset(), (int) g.size());
        }
        double sum = 0;
        for (int i = 0; i < g.rows(); i++) {
            sum += squaredErrorSum(g.data(), g.offset() + i * g.stride(), y.data(), y.offset() + i * y.stride(), g.cols());
        }
        return sum;
    }

    /**
     * True when both matrices are compact, so an element-wise kernel can run over each as one run instead of
     * a run per row (a sample-major row of I samples, or J = 4 values of a sample-minor one, is short).
     */
    private static boolean sameRuns(Matrix a, Matrix b) {
        return a.isContiguous() && b.isContiguous() && a.size() <= Integer.MAX_VALUE;
    }

    /** The step between rows, the columns for a one-row matrix (whose stride says nothing). */
    private static int rowStep(Matrix m) {
        return m.rows() <= 1 ? m.cols() : m.stride();
    }

    /** out = scale · (G − Y): the output-layer gradient of both heads, up to the scale. */
    default void scaledDifference(double scale, Matrix g, Matrix y, Matrix out) {
        Matrix.requireSameShape("scaledDifference", g, y);
        Matrix.requireSameShape("scaledDifference", g, out);
        if (sameRuns(g, y) && sameRuns(g, out)) {
            scaledDifferenceRun(scale, g.data(), g.offset(), y.data(), y.offset(), out.data(), out.offset(), (int) g.size());
            return;
        }
        for (int i = 0; i < g.rows(); i++) {
            scaledDifferenceRun(scale, g.data(), g.offset() + i * g.stride(), y.data(), y.offset() + i * y.stride(),
                    out.data(), out.offset() + i * out.stride(), g.cols());
        }
    }

    /** y = alpha·x + y. */
    default void axpy(double alpha, Matrix x, Matrix y) {
        axpby(alpha, x, 1.0, y);
    }

    /** y = alpha·x + beta·y. */
    default void axpby(double alpha, Matrix x, double beta, Matrix y) {
        Matrix.requireSameShape("axpby", x, y);
        if (sameRuns(x, y)) {
            axpbyRun(alpha, x.data(), x.offset(), beta, y.data(), y.offset(), (int) x.size());
            return;
        }
        for (int i = 0; i < x.rows(); i++) {
            axpbyRun(alpha, x.data(), x.offset() + i * x.stride(), beta, y.data(), y.offset() + i * y.stride(), x.cols());
        }
    }

    /** One Adam step on a parameter matrix; all four matrices must be compact and of one shape. */
    default void adam(Matrix p, Matrix g, Matrix m, Matrix v, double lr, double beta1, double beta2, long t, double eps) {
        Matrix.requireSameShape("adam", p, g);
        Matrix.requireSameShape("adam", p, m);
        Matrix.requireSameShape("adam", p, v);
        if (!(p.isContiguous() && g.isContiguous() && m.isContiguous() && v.isContiguous())
                || p.offset() != g.offset() || p.offset() != m.offset() || p.offset() != v.offset()) {
            throw new IllegalArgumentException("adam: parameter, gradient and moments must be compact and aligned");
        }
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        adamRun(p.data(), g.data(), m.data(), v.data(), p.offset(), (int) p.size(), lr, beta1, beta2, c1, c2, eps);
    }
}
