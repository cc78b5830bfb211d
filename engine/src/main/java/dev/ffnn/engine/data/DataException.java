package dev.ffnn.engine.data;

/**
 * Bad input data, with where it is: the message reads {@code file:line:column: what}, or less where a
 * position does not apply (line and column are 1-based, 0 when unknown).
 */
public final class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    public DataException(String source, int line, int column, String what) {
        super(format(source, line, column, what));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public DataException(String source, String what) {
        this(source, 0, 0, what);
    }

    private static String format(String source, int line, int column, String what) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(what).toString();
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
