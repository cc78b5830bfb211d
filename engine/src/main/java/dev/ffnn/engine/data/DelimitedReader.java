package dev.ffnn.engine.data;

import dev.ffnn.engine.math.Matrix;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads delimited text: tab-, comma- or whitespace-separated (chosen from the first row), blank lines and
 * lines starting with {@code #} skipped, an optional header (the first row is a header when it is not all
 * numbers, or when any of its cells but the last is not a number: a string label is allowed in the target).
 * A cell may be in double quotes, as spreadsheets write CSV: the quotes go, a delimiter inside them does not
 * split, and {@code ""} inside them is one quote (a quoted cell spans one line). The target is the last
 * column unless named. Every error names the file, line and column.
 */
public final class DelimitedReader {

    /** What separates the cells of a file, chosen from its first row. */
    private enum Delimiter {
        TAB, COMMA, WHITESPACE;

        boolean at(char c) {
            return switch (this) {
                case TAB -> c == '\t';
                case COMMA -> c == ',';
                case WHITESPACE -> Character.isWhitespace(c);
            };
        }
    }

    private DelimitedReader() {
    }

    /** The cells of a file, with the line each row came from. */
    public record Table(String source, List<String> columns, boolean hasHeader, List<String[]> rows, int[] lines) {

        /** The 0-based index of the target column: {@code name} if given, else the last column. */
        public int targetIndex(String name) throws DataException {
            if (name == null) {
                return columns.size() - 1;
            }
            int idx = columns.indexOf(name);
            if (idx < 0) {
                throw new DataException(source, "no column named '" + name + "'"
                        + (hasHeader ? "; the columns are " + String.join(", ", columns)
                                     : "; the file has no header row, so columns can only be the last one"));
            }
            return idx;
        }
    }

    /**
     * Reads and splits a file of training data into cells; checks it exists, is not empty, is not ragged and
     * has at least two columns (inputs and a target).
     */
    public static Table read(Path file) throws DataException {
        return read(file, 2);
    }

    /** As {@link #read(Path)}, with at least {@code minColumns} columns (1: inputs alone, for prediction). */
    public static Table read(Path file, int minColumns) throws DataException {
        String source = file.toString();
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(source, "no such file");
        } catch (MalformedInputException e) {
            throw new DataException(source, "is not UTF-8 text");
        } catch (IOException e) {
            throw new DataException(source, "cannot be read: " + e.getMessage());
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Delimiter delimiter = null;
        for (int ln = 0; ln < text.size(); ln++) {
            String line = text.get(ln);
            if (ln == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (delimiter == null) {
                delimiter = trimmed.contains("\t") ? Delimiter.TAB
                        : trimmed.contains(",") ? Delimiter.COMMA : Delimiter.WHITESPACE;
            }
            String[] cells = split(trimmed, delimiter, source, ln + 1);
            if (!rows.isEmpty() && cells.length != rows.get(0).length) {
                throw new DataException(source, ln + 1, 0, "row has " + cells.length + " columns but line "
                        + lines.get(0) + " has " + rows.get(0).length);
            }
            rows.add(cells);
            lines.add(ln + 1);
        }
        if (rows.isEmpty()) {
            throw new DataException(source, "is empty: no data rows");
        }
        String[] first = rows.get(0);
        if (first.length < minColumns) {
            throw new DataException(source, lines.get(0), 0,
                    "found 1 column: need at least one input column and a target column"
                    + " (separate columns with tabs, commas or spaces)");
        }
        boolean header = isHeader(first);
        List<String> columns;
        if (header) {
            columns = List.of(first);
            rows.remove(0);
            lines.remove(0);
        } else {
            String[] names = new String[first.length];
            for (int c = 0; c < names.length; c++) {
                names[c] = "column " + (c + 1);
            }
            columns = List.of(names);
        }
        if (rows.isEmpty()) {
            throw new DataException(source, "has a header but no data rows");
        }
        return new Table(source, columns, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The cells of one line, each stripped of surrounding blanks, or of its double quotes (and then taken as
     * written, blanks included). An unquoted cell ends at the delimiter; a run of blanks is one delimiter in
     * a whitespace-separated file.
     */
    private static String[] split(String line, Delimiter delimiter, String source, int lineNo) throws DataException {
        List<String> cells = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            i = skipBlanks(line, i, delimiter);
            int column = cells.size() + 1;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder cell = new StringBuilder();
                for (i++; ; i++) {
                    if (i == n) {
                        throw new DataException(source, lineNo, column, "a quoted cell has no closing quote");
                    }
                    char c = line.charAt(i);
                    if (c == '"' && i + 1 < n && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        cell.append(c);
                    }
                }
                i = skipBlanks(line, i, delimiter);
                if (i < n && !delimiter.at(line.charAt(i))) {
                    throw new DataException(source, lineNo, column, "text after a quoted cell's closing quote");
                }
                cells.add(cell.toString());
            } else {
                int start = i;
                while (i < n && !delimiter.at(line.charAt(i))) {
                    i++;
                }
                cells.add(line.substring(start, i).strip());
            }
            if (i == n) {
                return cells.toArray(String[]::new);
            }
            i++;
            while (delimiter == Delimiter.WHITESPACE && i < n && delimiter.at(line.charAt(i))) {
                i++;
            }
        }
    }

    /** The first position from {@code i} on that is not a blank, or is the delimiter itself. */
    private static int skipBlanks(String line, int i, Delimiter delimiter) {
        while (i < line.length() && !delimiter.at(line.charAt(i)) && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isHeader(String[] first) {
        boolean allText = true;
        for (int c = 0; c < first.length; c++) {
            boolean number = isNumber(first[c]);
            if (!number && c < first.length - 1) {
                return true;
            }
            allText &= !number;
        }
        return allText;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The finite number in a cell, or an error naming line, column and column name. */
    private static double number(Table t, int row, int col) throws DataException {
        String cell = t.rows().get(row)[col];
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(t.source(), t.lines()[row], col + 1, (cell.isEmpty() ? "empty cell" : "'" + cell
                    + "' is not a number") + " (column '" + t.columns().get(col) + "')");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(t.source(), t.lines()[row], col + 1, "'" + cell + "' is not a finite number"
                    + " (column '" + t.columns().get(col) + "'): NaN and infinities are not allowed");
        }
        return v;
    }

    /** Every column but the target (−1: every column), as numbers. */
    public static Matrix inputs(Table t, int target) throws DataException {
        int[] keep = java.util.stream.IntStream.range(0, t.columns().size()).filter(c -> c != target).toArray();
        return columns(t, keep);
    }

    /** The given columns, in that order, as numbers; other columns are not parsed. */
    public static Matrix columns(Table t, int[] indices) throws DataException {
        Matrix x = new Matrix(t.rows().size(), indices.length);
        for (int i = 0; i < t.rows().size(); i++) {
            for (int c = 0; c < indices.length; c++) {
                x.set(i, c, number(t, i, indices[c]));
            }
        }
        return x;
    }

    private static List<String> inputNames(Table t, int target) {
        List<String> names = new ArrayList<>(t.columns());
        names.remove(target);
        return names;
    }

    /**
     * A classification data set: labels may be any numbers or strings; they are mapped to 0..J−1 in
     * numeric order when all are numbers (then told apart by value: "1", "01" and "1.0" are one class, named
     * as first written), else in text order, and one-hot encoded.
     */
    public static Dataset classification(Table t, String targetName) throws DataException {
        int target = t.targetIndex(targetName);
        Matrix x = inputs(t, target);
        List<String> labels = new ArrayList<>(t.rows().size());
        for (String[] row : t.rows()) {
            labels.add(row[target]);
        }
        Map<String, Integer> index = new TreeMap<>(labelOrder(labels));
        for (int i = 0; i < t.rows().size(); i++) {
            String label = t.rows().get(i)[target];
            if (label.isEmpty()) {
                throw new DataException(t.source(), t.lines()[i], target + 1, "empty class label");
            }
            index.put(label, 0);
        }
        if (index.size() < 2) {
            throw new DataException(t.source(), "column '" + t.columns().get(target) + "' has only one class ("
                    + index.keySet().iterator().next() + "): classification needs at least 2");
        }
        List<String> classes = new ArrayList<>(index.keySet());
        int next = 0;
        for (String c : classes) {
            index.put(c, next++);
        }
        Matrix y = new Matrix(t.rows().size(), classes.size());
        for (int i = 0; i < t.rows().size(); i++) {
            y.set(i, index.get(t.rows().get(i)[target]), 1.0);
        }
        return new Dataset(t.source(), inputNames(t, target), t.columns().get(target), x, y, classes);
    }

    /** A regression data set: the target must be a finite number in every row. */
    public static Dataset regression(Table t, String targetName) throws DataException {
        int target = t.targetIndex(targetName);
        Matrix x = inputs(t, target);
        Matrix y = new Matrix(t.rows().size(), 1);
        for (int i = 0; i < t.rows().size(); i++) {
            y.set(i, 0, number(t, i, target));
        }
        return new Dataset(t.source(), inputNames(t, target), t.columns().get(target), x, y, List.of());
    }

    /** A decimal number as data files write one (no hex, no "NaN", no Java suffixes such as "1d"). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** Whether a class label reads as a number: labels that all do are ordered, and told apart, by value. */
    public static boolean isNumericLabel(String label) {
        return NUMERIC_LABEL.matcher(label).matches();
    }

    /** Whether every label reads as a number, so that the set is ordered and told apart {@link #BY_VALUE}. */
    public static boolean allNumeric(Collection<String> labels) {
        return labels.stream().allMatch(DelimitedReader::isNumericLabel);
    }

    /** Numeric labels by exact value (BigDecimal, so long integers and decimals alike): "1", "01" and "1.0" are equal. */
    public static final Comparator<String> BY_VALUE = Comparator.comparing(BigDecimal::new);

    /** How a set of labels is ordered, and which of them are one class: {@link #BY_VALUE} when all are numbers, else as text. */
    public static Comparator<String> labelOrder(Collection<String> labels) {
        return allNumeric(labels) ? BY_VALUE : Comparator.naturalOrder();
    }

    /** Human-readable label mapping, e.g. "1→0, 2→1, 3→2". */
    public static String mapping(List<String> classes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < classes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(classes.get(i)).append('→').append(i);
        }
        return sb.toString();
    }

}
