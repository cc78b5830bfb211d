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

    /** The same data with other inputs (e.g. standardised). */
    public Dataset withInputs(Matrix newX) {
        return new Dataset(source, featureNames, targetName, newX, y, classes);
    }
}
