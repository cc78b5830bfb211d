package dev.ffnn.bench;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ActivationBench}'s vector/scalar ratios side by side in one JVM: each invocation runs the scalar
 * kernel, then the vector one, on the same input, a block of calls each (about 2¹⁷ elements a block), and
 * adds each block's time to its own counter; the report divides the two sums. ActivationBench times the two
 * in separate forks, which this shared VM can run in different phases (~40% apart): softmax by rows of 10
 * read 3.8× in one report and 5.3× when re-run. Shown beside the forks' ratio as a cross-check (see
 * {@link SpeedUpBench} for why pairs do not yet judge a target).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ActivationRatioBench {
    /** Elements per block of calls: a call over 1,000 runs ~130 times, one over 100,000 once. */
    static final int BLOCK_ELEMENTS = 1 << 17;

    /** Nanoseconds spent on each side in this iteration (JMH reports each as a secondary result). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Nanos {
        public long scalar;
        public long vector;

        @Setup(Level.Iteration)
        public void reset() {
            scalar = 0;
            vector = 0;
        }
    }

    /** How long each trial first runs both kernels on a small input of its own, before JMH's warm-up. */
    static final long COMPILE_NANOS = 2_000_000_000L;

    /** An input, its output and one block of calls of a kernel on them. */
    abstract static class Input {
        Matrix x;
        Matrix out;
        int calls;

        abstract void call(Kernels kernels, Matrix x, Matrix out);

        void run(Kernels kernels) {
            for (int i = 0; i < calls; i++) {
                call(kernels, x, out);
            }
        }

        /**
         * Both kernels on a small input like x, alternated for {@link #COMPILE_NANOS}: enough calls for C2 to
         * compile them before JMH's warm-up begins. Without it, --quick's 1.5 s of warm-up ran the vector side
         * interpreted (one block of 2¹⁷ elements takes seconds there, the scalar side milliseconds), and the
         * quick report read its ratios as 0.0×.
         */
        void compile(Matrix small) {
            Matrix smallOut = new Matrix(small.rows(), small.cols());
            for (long end = System.nanoTime() + COMPILE_NANOS; System.nanoTime() < end; ) {
                call(SCALAR, small, smallOut);
                call(VECTOR, small, smallOut);
            }
        }
    }

    @State(Scope.Thread)
    public static class SigmoidState extends Input {
        @Param({"1000", "100000", "1000000"})
        public int size;

        @Setup
        public void setUp() {
            x = MatmulBench.random(1, size, new SplittableRandom(2));
            out = new Matrix(1, size);
            calls = Math.max(1, BLOCK_ELEMENTS / size);
            compile(MatmulBench.random(1, 1000, new SplittableRandom(3)));
        }

        @Override
        void call(Kernels kernels, Matrix x, Matrix out) {
            kernels.sigmoid(x, out);
        }
    }

    @State(Scope.Thread)
    public static class SoftmaxState extends Input {
        /** Samples × classes. */
        @Param({"4096x4", "4096x10", "1024x1000"})
        public String logits;

        @Param({"columns", "rows"})
        public String layout;

        @Setup
        public void setUp() {
            x = ActivationBench.logits(logits, layout);
            out = new Matrix(x.rows(), x.cols());
            calls = Math.max(1, BLOCK_ELEMENTS / (x.rows() * x.cols()));
            // The same number of classes, on 1,000 elements or so (one sample of 1000 classes).
            int classes = Integer.parseInt(logits.split("x")[1]);
            compile(ActivationBench.logits(Math.max(1, 1000 / classes) + "x" + classes, layout));
        }

        @Override
        void call(Kernels kernels, Matrix x, Matrix out) {
            if (layout.equals("rows")) {
                kernels.softmaxRows(x, out);
            } else {
                kernels.softmaxColumns(x, out);
            }
        }
    }

    private static final Kernels SCALAR = KernelProvider.scalar();
    private static final Kernels VECTOR = KernelProvider.vector();

    @Benchmark
    public Object sigmoid(SigmoidState s, Nanos nanos) {
        return pair(s, nanos);
    }

    @Benchmark
    public Object softmax(SoftmaxState s, Nanos nanos) {
        return pair(s, nanos);
    }

    private Object pair(Input input, Nanos nanos) {
        long start = System.nanoTime();
        input.run(SCALAR);
        long middle = System.nanoTime();
        input.run(VECTOR);
        long end = System.nanoTime();
        nanos.scalar += middle - start;
        nanos.vector += end - middle;
        return input.out;
    }
}
