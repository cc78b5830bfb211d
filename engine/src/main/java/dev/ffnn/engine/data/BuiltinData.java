package dev.ffnn.engine.data;

import dev.ffnn.engine.math.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The two seeded data sets shaped like the course lab's, made in memory (no files shipped). */
public final class BuiltinData {
    private BuiltinData() {
    }

    /**
     * 99 points in 3D, 4 classes. Each class owns two opposite corners of the cube [−1, 1]³ (c and −c),
     * with Gaussian noise σ = 0.3 around each: no linear map of the inputs separates a class from its
     * mirror image, so softmax regression alone cannot fit it, while one hidden layer reaches 100%.
     */
    public static Dataset classification3d(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int points = 99;
        int classes = 4;
        double[][] corners = {
            {1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {1, -1, -1},
        };
        Matrix x = new Matrix(points, 3);
        Matrix y = new Matrix(points, classes);
        for (int i = 0; i < points; i++) {
            int cls = i % classes;
            double sign = (i / classes) % 2 == 0 ? 1 : -1;
            for (int d = 0; d < 3; d++) {
                x.set(i, d, sign * corners[cls][d] + 0.3 * gaussian(rnd));
            }
            y.set(i, cls, 1.0);
        }
        return new Dataset("built-in 3D classification (seed " + seed + ")", List.of("x1", "x2", "x3"), "y", x, y,
                List.of("0", "1", "2", "3"));
    }

    /**
     * 100 points of y = sin(1.5x) + 0.3x + noise (σ = 0.05) for x uniform in [−3, 3], sorted by x, so a
     * split that keeps the first 70% for training holds out the right end of the range.
     */
    public static Dataset regression1d(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int points = 100;
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = rnd.nextDouble(-3, 3);
        }
        Arrays.sort(xs);
        Matrix x = new Matrix(points, 1);
        Matrix y = new Matrix(points, 1);
        for (int i = 0; i < points; i++) {
            x.set(i, 0, xs[i]);
            y.set(i, 0, truth(xs[i]) + 0.05 * gaussian(rnd));
        }
        return new Dataset("built-in 1D regression (seed " + seed + ")", List.of("x"), "y", x, y, List.of());
    }

    /** The noiseless function behind {@link #regression1d(long)}. */
    public static double truth(double x) {
        return Math.sin(1.5 * x) + 0.3 * x;
    }

    /** Box–Muller from a SplittableRandom, so the data depend on the seed alone. */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
