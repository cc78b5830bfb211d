package dev.ffnn.bench;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The digits-sized training step with the vector kernels on 1 and on 2 threads ({@code ParallelKernels}).
 * Three forks: the JIT does not compile every fork of this step alike (1.8 to 3.0 ms seen on one thread), and
 * the 2-vs-1 ratio is only as good as both figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParallelStepBench {

    @Param({"1797x64-128-10c"})
    public String net;

    @Param({"1", "2"})
    public int threads;

    private Step step;

    @Setup
    public void setUp() {
        step = Step.of(net, "vector", threads);
    }

    @TearDown
    public void tearDown() {
        step.close();
    }

    @Benchmark
    public double step() {
        return step.run();
    }
}
