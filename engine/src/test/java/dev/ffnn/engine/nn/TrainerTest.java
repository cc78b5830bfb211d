package dev.ffnn.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.ffnn.engine.data.BuiltinData;
import dev.ffnn.engine.data.Dataset;
import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final Dataset DATA = BuiltinData.classification3d(1);

    private static double train(Kernels k, Optimizer.Kind kind, double lr, int epochs, int batch) {
        Network net = new Network(3, 10, 4, Head.CLASSIFICATION, k).initialize(3);
        Optimizer opt = Optimizer.create(kind, net, lr);
        return new Trainer(net, opt, new Trainer.Config(epochs, batch, 5), List.of()).train(DATA.x(), DATA.y());
    }

    @Test
    void everyOptimizerAndBatchingLowersTheLoss() {
        Kernels k = KernelProvider.get();
        double start = train(k, Optimizer.Kind.GD, 1e-9, 1, 0);
        for (Optimizer.Kind kind : Optimizer.Kind.values()) {
            double lr = switch (kind) {
                case GD -> 2.0;
                case MOMENTUM -> 0.2;
                case ADAM -> 0.01;
            };
            for (int batch : new int[] {0, 1, 16, 98}) { // 98: one full batch and a remainder of 1
                double end = train(k, kind, lr, 300, batch);
                assertTrue(end < 0.9 * start, kind + " batch " + batch + ": loss " + start + " → " + end);
            }
        }
    }

    @Test
    void vectorAndScalarKernelsTrainToTheSameLoss() {
        double s = train(KernelProvider.scalar(), Optimizer.Kind.ADAM, 0.01, 200, 0);
        double v = train(KernelProvider.get(), Optimizer.Kind.ADAM, 0.01, 200, 0);
        assertEquals(s, v, 1e-9 * s, "200 Adam steps on both kernel sets");
    }

    @Test
    void divergenceNamesTheEpoch() {
        Dataset reg = BuiltinData.regression1d(1);
        Network net = new Network(1, 10, 1, Head.REGRESSION, KernelProvider.scalar()).initialize(1);
        Trainer t = new Trainer(net, Optimizer.create(Optimizer.Kind.GD, net, 1e6), new Trainer.Config(100, 0, 1), List.of());
        DivergedException e = assertThrows(DivergedException.class, () -> t.train(reg.x(), reg.y()));
        assertTrue(e.epoch() > 1 && e.epoch() <= 100, "epoch " + e.epoch());
        assertTrue(e.getMessage().contains("epoch " + e.epoch()));
    }

    /**
     * The training loop allocates nothing per step: the bytes this thread allocates for 2,000 epochs and for
     * 200 epochs differ by less than one epoch's worth of any per-step buffer would be. Scalar kernels, so the
     * measure does not depend on when the JIT compiles Vector API code (interpreted, vectors are objects).
     */
    @Test
    void noAllocationPerStep() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int batch : new int[] {0, 16}) {
            long small = allocated(mx, 200, batch);
            long large = allocated(mx, 2_000, batch);
            long perEpoch = (large - small) / 1_800;
            assertTrue(perEpoch < 8, "batch " + batch + ": " + perEpoch + " bytes per epoch (" + small + " vs " + large + ")");
        }
    }

    private static long allocated(ThreadMXBean mx, int epochs, int batch) {
        train(KernelProvider.scalar(), Optimizer.Kind.ADAM, 0.01, epochs, batch); // warm up the same path
        long before = mx.getCurrentThreadAllocatedBytes();
        train(KernelProvider.scalar(), Optimizer.Kind.ADAM, 0.01, epochs, batch);
        return mx.getCurrentThreadAllocatedBytes() - before;
    }
}
