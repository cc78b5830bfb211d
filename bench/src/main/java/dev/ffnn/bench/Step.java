package dev.ffnn.bench;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.math.ParallelKernels;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Optimizer;
import dev.ffnn.engine.nn.Pass;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One full-batch training step (forward, backward, gradient-descent update) on fixed random data, as the
 * trainer runs it, for a network written "I x N - K - J" + c (classification) or r (regression).
 */
final class Step {
    private final Network network;
    private final Pass pass;
    private final Optimizer optimizer;

    private Step(Network network, Pass pass, Optimizer optimizer) {
        this.network = network;
        this.pass = pass;
        this.optimizer = optimizer;
    }

    /** I×N→K→J and the head: c (classification) or r (regression); sizes bounded so that none overflows an int. */
    private static final Pattern NET = Pattern.compile("([1-9]\\d{0,6})x([1-9]\\d{0,4})-([1-9]\\d{0,4})-([1-9]\\d{0,4})([cr])");

    /**
     * E.g. {@code of("100x2-10-4c", "vector", 1)}. The kernels run as the CLI runs them, inside
     * {@link ParallelKernels} with the given number of threads (1: all on the caller).
     */
    static Step of(String net, String impl, int threads) {
        Matcher shape = NET.matcher(net);
        if (!shape.matches()) {
            throw new IllegalArgumentException("network '" + net + "': expected IxN-K-J then c (classification) or r"
                    + " (regression), e.g. 100x2-10-4c");
        }
        if (!impl.equals("vector") && !impl.equals("scalar")) {
            throw new IllegalArgumentException("kernels '" + impl + "': expected vector or scalar");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + ": expected 1 or more");
        }
        int rows = Integer.parseInt(shape.group(1));
        int n = Integer.parseInt(shape.group(2));
        int k = Integer.parseInt(shape.group(3));
        int j = Integer.parseInt(shape.group(4));
        boolean classification = shape.group(5).equals("c");
        Kernels serial = impl.equals("vector") ? KernelProvider.vector() : KernelProvider.scalar();
        ParallelKernels kernels = new ParallelKernels(serial, threads);
        Network network = new Network(n, k, j, classification ? Head.CLASSIFICATION : Head.REGRESSION, kernels)
                .initialize(1);
        SplittableRandom rnd = new SplittableRandom(4);
        Matrix x = MatmulBench.random(rows, n, rnd);
        Matrix y = new Matrix(rows, j);
        for (int i = 0; i < rows; i++) {
            if (classification) {
                y.set(i, rnd.nextInt(j), 1.0);
            } else {
                y.set(i, 0, rnd.nextDouble(-1, 1));
            }
        }
        Pass pass = network.newPass(rows);
        pass.load(x, y);
        // A small rate: millions of steps on fixed data must not drive the weights anywhere unusual.
        return new Step(network, pass, Optimizer.create(Optimizer.Kind.GD, network, 1e-4));
    }

    /** Stops the kernels' helper threads. */
    void close() {
        ((ParallelKernels) network.kernels()).close();
    }

    /** Runs one step and returns its loss. */
    double run() {
        double e = network.forwardBackward(pass);
        optimizer.step(pass);
        return e;
    }
}
