package dev.ffnn.engine.data;

import dev.ffnn.engine.math.Matrix;

/**
 * Per-feature standardisation x' = (x − mean) / std, fitted on training inputs and stored with a model so
 * that predictions see inputs scaled the same way. A constant feature gets std 1 (it becomes 0, not NaN).
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std lengths differ: " + mean.length + " vs " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The identity for n features. */
    public static Standardizer identity(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        return new Standardizer(new double[n], ones);
    }

    public static Standardizer fit(Matrix x) {
        int n = x.cols();
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int c = 0; c < n; c++) {
            double sum = 0;
            for (int i = 0; i < x.rows(); i++) {
                sum += x.get(i, c);
            }
            mean[c] = sum / x.rows();
            double ss = 0;
            for (int i = 0; i < x.rows(); i++) {
                double d = x.get(i, c) - mean[c];
                ss += d * d;
            }
            double s = Math.sqrt(ss / x.rows());
            std[c] = s > 0 ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /** A new matrix of standardised inputs. */
    public Matrix apply(Matrix x) {
        if (x.cols() != mean.length) {
            throw new IllegalArgumentException("inputs " + x.shape() + " need " + mean.length + " columns");
        }
        Matrix out = new Matrix(x.rows(), x.cols());
        for (int i = 0; i < x.rows(); i++) {
            for (int c = 0; c < x.cols(); c++) {
                out.set(i, c, (x.get(i, c) - mean[c]) / std[c]);
            }
        }
        return out;
    }

    public int features() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }
}
