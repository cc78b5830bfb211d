package dev.ffnn.engine.math;

/**
 * Where a new {@code double[]}'s first whole cache line starts. A 512-bit vector spans a 64-byte line only
 * when its address is a multiple of 64; otherwise every load and store touches two lines, and on this
 * project's AVX-512 machine a vector copy costs 0.60 ns instead of 0.41, a read-modify-write 0.85 instead
 * of 0.52 (measured per vector, over 1,040 doubles in L1).
 *
 * <p>Java gives no say over addresses, but HotSpot does place every object on a multiple of
 * {@code -XX:ObjectAlignmentInBytes} (8 by default; {@code engine/jvm.options}, read by the {@code ffnn}
 * and {@code bench} launchers, sets 64), and a {@code double[]}'s elements start 16 bytes into the object
 * (the array header, with compressed or compact class pointers: the 64-bit JVM's default). So element
 * {@link #LEAD} of any new array, 48 bytes in, starts a line whenever objects are 64-byte aligned. Under
 * other settings the lead costs 48 bytes and nothing else: alignment is speed, never correctness.
 */
final class CacheLines {
    /** Doubles before the first aligned element of a new array: (64 − 16) / 8. */
    static final int LEAD = 6;

    private CacheLines() {
    }

    /** A zero array whose elements from {@link #LEAD} on are n doubles starting a cache line (see above). */
    static double[] doubles(int n) {
        return new double[LEAD + n];
    }
}
