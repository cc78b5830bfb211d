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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling for {@link ParallelStepBench}'s 2-thread speed-up: two independent one-thread steps at once,
 * each benchmark thread with its own network and data, nothing shared, no hand-over. JMH reports their
 * steps per second together; over the one-thread figure, that is what two cores of this machine give this
 * step's work when neither waits for the other. What it loses below 2× (a shared L3 and memory, the clock
 * with both cores busy, the VM's neighbours) a split step loses too, though less of it for the shared caches
 * and memory: each core of a split step holds half of one step's data, each of these steps all of its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(2)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TwoStepsBench {

    @Param({"1797x64-128-10c"})
    public String net;

    private Step step;

    @Setup
    public void setUp() {
        step = Step.of(net, "vector", 1);
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
