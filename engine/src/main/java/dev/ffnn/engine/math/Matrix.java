package dev.ffnn.engine.math;

import java.util.Arrays;

/**
 * A dense, row-major {@code double} matrix, possibly a view into a larger array.
 *
 * <p>Element (i, j) lives at {@code data[offset + i * stride + j]}. Views let the network keep the
 * lecture's bias-augmented matrices without copies: X̃ = [1, X] is one buffer whose column 0 holds the
 * ones, and X is the view of its columns 1..N; likewise V's bias row is row 0 and its weight block the view
 * of rows 1..N. Kernels accept views, so X̂ = X̃V and F̂ = F̃W are single products with nothing copied.
 */
public final class Matrix {
    private final double[] data;
    private final int offset;
    private final int rows;
    private final int cols;
    private final int stride;

    /**
     * A new zero matrix of the given shape, whose element (0, 0) starts a cache line where the JVM allows it
     * (see {@link CacheLines}): a row of a multiple of 8 doubles is then whole 512-bit vectors, each in one line.
     */
    public Matrix(int rows, int cols) {
        this(CacheLines.doubles(checkedSize(rows, cols)), CacheLines.LEAD, rows, cols, cols);
    }

    private Matrix(double[] data, int offset, int rows, int cols, int stride) {
        if (rows < 0 || cols < 0 || stride < cols || offset < 0) {
            throw new IllegalArgumentException("bad matrix geometry: " + rows + "x" + cols
                    + " offset " + offset + " stride " + stride);
        }
        if (rows > 0 && cols > 0 && (long) offset + (long) (rows - 1) * stride + cols > data.length) {
            throw new IllegalArgumentException("view " + rows + "x" + cols + " at offset " + offset
                    + " stride " + stride + " overruns an array of " + data.length);
        }
        this.data = data;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.stride = stride;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8 - CacheLines.LEAD) {
            throw new IllegalArgumentException("shape " + rows + "x" + cols + " is too large");
        }
        return (int) n;
    }

    /** Wraps a row-major array of exactly rows × cols values (no copy). */
    public static Matrix wrap(double[] data, int rows, int cols) {
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException("array of " + data.length + " cannot be " + rows + "x" + cols);
        }
        return new Matrix(data, 0, rows, cols, cols);
    }

    /** A matrix copied from nested rows, which must all have the same length. */
    public static Matrix of(double[]... rowValues) {
        int r = rowValues.length;
        int c = r == 0 ? 0 : rowValues[0].length;
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < r; i++) {
            if (rowValues[i].length != c) {
                throw new IllegalArgumentException("ragged rows: row 0 has " + c + " values, row " + i
                        + " has " + rowValues[i].length);
            }
            System.arraycopy(rowValues[i], 0, m.data, m.offset + i * c, c);
        }
        return m;
    }

    /** The sub-block of rows [r0, r0+nRows) and columns [c0, c0+nCols), sharing storage with this. */
    public Matrix view(int r0, int c0, int nRows, int nCols) {
        if (r0 < 0 || c0 < 0 || nRows < 0 || nCols < 0 || r0 + nRows > rows || c0 + nCols > cols) {
            throw new IllegalArgumentException("view [" + r0 + ".." + (r0 + nRows) + ") x [" + c0 + ".."
                    + (c0 + nCols) + ") is outside a " + shape() + " matrix");
        }
        return new Matrix(data, offset + r0 * stride + c0, nRows, nCols, stride);
    }

    /** All rows but the first: the weight block of V or W below its bias row. */
    public Matrix withoutFirstRow() {
        return view(1, 0, rows - 1, cols);
    }

    /** All columns but the first: X inside X̃ = [1, X]. */
    public Matrix withoutFirstColumn() {
        return view(0, 1, rows, cols - 1);
    }

    /**
     * A new (rows × (cols+1)) matrix [1, this]: column 0 all ones. Used once per data set, never per step.
     */
    public Matrix withBiasColumn() {
        Matrix t = new Matrix(rows, cols + 1);
        t.fillColumn(0, 1.0);
        t.withoutFirstColumn().copyFrom(this);
        return t;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Distance in the backing array between the starts of two consecutive rows. */
    public int stride() {
        return stride;
    }

    /** Index of element (0, 0) in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** The backing array, for kernels. Writes through it change this matrix and every view sharing it. */
    public double[] data() {
        return data;
    }

    /** True when rows follow each other with no gap, so the elements form one run in {@link #data()}. */
    public boolean isContiguous() {
        return stride == cols || rows <= 1;
    }

    public long size() {
        return (long) rows * cols;
    }

    public double get(int i, int j) {
        checkIndex(i, j);
        return data[offset + i * stride + j];
    }

    public void set(int i, int j, double value) {
        checkIndex(i, j);
        data[offset + i * stride + j] = value;
    }

    private void checkIndex(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + shape());
        }
    }

    /** Copies another matrix of the same shape into this one. */
    public void copyFrom(Matrix src) {
        requireSameShape("copyFrom", src, this);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(src.data, src.offset + i * src.stride, data, offset + i * stride, cols);
        }
    }

    /** this = srcᵀ: turns the network's sample-major buffers into the lecture's one-row-per-sample view. */
    public void copyTransposedFrom(Matrix src) {
        if (src.rows != cols || src.cols != rows) {
            throw new IllegalArgumentException("copyTransposedFrom: " + src.shape() + " transposed is not " + shape());
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                data[offset + i * stride + j] = src.data[src.offset + j * src.stride + i];
            }
        }
    }

    /** A compact copy (its own storage, stride = cols). */
    public Matrix copy() {
        Matrix m = new Matrix(rows, cols);
        m.copyFrom(this);
        return m;
    }

    public void fill(double value) {
        for (int i = 0; i < rows; i++) {
            int start = offset + i * stride;
            Arrays.fill(data, start, start + cols, value);
        }
    }

    public void fillColumn(int j, double value) {
        for (int i = 0; i < rows; i++) {
            data[offset + i * stride + j] = value;
        }
    }

    /** Row i copied out as a new array. */
    public double[] row(int i) {
        checkIndex(i, 0);
        return Arrays.copyOfRange(data, offset + i * stride, offset + i * stride + cols);
    }

    /** All elements in row-major order, as a new array. */
    public double[] toArray() {
        double[] out = new double[(int) size()];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, offset + i * stride, out, i * cols, cols);
        }
        return out;
    }

    /** "rows×cols", as used in every shape message. */
    public String shape() {
        return rows + "x" + cols;
    }

    /** Throws naming both shapes unless a and b have the same shape. */
    public static void requireSameShape(String op, Matrix a, Matrix b) {
        if (a.rows != b.rows || a.cols != b.cols) {
            throw new IllegalArgumentException(op + ": shapes differ: " + a.shape() + " vs " + b.shape());
        }
    }

    /** Largest absolute element-wise difference; shapes must match. */
    public static double maxAbsDiff(Matrix a, Matrix b) {
        requireSameShape("maxAbsDiff", a, b);
        double worst = 0;
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                worst = Math.max(worst, Math.abs(a.get(i, j) - b.get(i, j)));
            }
        }
        return worst;
    }

    @Override
    public String toString() {
        return "Matrix " + shape();
    }
}
