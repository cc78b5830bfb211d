package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepTest {
    @Test
    void everyNetworkTheSuiteNamesIsAStepThatRuns() {
        for (String net : Report.NETS) {
            Step step = Step.of(net, "scalar", 1);
            try {
                double e = step.run();
                assertTrue(Double.isFinite(e) && e > 0, net + ": E = " + e);
            } finally {
                step.close();
            }
        }
    }

    @Test
    void aBadNetworkKernelsOrThreadsSaysWhichAndHow() {
        assertEquals("network '100x2-10-4': expected IxN-K-J then c (classification) or r (regression), e.g. 100x2-10-4c",
                assertThrows(IllegalArgumentException.class, () -> Step.of("100x2-10-4", "vector", 1)).getMessage());
        for (String net : new String[] {"0x2-10-4c", "100x2-0-4c", "100-2-10-4c", "100x2-10-4cc", "x2-10-4c", "99999999x2-10-4c"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> Step.of(net, "vector", 1), net).getMessage();
            assertTrue(message.startsWith("network '" + net + "': expected"), message);
        }
        assertEquals("kernels 'ejml': expected vector or scalar",
                assertThrows(IllegalArgumentException.class, () -> Step.of("100x2-10-4c", "ejml", 1)).getMessage());
        assertEquals("threads 0: expected 1 or more",
                assertThrows(IllegalArgumentException.class, () -> Step.of("100x2-10-4c", "vector", 0)).getMessage());
    }
}
