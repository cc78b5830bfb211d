package dev.ffnn.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times one training step outside JMH, for {@code bench/compare-numpy.py}: warms up for a few seconds
 * (the Vector API is slow until C2 compiles it), then prints the median of five ~1 s measurements as
 * {@code step_us <value>}. Usage: StepTimer NET [scalar|vector] [THREADS].
 */
public final class StepTimer {
    private StepTimer() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: StepTimer NET [scalar|vector] [THREADS]   e.g. StepTimer 100x2-10-4c vector 1");
            System.exit(2);
        }
        Step step;
        try {
            step = Step.of(args[0], args.length > 1 ? args[1] : "vector", args.length > 2 ? threads(args[2]) : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("StepTimer: " + e.getMessage());
            System.exit(2);
            return;
        }
        double sink = 0;
        long warmEnd = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            sink += step.run();
        }
        double[] micros = new double[5];
        for (int r = 0; r < micros.length; r++) {
            long start = System.nanoTime();
            long end = start + 1_000_000_000L;
            long steps = 0;
            long now;
            do {
                for (int i = 0; i < 16; i++) {
                    sink += step.run();
                }
                steps += 16;
                now = System.nanoTime();
            } while (now < end);
            micros[r] = (now - start) / 1e3 / steps;
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "step_us %.4f%n", micros[micros.length / 2]);
        if (sink == 42.4242) {
            System.out.println(); // keeps the loop's result alive
        }
    }

    private static int threads(String arg) {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threads '" + arg + "': expected a whole number");
        }
    }
}
