package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuCheckTest {
    private static CpuCheck.Result check(double[] alone, double[] together) {
        return new CpuCheck.Result(List.of(0, 1), alone, together, null);
    }

    private static final CpuCheck.Result FAILED = new CpuCheck.Result(List.of(0, 1), null, null, "taskset: not found");

    @Test
    void theSpreadIsTheSlowestStepOverTheFastestAcrossBothChecksAloneAndAtOnce() {
        CpuCheck.Result before = check(new double[] {2.0, 3.0}, new double[] {2.5, 2.2});
        CpuCheck.Result after = check(new double[] {1.5, 2.0}, new double[] {2.0, 2.1});
        assertEquals(2.0, CpuCheck.spread(before, after), 1e-12);
        assertEquals(1.5, CpuCheck.spread(before), 1e-12);
        assertEquals(1.4, CpuCheck.spread(after), 1e-12);
    }

    @Test
    void failedRunsAndFailedChecksAreLeftOut() {
        CpuCheck.Result partly = check(new double[] {Double.NaN, 2.0}, new double[] {3.0, 0.0});
        assertEquals(1.5, CpuCheck.spread(partly, FAILED, null), 1e-12);
    }

    @Test
    void underTwoFiguresThereIsNoSpread() {
        assertTrue(Double.isNaN(CpuCheck.spread()));
        assertTrue(Double.isNaN(CpuCheck.spread(FAILED, null)));
        assertTrue(Double.isNaN(CpuCheck.spread(check(new double[] {1.6, Double.NaN}, new double[] {Double.NaN, Double.NaN}))));
    }

    @Test
    void describeNamesEachCpuAloneThenAllAtOnce() {
        assertEquals("CPU 0 1.81 µs, CPU 1 2.35 µs alone; 1.83 µs and – at once",
                check(new double[] {1.81, 2.349}, new double[] {1.83, Double.NaN}).describe());
        assertEquals("not measured (taskset: not found)", FAILED.describe());
    }
}
