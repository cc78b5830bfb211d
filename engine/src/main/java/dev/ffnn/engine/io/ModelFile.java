package dev.ffnn.engine.io;

import dev.ffnn.engine.data.Standardizer;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model on disk: a small versioned text format, tab-separated, exact (doubles are written with
 * {@link Double#toString}, which reads back to the same bits).
 *
 * <pre>
 * ffnn-model	1
 * head	classification
 * shape	N	K	J
 * features	x1	x2
 * target	y
 * classes	a	b	c          (classification only)
 * mean	…                    (N values)
 * std	…
 * V	(N+1 rows of K values follow)
 * W	(K+1 rows of J values follow)
 * end
 * </pre>
 *
 * Saving writes a temporary file beside the target and moves it into place, so a crash never leaves half
 * a model under the target name.
 */
public final class ModelFile {
    /** First token of every model file. */
    public static final String MAGIC = "ffnn-model";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /** Everything needed to predict: the network, the input scaling and the names. */
    public record Model(Network network, Standardizer standardizer, List<String> features, String target,
                        List<String> classes) {
        public Model {
            features = List.copyOf(features);
            classes = List.copyOf(classes);
        }
    }

    private ModelFile() {
    }

    public static void save(Model model, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(model, out);
            }
        });
    }

    private static void write(Model model, Writer out) throws IOException {
        Network net = model.network();
        out.write(MAGIC + "\t" + VERSION + "\n");
        out.write("head\t" + net.head().label() + "\n");
        out.write("shape\t" + net.inputs() + "\t" + net.hidden() + "\t" + net.outputs() + "\n");
        out.write("features\t" + String.join("\t", model.features()) + "\n");
        out.write("target\t" + model.target() + "\n");
        if (net.head() == Head.CLASSIFICATION) {
            out.write("classes\t" + String.join("\t", model.classes()) + "\n");
        }
        out.write("mean" + joinNumbers(model.standardizer().mean()) + "\n");
        out.write("std" + joinNumbers(model.standardizer().std()) + "\n");
        writeMatrix("V", net.v(), out);
        writeMatrix("W", net.w(), out);
        out.write("end\n");
    }

    private static String joinNumbers(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append('\t').append(v);
        }
        return sb.toString();
    }

    private static void writeMatrix(String name, Matrix m, Writer out) throws IOException {
        out.write(name + "\n");
        for (int i = 0; i < m.rows(); i++) {
            out.write(joinNumbers(m.row(i)).substring(1) + "\n");
        }
    }

    /** Reads a model; anything that is not a complete model of this format is a {@link ModelFormatException}. */
    public static Model load(Path file, Kernels kernels) throws ModelFormatException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": no such model file");
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot be read as a model (" + e.getMessage() + ")");
        }
        Reader r = new Reader(file.toString(), lines);
        String[] magic = r.next();
        if (!magic[0].equals(MAGIC)) {
            throw new ModelFormatException(file + ": not an ffnn model file (it should start with '" + MAGIC + "')");
        }
        if (magic.length != 2 || !magic[1].equals(Integer.toString(VERSION))) {
            throw new ModelFormatException(file + ": model format version "
                    + (magic.length > 1 ? magic[1] : "?") + " is not supported (this program reads version " + VERSION + ")");
        }
        Head head;
        try {
            head = Head.fromLabel(r.field("head", 1)[0]);
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
        String[] shape = r.field("shape", 3);
        int n = r.positiveInt(shape[0]);
        int k = r.positiveInt(shape[1]);
        int j = r.positiveInt(shape[2]);
        List<String> features = List.of(r.field("features", n));
        String target = r.field("target", 1)[0];
        List<String> classes = head == Head.CLASSIFICATION ? List.of(r.field("classes", j)) : List.of();
        double[] mean = r.numbers(r.field("mean", n));
        double[] std = r.numbers(r.field("std", n));
        Network net;
        try {
            net = new Network(n, k, j, head, kernels);
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
        r.matrix("V", net.v());
        r.matrix("W", net.w());
        r.field("end", 0);
        return new Model(net, new Standardizer(mean, std), features, target, classes);
    }

    /** Line-by-line reading with errors that name the line. */
    private static final class Reader {
        private final String source;
        private final List<String> lines;
        private int at;

        Reader(String source, List<String> lines) {
            this.source = source;
            this.lines = lines;
        }

        ModelFormatException error(String what) {
            return new ModelFormatException(source + ":" + at + ": corrupt model file: " + what);
        }

        String[] next() throws ModelFormatException {
            if (at >= lines.size()) {
                at++;
                throw error("it ends early (truncated?)");
            }
            return lines.get(at++).split("\t", -1);
        }

        /** The values after a named key, exactly {@code count} of them. */
        String[] field(String key, int count) throws ModelFormatException {
            String[] cells = next();
            if (!cells[0].equals(key)) {
                throw error("expected '" + key + "' but found '" + cells[0] + "'");
            }
            if (cells.length - 1 != count) {
                throw error("'" + key + "' should have " + count + " values, has " + (cells.length - 1));
            }
            String[] values = new String[count];
            System.arraycopy(cells, 1, values, 0, count);
            return values;
        }

        int positiveInt(String s) throws ModelFormatException {
            try {
                int v = Integer.parseInt(s);
                if (v > 0 && v < 1_000_000) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error("'" + s + "' is not a valid size");
        }

        double[] numbers(String[] cells) throws ModelFormatException {
            double[] out = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                try {
                    out[i] = Double.parseDouble(cells[i]);
                } catch (NumberFormatException e) {
                    throw error("'" + cells[i] + "' is not a number");
                }
                if (!Double.isFinite(out[i])) {
                    throw error("'" + cells[i] + "' is not finite");
                }
            }
            return out;
        }

        void matrix(String name, Matrix into) throws ModelFormatException {
            field(name, 0);
            for (int i = 0; i < into.rows(); i++) {
                String[] cells = next();
                if (cells.length != into.cols()) {
                    throw error(name + " row " + i + " should have " + into.cols() + " values, has " + cells.length);
                }
                double[] values = numbers(cells);
                for (int c = 0; c < values.length; c++) {
                    into.set(i, c, values[c]);
                }
            }
        }
    }

}
