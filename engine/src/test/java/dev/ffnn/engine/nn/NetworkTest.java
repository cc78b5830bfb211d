package dev.ffnn.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.math.ParallelKernels;
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

    /**
     * Shapes I×N-K-J; most I are not multiples of 8, so the pass pads its buffers (see Pass). The last two
     * are large enough to be computed in chunks of samples, whose partial gradients the network adds up.
     */
    private static final int[][] SHAPES = {{1, 1, 1, 2}, {7, 2, 10, 4}, {100, 2, 10, 4}, {33, 5, 3, 1}, {70, 1, 10, 1},
            {19, 3, 17, 9}, {64, 2, 10, 4}, {1101, 3, 12, 5}, {1030, 2, 6, 1}};

    /** A seeded network of one shape and a batch for it, loaded into a pass. */
    record Case(String what, Network net, Matrix x, Matrix y, Pass pass) {
        static Case of(int[] shape, Kernels kernels, SplittableRandom rnd) {
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
            return new Case(rows + "x" + n + "-" + k + "-" + j + " " + kernels.name(), net, x, y, p);
        }
    }

    /** The forward pass written the lecture's way, one row per sample, with the scalar reference kernels. */
    private record Lecture(Matrix xTilde, Matrix xHat, Matrix f, Matrix fTilde, Matrix fHat, Matrix g) {
        static Lecture of(Network net, Matrix x) {
            Kernels ref = KernelProvider.scalar();
            int rows = x.rows();
            Matrix xTilde = x.withBiasColumn();
            Matrix xHat = new Matrix(rows, net.hidden());
            ref.matmul(xTilde, net.v(), xHat);
            Matrix f = new Matrix(rows, net.hidden());
            ref.sigmoid(xHat, f);
            Matrix fTilde = f.withBiasColumn();
            Matrix fHat = new Matrix(rows, net.outputs());
            ref.matmul(fTilde, net.w(), fHat);
            Matrix g = fHat;
            if (net.head() == Head.CLASSIFICATION) {
                g = new Matrix(rows, net.outputs());
                ref.softmaxRows(fHat, g);
            }
            return new Lecture(xTilde, xHat, f, fTilde, fHat, g);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void forwardIsTheLecturesFormulasRowByRow(Kernels kernels) {
        Kernels ref = KernelProvider.scalar();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] shape : SHAPES) {
            Case c = Case.of(shape, kernels, rnd);
            Pass p = c.pass();
            double e = c.net().forward(p);
            Lecture l = Lecture.of(c.net(), c.x());
            double expectedE = c.net().head() == Head.CLASSIFICATION ? ref.crossEntropy(l.g(), c.y())
                    : ref.meanSquaredError(l.g(), c.y());

            String what = c.what();
            assertEquals(0.0, Matrix.maxAbsDiff(l.xTilde(), p.xTilde()), "X̃ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(c.x(), p.x()), "X " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(c.y(), p.y()), "Y " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(l.xHat(), p.xHat()), 1e-14, "X̂ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(l.f(), p.f()), 1e-14, "F " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(l.fTilde(), p.fTilde()), 1e-14, "F̃ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(l.fHat(), p.fHat()), 1e-13, "F̂ " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(l.g(), p.g()), 1e-13, "G " + what);
            assertEquals(expectedE, e, 1e-13 * Math.max(1, expectedE), "E " + what);
            assertEquals(0.0, Matrix.maxAbsDiff(l.g(), c.net().predict(c.x())), 1e-13, "predict " + what);
        }
    }

    /**
     * dW = F̃ᵀΔ, ∂E/∂X̂ = (Δ W₁ᵀ) ∘ F(1 − F), dV = X̃ᵀ ∂E/∂X̂, with Δ = (G − Y)/I or 2(G − Y)/(I·J), the
     * lecture's way. Besides the closed forms, this holds the pass's padding to its promise: a padding
     * column that reached a sum over the samples would show here (a gradient check would see it too, but
     * only as a loss whose gradient the analytic one is not).
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void backwardIsTheLecturesFormulasRowByRow(Kernels kernels) {
        Kernels ref = KernelProvider.scalar();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] shape : SHAPES) {
            Case c = Case.of(shape, kernels, rnd);
            Network net = c.net();
            net.forward(c.pass());
            net.backward(c.pass());
            Lecture l = Lecture.of(net, c.x());
            int rows = c.x().rows();
            Matrix delta = new Matrix(rows, net.outputs());
            double scale = net.head() == Head.CLASSIFICATION ? 1.0 / rows : 2.0 / ((double) rows * net.outputs());
            ref.scaledDifference(scale, l.g(), c.y(), delta);
            Matrix dW = new Matrix(net.hidden() + 1, net.outputs());
            ref.matmulTransA(l.fTilde(), delta, dW);
            Matrix deltaHidden = new Matrix(rows, net.hidden());
            ref.matmulTransB(delta, net.w().withoutFirstRow(), deltaHidden);
            ref.sigmoidBackward(l.f(), deltaHidden);
            Matrix dV = new Matrix(net.inputs() + 1, net.hidden());
            ref.matmulTransA(l.xTilde(), deltaHidden, dV);

            assertEquals(0.0, Matrix.maxAbsDiff(dW, c.pass().dW()), 1e-14, "dW " + c.what());
            assertEquals(0.0, Matrix.maxAbsDiff(dV, c.pass().dV()), 1e-14, "dV " + c.what());
        }
    }

    /** A training step's forward and backward pass in one call computes the very bits of the two calls. */
    @ParameterizedTest
    @MethodSource("kernels")
    void forwardBackwardIsForwardThenBackward(Kernels kernels) {
        for (int[] shape : SHAPES) {
            Case apart = Case.of(shape, kernels, new SplittableRandom(7));
            Case together = Case.of(shape, kernels, new SplittableRandom(7));
            double e = apart.net().forward(apart.pass());
            apart.net().backward(apart.pass());
            assertEquals(e, together.net().forwardBackward(together.pass()), 0.0, "E " + apart.what());
            assertEquals(e, together.pass().e(), 0.0, "pass E " + apart.what());
            assertArrayEquals(apart.pass().dV().toArray(), together.pass().dV().toArray(), "dV " + apart.what());
            assertArrayEquals(apart.pass().dW().toArray(), together.pass().dW().toArray(), "dW " + apart.what());
            assertArrayEquals(apart.pass().fTilde().toArray(), together.pass().fTilde().toArray(), "F̃ " + apart.what());
        }
    }

    /**
     * predict goes through its rows in blocks (memory bounded by the block): any block size, a short last
     * block and blocks on either side of the size from which a pass is cut into slices give the bits of one
     * pass over every row, on 1 and 2 threads; and the default block of a narrow network is the whole input.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void predictionInBlocksHasTheBitsOfOnePass(Kernels kernels) {
        for (int[] shape : new int[][] {{2500, 3, 12, 5}, {1030, 2, 40, 1}}) {
            Case c = Case.of(shape, kernels, new SplittableRandom(11));
            int rows = shape[0];
            Matrix whole = c.net().predict(c.x(), rows);
            assertEquals(rows, whole.rows());
            for (int block : new int[] {8, 1000, 1024, 1032, rows - 8}) {
                assertArrayEquals(whole.toArray(), c.net().predict(c.x(), block).toArray(), c.what() + " in blocks of " + block);
            }
            try (ParallelKernels two = new ParallelKernels(kernels, 2)) {
                Network parallel = new Network(shape[1], shape[2], shape[3], c.net().head(), two).initialize(rows + shape[1]);
                assertArrayEquals(whole.toArray(), parallel.predict(c.x(), 1024).toArray(), c.what() + " on 2 threads");
            }
            assertArrayEquals(whole.toArray(), c.net().predict(c.x()).toArray(), c.what() + " by default");
        }
    }
}
