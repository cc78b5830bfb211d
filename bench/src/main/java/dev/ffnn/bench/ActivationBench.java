package dev.ffnn.bench;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Element-wise σ and softmax, scalar vs vector; the report turns ops/s into elements/ns. Softmax runs in
 * both layouts: "columns" is the network's (one column per sample, lanes across samples), "rows" the
 * lecture's one row per sample.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
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
        /** Samples × classes. */
        @Param({"4096x4", "4096x10", "1024x1000"})
        public String logits;

        @Param({"columns", "rows"})
        public String layout;

        @Param({"scalar", "vector"})
        public String impl;

        Kernels kernels;
        Matrix x;
        Matrix out;

        @Setup
        public void setUp() {
            kernels = impl.equals("vector") ? KernelProvider.vector() : KernelProvider.scalar();
            x = logits(logits, layout);
            out = new Matrix(x.rows(), x.cols());
        }
    }

    /** Random logits "samples x classes", one row per sample ("rows") or one column per sample ("columns"). */
    static Matrix logits(String shape, String layout) {
        String[] rc = shape.split("x");
        int samples = Integer.parseInt(rc[0]);
        int classes = Integer.parseInt(rc[1]);
        return layout.equals("rows") ? MatmulBench.random(samples, classes, new SplittableRandom(3))
                : MatmulBench.random(classes, samples, new SplittableRandom(3));
    }

    @Benchmark
    public Object sigmoid(SigmoidState s) {
        s.kernels.sigmoid(s.x, s.out);
        return s.out;
    }

    @Benchmark
    public Object softmax(SoftmaxState s) {
        if (s.layout.equals("rows")) {
            s.kernels.softmaxRows(s.x, s.out);
        } else {
            s.kernels.softmaxColumns(s.x, s.out);
        }
        return s.out;
    }
}
