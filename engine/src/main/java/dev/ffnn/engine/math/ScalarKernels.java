package dev.ffnn.engine.math;

/**
 * The plain-Java reference: the oracle the vector kernels are tested against, and the fallback when
 * {@code jdk.incubator.vector} is not available. Written for clarity first; loops are in the order that
 * walks memory forwards.
 */
public final class ScalarKernels implements Kernels {

    /** The smallest probability a log is taken of: keeps −log G finite when G underflows to 0. */
    static final double LOG_FLOOR = Double.MIN_NORMAL;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int aRowStep, int aKStep,
                     double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = 0.0;
            }
            // i-p-j order: the innermost loop streams one row of B into one row of C.
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * aRowStep + p * aKStep];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    @Override
    public void gemmTransB(int m, int n, int k, double[] a, int aOff, int lda,
                           double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[aOff + i * lda + p], b[bOff + j * ldb + p], sum);
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    @Override
    public void expRun(double[] x, int xOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidRun(double[] x, int xOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = sigmoid(x[xOff + i]);
        }
    }

    /**
     * σ(x) from e = e^(−|x|) ∈ [0, 1], so nothing overflows for any x: 1/(1+e) for x ≥ 0 and
     * e/(1+e) for x &lt; 0. The second form (not 1 − 1/(1+e)) keeps full relative precision for very
     * negative x, and σ(−x) = 1 − σ(x) holds up to the rounding of that subtraction.
     */
    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return (x >= 0 ? 1.0 : e) / (1.0 + e);
    }

    @Override
    public void sigmoidBackwardRun(double[] f, int fOff, double[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            double fi = f[fOff + i];
            d[dOff + i] *= fi * (1.0 - fi);
        }
    }

    @Override
    public void softmaxRow(double[] x, int xOff, double[] out, int outOff, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xOff + i]);
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[xOff + i] - max);
            out[outOff + i] = e;
            sum += e;
        }
        // sum ≥ 1 because the max entry contributes e^0: the division is always safe.
        double inv = 1.0 / sum;
        for (int i = 0; i < n; i++) {
            out[outOff + i] *= inv;
        }
    }

    @Override
    public void softmaxColumns(double[] x, int xOff, double[] out, int outOff, int rows, int cols) {
        for (int c = 0; c < cols; c++) {
            exponentiateColumn(x, xOff + c, out, outOff + c, rows, cols);
            double inv = 1.0 / columnSum(out, outOff + c, rows, cols); // ≥ 1 term is e^0, as in softmaxRow
            for (int r = 0; r < rows; r++) {
                out[outOff + r * cols + c] *= inv;
            }
        }
    }

    /** One column (rows entries, row step ld): out = exp(x − max x), so nothing overflows; returns the max. */
    private static double exponentiateColumn(double[] x, int xAt, double[] out, int outAt, int rows, int ld) {
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            max = Math.max(max, x[xAt + r * ld]);
        }
        for (int r = 0; r < rows; r++) {
            out[outAt + r * ld] = Math.exp(x[xAt + r * ld] - max);
        }
        return max;
    }

    /** Σ down one column (row step ld), in row order. */
    private static double columnSum(double[] a, int at, int rows, int ld) {
        double sum = 0.0;
        for (int r = 0; r < rows; r++) {
            sum += a[at + r * ld];
        }
        return sum;
    }

    @Override
    public double squaredErrorSum(double[] g, int gOff, double[] y, int yOff, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double d = g[gOff + i] - y[yOff + i];
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    @Override
    public double logLikelihoodSum(double[] g, int gOff, double[] y, int yOff, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double yi = y[yOff + i];
            if (yi != 0.0) {
                sum += yi * Math.log(Math.max(g[gOff + i], LOG_FLOOR));
            }
        }
        return sum;
    }

    /** Column by column as {@link #softmaxColumns} (same G, bit for bit), then delta and y·log g row by row. */
    @Override
    public double softmaxCrossEntropyColumns(double[] x, int xOff, double[] y, int yOff, double[] g, int gOff,
                                             double[] delta, int deltaOff, double scale, int rows, int cols, int ld) {
        double logLikelihood = 0.0;
        for (int c = 0; c < cols; c++) {
            double max = exponentiateColumn(x, xOff + c, g, gOff + c, rows, ld);
            double sum = columnSum(g, gOff + c, rows, ld);
            double inv = 1.0 / sum; // sum ≥ 1: the max entry contributes e^0
            double logSum = Math.log(sum);
            for (int r = 0; r < rows; r++) {
                double gi = g[gOff + r * ld + c] * inv;
                double yi = y[yOff + r * ld + c];
                g[gOff + r * ld + c] = gi;
                delta[deltaOff + r * ld + c] = scale * (gi - yi);
                if (yi != 0.0) {
                    logLikelihood += yi * ((x[xOff + r * ld + c] - max) - logSum);
                }
            }
        }
        return logLikelihood;
    }

    @Override
    public void scaledDifferenceRun(double scale, double[] g, int gOff, double[] y, int yOff,
                                    double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = scale * (g[gOff + i] - y[yOff + i]);
        }
    }

    @Override
    public void axpbyRun(double alpha, double[] x, int xOff, double beta, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], beta * y[yOff + i]);
        }
    }

    @Override
    public void adamRun(double[] p, double[] g, double[] m, double[] v, int off, int n,
                        double lr, double beta1, double beta2, double c1, double c2, double eps) {
        for (int i = off; i < off + n; i++) {
            double gi = g[i];
            m[i] = Math.fma(beta1, m[i], (1 - beta1) * gi);
            v[i] = Math.fma(beta2, v[i], (1 - beta2) * gi * gi);
            p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
        }
    }
}
