package dev.ffnn.engine.data;

import dev.ffnn.engine.math.Matrix;
import java.util.List;

/**
 * Inputs X (I×N) and targets Y: one-hot I×J for classification (with the class names, index = column),
 * I×1 values for regression ({@code classes} empty).
 */
public record Dataset(String source, List<String> featureNames, String targetName, Matrix x, Matrix y,
                      List<String> classes) {

    public Dataset {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("X " + x.shape() + " and Y " + y.shape() + " differ in rows");
        }
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
    }

    public int rows() {
        return x.rows();
    }

    public boolean isClassification() {
        return !classes.isEmpty();
    }

    /** Rows [from, to) as a new data set (copies). */
    public Dataset slice(int from, int to) {
        return new Dataset(source, featureNames, targetName, x.view(from, 0, to - from, x.cols()).copy(),
                y.view(from, 0, to - from, y.cols()).copy(), classes);
    }

    /** The rows in the given order (a permutation of 0..I−1), as a new data set. */
    public Dataset reordered(int[] order) {
        if (order.length != rows()) {
            throw new IllegalArgumentException("order has " + order.length + " entries for " + rows() + " rows");
        }
        Matrix nx = new Matrix(x.rows(), x.cols());
        Matrix ny = new Matrix(y.rows(), y.cols());
        for (int i = 0; i < order.length; i++) {
            nx.view(i, 0, 1, x.cols()).copyFrom(x.view(order[i], 0, 1, x.cols()));
            ny.view(i, 0, 1, y.cols()).copyFrom(y.view(order[i], 0, 1, y.cols()));
        }
        return new Dataset(source, featureNames, targetName, nx, ny, classes);
    }

    /** The same data with other inputs (e.g. standardised). */
    public Dataset withInputs(Matrix newX) {
        return new Dataset(source, featureNames, targetName, newX, y, classes);
    }
}
