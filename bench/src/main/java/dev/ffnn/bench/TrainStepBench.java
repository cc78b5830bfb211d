package dev.ffnn.bench;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Optimizer;
import dev.ffnn.engine.nn.Pass;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full-batch training step (forward, backward, gradient-descent update) exactly as the trainer runs it,
 * at the seed's sizes and a digits-sized network. The report turns ops/s into µs per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainStepBench {

    /** I×N→K→J and the head: c = classification, r = regression. */
    @Param({"99x3-10-4c", "100x2-10-4c", "70x1-10-1r", "1797x64-128-10c"})
    public String net;

    @Param({"scalar", "vector"})
    public String impl;

    private Network network;
    private Pass pass;
    private Optimizer optimizer;

    @Setup
    public void setUp() {
        String[] parts = net.split("[x-]");
        int rows = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        int k = Integer.parseInt(parts[2]);
        boolean classification = parts[3].endsWith("c");
        int j = Integer.parseInt(parts[3].substring(0, parts[3].length() - 1));
        Kernels kernels = impl.equals("vector") ? KernelProvider.vector() : KernelProvider.scalar();
        network = new Network(n, k, j, classification ? Head.CLASSIFICATION : Head.REGRESSION, kernels).initialize(1);
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
        pass = network.newPass(rows);
        pass.load(x, y);
        // A small rate: millions of steps on fixed data must not drive the weights anywhere unusual.
        optimizer = Optimizer.create(Optimizer.Kind.GD, network, 1e-4);
    }

    @Benchmark
    public double step() {
        double e = network.forward(pass);
        network.backward(pass);
        optimizer.step(pass);
        return e;
    }
}
