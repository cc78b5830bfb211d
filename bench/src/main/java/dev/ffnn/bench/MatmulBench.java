package dev.ffnn.bench;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
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
 * C = A·B, Aᵀ·B and A·Bᵀ for C m×n and inner dimension k, on the scalar and vector kernels and on EJML
 * ({@code CommonOps_DDRM.mult}, {@code multTransA}, {@code multTransB}), all in one run. Throughput in
 * operations per second; the report turns it into GFLOP/s = ops/s · 2mnk / 10⁹.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatmulBench {

    /** m×k·k×n: the seed's two layers, a digits-sized layer, and square sizes. */
    @Param({"99x3x10", "99x11x4", "1797x65x128", "256x256x256", "512x512x512", "1024x1024x1024"})
    public String shape;

    @Param({"AB", "AtB", "ABt"})
    public String form;

    @Param({"scalar", "vector", "ejml"})
    public String impl;

    private Kernels kernels;
    private Matrix a;
    private Matrix b;
    private Matrix c;
    private DMatrixRMaj ea;
    private DMatrixRMaj eb;
    private DMatrixRMaj ec;

    @Setup
    public void setUp() {
        String[] mnk = shape.split("x");
        int m = Integer.parseInt(mnk[0]);
        int k = Integer.parseInt(mnk[1]);
        int n = Integer.parseInt(mnk[2]);
        SplittableRandom rnd = new SplittableRandom(1);
        // Stored shapes so that each form computes an m×n result with inner dimension k.
        a = random(form.equals("AtB") ? k : m, form.equals("AtB") ? m : k, rnd);
        b = random(form.equals("ABt") ? n : k, form.equals("ABt") ? k : n, rnd);
        c = new Matrix(m, n);
        if (impl.equals("ejml")) {
            ea = new DMatrixRMaj(a.rows(), a.cols(), true, a.toArray());
            eb = new DMatrixRMaj(b.rows(), b.cols(), true, b.toArray());
            ec = new DMatrixRMaj(m, n);
        } else {
            kernels = impl.equals("vector") ? KernelProvider.vector() : KernelProvider.scalar();
        }
    }

    static Matrix random(int rows, int cols, SplittableRandom rnd) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, rnd.nextDouble(-1, 1));
            }
        }
        return m;
    }

    @Benchmark
    public Object multiply() {
        if (ea != null) {
            switch (form) {
                case "AB" -> CommonOps_DDRM.mult(ea, eb, ec);
                case "AtB" -> CommonOps_DDRM.multTransA(ea, eb, ec);
                default -> CommonOps_DDRM.multTransB(ea, eb, ec);
            }
            return ec;
        }
        switch (form) {
            case "AB" -> kernels.matmul(a, b, c);
            case "AtB" -> kernels.matmulTransA(a, b, c);
            default -> kernels.matmulTransB(a, b, c);
        }
        return c;
    }
}
