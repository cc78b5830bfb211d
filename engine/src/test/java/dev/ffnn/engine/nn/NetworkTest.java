package dev.ffnn.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network computes on transposes (one column per sample); this holds it to the lecture's formulas
 * written the lecture's way, one row per sample, with the scalar reference kernels. A gradient check cannot
 * catch a wrong forward pass (it differentiates whatever forward computes), so the forward is checked here.
 */
class NetworkTest {
    static Stream<Kernels> kernels() {
        return Stream.of(KernelProvider.scalar(), KernelProvider.vector());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void forwardIsTheLecturesFormulasRowByRow(Kernels kernels) {
        Kernels ref = KernelProvider.scalar();
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] shapes = {{1, 1, 1, 2}, {7, 2, 10, 4}, {100, 2, 10, 4}, {33, 5, 3, 1}, {70, 1, 10, 1}, {19, 3, 17, 9}};
        for (int[] shape : shapes) {
            int rows = shape[0], n = shape[1], k = shape[2], j = shape[3];
            Head head = j == 1 ? Head.REGRESSION : Head.CLASSIFICATION;
            Network net = new Network(n, k, j, head, kernels).initialize(rows + n);
            Matrix x = new Matrix(rows, n);
            Matrix y = new Matrix(rows, j);
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < n; c++) {
                    x.set(i, c, rnd.nextDouble(-2, 2));
                }
                y.set(i, head == Head.REGRESSION ? 0 : rnd.nextInt(j), head == Head.REGRESSION ? rnd.nextDouble() : 1.0);
            }
            Pass p = net.newPass(rows);
            p.load(x, y);
            double e = net.forward(p);

            String what = rows + "x" + n + "-" + k + "-" + j + " " + kernels.name();
            Matrix xTilde = x.withBiasColumn();
            Matrix xHat = new Matrix(rows, k);
            ref.matmul(xTilde, net.v(), xHat);
            Matrix f = new Matrix(rows, k);
            ref.sigmoid(xHat, f);
            Matrix fTilde = f.withBiasColumn();
            Matrix fHat = new Matrix(rows, j);
            ref.matmul(fTilde, net.w(), fHat);
            Matrix g = fHat;
            if (head == Head.CLASSIFICATION) {
                g = new Matrix(rows, j);
                ref.softmaxRows(fHat, g);
            }
            double expectedE = head == Head.CLASSIFICATION ? ref.crossEntropy(g, y) : ref.meanSquaredError(g, y);

            assertEquals(0.0, Matrix.maxAbsDiff(xTilde, p.xTilde()), "X̃ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(x, p.x()), "X " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(y, p.y()), "Y " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(xHat, p.xHat()), 1e-14, "X̂ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(f, p.f()), 1e-14, "F " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(fTilde, p.fTilde()), 1e-14, "F̃ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(fHat, p.fHat()), 1e-13, "F̂ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(g, p.g()), 1e-13, "G " + what);
            assertEquals(expectedE, e, 1e-13 * Math.max(1, expectedE), "E " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(g, net.predict(x)), 1e-13, "predict " + what);
        }
    }
}
