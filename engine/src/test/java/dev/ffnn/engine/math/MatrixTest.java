package dev.ffnn.engine.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatrixTest {
    @Test
    void shapeMismatchNamesBothShapes() {
        Kernels k = KernelProvider.scalar();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.matmul(new Matrix(2, 3), new Matrix(4, 5), new Matrix(2, 5)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("4x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.sigmoid(new Matrix(2, 3), new Matrix(3, 2)));
        assertTrue(e.getMessage().contains("2x3 vs 3x2"), e.getMessage());
    }

    @Test
    void biasColumnViewSharesStorage() {
        Matrix x = Matrix.of(new double[] {1, 2}, new double[] {3, 4});
        Matrix xTilde = x.withBiasColumn();
        assertEquals("2x3", xTilde.shape());
        assertEquals(1.0, xTilde.get(1, 0));
        Matrix view = xTilde.withoutFirstColumn();
        view.set(1, 1, 9);
        assertEquals(9.0, xTilde.get(1, 2));
        assertEquals(0.0, Matrix.maxAbsDiff(Matrix.of(new double[] {1, 2}, new double[] {3, 9}), view));
        assertThrows(IllegalArgumentException.class, () -> xTilde.view(1, 1, 2, 1));
    }

    @Test
    void transposedCopyIntoAView() {
        Matrix src = Matrix.of(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        Matrix dst = new Matrix(3, 3);
        dst.withoutFirstColumn().copyTransposedFrom(src);
        assertEquals(0.0, Matrix.maxAbsDiff(Matrix.of(new double[] {0, 1, 4}, new double[] {0, 2, 5},
                new double[] {0, 3, 6}), dst));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dst.copyTransposedFrom(src));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x3"), e.getMessage());
    }
}
