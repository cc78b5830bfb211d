package dev.ffnn.bench;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 2-thread speed-up side by side in one JVM: each invocation runs {@link #BLOCK} steps on one thread,
 * then {@link #BLOCK} on two, and adds each block's time to its own counter; the report divides the two
 * sums. Both sides run the same compiled code under the same state of the machine, which
 * {@link ParallelStepBench}'s separate forks cannot promise: the JIT does not compile every fork alike, and
 * one of this VM's two vCPUs is usually ~1.35× slower than the other (which one changes within minutes), so
 * a one-thread fork's figure depends on where it ran
 * (its speed-up read 1.53× and 1.73× in two reports of one day, 1.42× once in a slow phase, while the same
 * two steps alternated in one JVM ran 1.9×). Two networks with the same weights and data: their bits
 * stay equal on any number of threads, so both sides do the same work at every step. The one-thread
 * block runs first, so the two-thread block's first step wakes a parked helper: a cost counted against
 * the speed-up, never for it. Not yet a judge of the target: in a report of 2026-11-30 its one-thread side
 * took ~1.70 ms a step against the forks' 1.32 (the faster of four forks: most likely the faster vCPU's,
 * where this side runs on either) and its two-thread side ~0.98 against 0.85, which nothing here explains
 * yet; the report shows it beside the forks' ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpeedUpBench {
    /** Steps per side per invocation: ~10 ms on one thread, so the clock's reads cost nothing. */
    static final int BLOCK = 64;

    @Param({"1797x64-128-10c"})
    public String net;

    private Step oneThread;
    private Step twoThreads;

    /** Nanoseconds spent on each side in this iteration (JMH reports each as a secondary result). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Nanos {
        public long oneThread;
        public long twoThreads;

        @Setup(Level.Iteration)
        public void reset() {
            oneThread = 0;
            twoThreads = 0;
        }
    }

    @Setup
    public void setUp() {
        oneThread = Step.of(net, "vector", 1);
        twoThreads = Step.of(net, "vector", 2);
    }

    @TearDown
    public void tearDown() {
        oneThread.close();
        twoThreads.close();
    }

    @Benchmark
    public double pair(Nanos nanos) {
        double sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            sink += oneThread.run();
        }
        long middle = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            sink += twoThreads.run();
        }
        long end = System.nanoTime();
        nanos.oneThread += middle - start;
        nanos.twoThreads += end - middle;
        return sink;
    }
}
