package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Matrix;

/** Evaluation measures: accuracy and confusion matrix for classification, MSE and R² for regression. */
public final class Metrics {
    private Metrics() {
    }

    /** The index of each row's largest entry (the first one on ties). */
    public static int[] argmaxRows(Matrix g) {
        int[] out = new int[g.rows()];
        for (int i = 0; i < g.rows(); i++) {
            int best = 0;
            for (int c = 1; c < g.cols(); c++) {
                if (g.get(i, c) > g.get(i, best)) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Fraction of rows whose argmax of G equals the argmax of the one-hot Y. */
    public static double accuracy(Matrix g, Matrix y) {
        int[] predicted = argmaxRows(g);
        int[] actual = argmaxRows(y);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == actual[i]) {
                right++;
            }
        }
        return predicted.length == 0 ? Double.NaN : (double) right / predicted.length;
    }

    /** counts[actual][predicted]. */
    public static int[][] confusion(Matrix g, Matrix y) {
        int[] predicted = argmaxRows(g);
        int[] actual = argmaxRows(y);
        int[][] counts = new int[y.cols()][y.cols()];
        for (int i = 0; i < predicted.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    /** Mean squared error over every entry. */
    public static double mse(Matrix prediction, Matrix y) {
        Matrix.requireSameShape("mse", prediction, y);
        double sum = 0;
        for (int i = 0; i < y.rows(); i++) {
            for (int c = 0; c < y.cols(); c++) {
                double d = prediction.get(i, c) - y.get(i, c);
                sum += d * d;
            }
        }
        return sum / y.size();
    }

    /** R² = 1 − SS_res / SS_tot over every entry, SS_tot around each column's mean. */
    public static double r2(Matrix prediction, Matrix y) {
        Matrix.requireSameShape("r2", prediction, y);
        double ssRes = 0;
        double ssTot = 0;
        for (int c = 0; c < y.cols(); c++) {
            double mean = 0;
            for (int i = 0; i < y.rows(); i++) {
                mean += y.get(i, c);
            }
            mean /= y.rows();
            for (int i = 0; i < y.rows(); i++) {
                double d = prediction.get(i, c) - y.get(i, c);
                double t = y.get(i, c) - mean;
                ssRes += d * d;
                ssTot += t * t;
            }
        }
        return 1 - ssRes / ssTot;
    }
}
