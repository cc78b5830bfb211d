package dev.ffnn.engine.cli;

import dev.ffnn.engine.math.Matrix;
import java.util.Locale;

/**
 * NumPy-style printing of a matrix: aligned columns, one precision for the whole matrix, and beyond a size
 * limit only the first and last {@value #EDGE} rows and columns with "…" between (like NumPy's
 * {@code threshold} and {@code edgeitems}).
 */
final class MatrixFormat {
    static final int EDGE = 3;
    /** Matrices with more elements than this are summarised unless printing in full. */
    static final int THRESHOLD = 100;

    private MatrixFormat() {
    }

    static String format(Matrix m, boolean full) {
        boolean summariseRows = !full && m.size() > THRESHOLD && m.rows() > 2 * EDGE;
        boolean summariseCols = !full && m.size() > THRESHOLD && m.cols() > 2 * EDGE;
        int[] rows = indices(m.rows(), summariseRows);
        int[] cols = indices(m.cols(), summariseCols);
        boolean scientific = false;
        double maxAbs = 0;
        for (int i : rows) {
            for (int j : cols) {
                double a = Math.abs(m.get(i, j));
                maxAbs = Math.max(maxAbs, a);
                scientific |= a != 0 && (a < 1e-4 || a >= 1e5);
            }
        }
        String[][] cells = new String[rows.length][cols.length];
        int width = 0;
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols.length; c++) {
                double v = m.get(rows[r], cols[c]);
                cells[r][c] = scientific ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.5f", v);
                width = Math.max(width, cells[r][c].length());
            }
        }
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < rows.length; r++) {
            if (r > 0) {
                sb.append("\n ");
            }
            if (summariseRows && r == EDGE) {
                sb.append("…\n ");
            }
            sb.append('[');
            for (int c = 0; c < cols.length; c++) {
                if (c > 0) {
                    sb.append(' ');
                }
                if (summariseCols && c == EDGE) {
                    sb.append("… ");
                }
                sb.append(" ".repeat(width - cells[r][c].length())).append(cells[r][c]);
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    private static int[] indices(int n, boolean summarise) {
        if (!summarise) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] some = new int[2 * EDGE];
        for (int i = 0; i < EDGE; i++) {
            some[i] = i;
            some[EDGE + i] = n - EDGE + i;
        }
        return some;
    }
}
