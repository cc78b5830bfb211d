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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-batch training step (forward, backward, gradient-descent update) exactly as the trainer runs it,
 * at the seed's sizes and a digits-sized network. The report turns ops/s into µs per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainStepBench {

    /** I×N→K→J and the head: c = classification, r = regression. */
    @Param({"99x3-10-4c", "100x2-10-4c", "70x1-10-1r", "1797x64-128-10c"})
    public String net;

    @Param({"scalar", "vector"})
    public String impl;

    private Step step;

    @Setup
    public void setUp() {
        step = Step.of(net, impl, 1);
    }

    @Benchmark
    public double step() {
        return step.run();
    }
}
