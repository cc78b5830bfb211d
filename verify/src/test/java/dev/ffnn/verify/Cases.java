package dev.ffnn.verify;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import java.util.SplittableRandom;

/**
 * A generated network and data set, described by a few numbers so that a shrunk counter-example reads as
 * a sentence: shapes, the scale of weights and inputs, and a seed for the values.
 */
record Cases(Head head, int rows, int n, int k, int j, double weightScale, double inputScale, long seed) {

    Network network() {
        Network net = new Network(n, k, j, head, KernelProvider.get());
        SplittableRandom rnd = new SplittableRandom(seed);
        fill(net.v(), weightScale, rnd);
        fill(net.w(), weightScale, rnd);
        return net;
    }

    Matrix inputs() {
        Matrix x = new Matrix(rows, n);
        fill(x, inputScale, new SplittableRandom(seed * 31 + 1));
        return x;
    }

    Matrix targets() {
        SplittableRandom rnd = new SplittableRandom(seed * 17 + 2);
        Matrix y = new Matrix(rows, j);
        for (int i = 0; i < rows; i++) {
            if (head == Head.CLASSIFICATION) {
                y.set(i, rnd.nextInt(j), 1.0);
            } else {
                for (int c = 0; c < j; c++) {
                    y.set(i, c, rnd.nextDouble(-2, 2));
                }
            }
        }
        return y;
    }

    private static void fill(Matrix m, double scale, SplittableRandom rnd) {
        for (int i = 0; i < m.rows(); i++) {
            for (int c = 0; c < m.cols(); c++) {
                m.set(i, c, rnd.nextDouble(-scale, scale));
            }
        }
    }
}
