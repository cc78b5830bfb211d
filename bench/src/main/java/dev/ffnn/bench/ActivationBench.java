package dev.ffnn.bench;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
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

/** Element-wise σ and row-wise softmax, scalar vs vector; the report turns ops/s into elements/ns. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ActivationBench {

    @State(Scope.Thread)
    public static class SigmoidState {
        @Param({"1000", "100000", "1000000"})
        public int size;

        @Param({"scalar", "vector"})
        public String impl;

        Kernels kernels;
        Matrix x;
        Matrix out;

        @Setup
        public void setUp() {
            kernels = impl.equals("vector") ? KernelProvider.vector() : KernelProvider.scalar();
            x = MatmulBench.random(1, size, new SplittableRandom(2));
            out = new Matrix(1, size);
        }
    }

    @State(Scope.Thread)
    public static class SoftmaxState {
        @Param({"4096x4", "4096x10", "1024x1000"})
        public String logits;

        @Param({"scalar", "vector"})
        public String impl;

        Kernels kernels;
        Matrix x;
        Matrix out;

        @Setup
        public void setUp() {
            kernels = impl.equals("vector") ? KernelProvider.vector() : KernelProvider.scalar();
            String[] rc = logits.split("x");
            x = MatmulBench.random(Integer.parseInt(rc[0]), Integer.parseInt(rc[1]), new SplittableRandom(3));
            out = new Matrix(x.rows(), x.cols());
        }
    }

    @Benchmark
    public Object sigmoid(SigmoidState s) {
        s.kernels.sigmoid(s.x, s.out);
        return s.out;
    }

    @Benchmark
    public Object softmax(SoftmaxState s) {
        s.kernels.softmaxRows(s.x, s.out);
        return s.out;
    }
}
