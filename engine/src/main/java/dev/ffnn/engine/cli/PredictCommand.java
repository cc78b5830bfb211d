package dev.ffnn.engine.cli;

import dev.ffnn.engine.data.DataException;
import dev.ffnn.engine.data.DelimitedReader;
import dev.ffnn.engine.io.ModelFile;
import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Metrics;
import dev.ffnn.engine.nn.Network;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ffnn predict}: applies a saved model to a data file and prints one CSV row per input row; where the file
 * has the target column, each row ends with the actual value and the score goes to stderr.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict with a saved model (from --save) on a data file; prints CSV on stdout.",
                       "Input columns are matched by header name when the file has a header; otherwise the file"
                               + " must have the model's N input columns, optionally followed by a target column.",
                       "Where the file has the target column, each row also gets its actual value, and the accuracy"
                               + " (or R² and MSE) is printed on stderr."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model written by classify/regress --save.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "Rows to predict.")
    Path data;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile.Model m = ModelFile.load(model, KernelProvider.scalar());
        DelimitedReader.Table table = DelimitedReader.read(data, 1); // the inputs, a target column optional
        Matrix x = inputs(table, m);
        int target = targetColumn(table, m);
        Network net = forPrediction(m.network(), x.rows());
        Matrix g = net.predict(m.standardizer().apply(x));
        StringBuilder sb = new StringBuilder();
        String score;
        if (m.network().head() == Head.CLASSIFICATION) {
            sb.append("predicted");
            for (String c : m.classes()) {
                sb.append(",p_").append(c);
            }
            sb.append(target < 0 ? "" : ",actual").append('\n');
            int[] best = Metrics.argmaxRows(g);
            int right = 0;
            boolean numericClasses = DelimitedReader.allNumeric(m.classes());
            for (int i = 0; i < g.rows(); i++) {
                String predicted = m.classes().get(best[i]);
                sb.append(predicted);
                for (int c = 0; c < g.cols(); c++) {
                    sb.append(',').append(g.get(i, c));
                }
                if (target >= 0) {
                    String actual = table.rows().get(i)[target];
                    sb.append(',').append(actual);
                    right += sameLabel(predicted, actual, numericClasses) ? 1 : 0;
                }
                sb.append('\n');
            }
            score = String.format(Locale.ROOT, "accuracy %.2f%% (%d of %d rows right)", 100.0 * right / g.rows(),
                    right, g.rows());
        } else {
            sb.append(m.network().outputs() == 1 ? m.target() : "outputs").append(target < 0 ? "" : ",actual").append('\n');
            Matrix y = target < 0 ? null : DelimitedReader.columns(table, new int[] {target});
            for (int i = 0; i < g.rows(); i++) {
                for (int c = 0; c < g.cols(); c++) {
                    sb.append(c == 0 ? "" : ",").append(g.get(i, c));
                }
                sb.append(y == null ? "" : "," + y.get(i, 0)).append('\n');
            }
            if (y != null) {
                score = RegressCommand.r2Text(Metrics.r2(g, y))
                        + String.format(Locale.ROOT, ", MSE %.6g (%d rows)", Metrics.mse(g, y), g.rows());
            } else {
                score = null;
            }
        }
        out.print(sb);
        out.flush();
        if (target >= 0) {
            // On stderr: stdout stays the CSV alone, for a pipe.
            spec.commandLine().getErr().println("against " + table.source() + ", column " + (target + 1)
                    + (table.hasHeader() ? " ('" + table.columns().get(target) + "')" : "") + ": " + score);
        }
        return 0;
    }

    /** The file's target column, or −1 when it has none: by the model's target name under a header, else the one after the N inputs. */
    private static int targetColumn(DelimitedReader.Table t, ModelFile.Model m) {
        int n = m.network().inputs();
        return t.hasHeader() ? t.columns().indexOf(m.target()) : t.columns().size() == n + 1 ? n : -1;
    }

    /**
     * Labels as training told them apart: by value when every class of the model is a number ("01" and
     * "1.0" are class 1), else as text.
     */
    private static boolean sameLabel(String predicted, String actual, boolean numericClasses) {
        if (predicted.equals(actual)) {
            return true;
        }
        return numericClasses && DelimitedReader.isNumericLabel(actual) && DelimitedReader.BY_VALUE.compare(predicted, actual) == 0;
    }

    /**
     * The network to predict {@code rows} rows with: one forward pass, so, as {@code --kernels auto} decides
     * for training, the vector kernels only where the work repays their JIT warm-up (and only then a
     * warning if their module is missing); otherwise {@code net} itself, loaded on the scalar kernels.
     */
    static Network forPrediction(Network net, int rows) {
        Kernels auto = TrainCommand.autoKernels(TrainCommand.forwardWork(rows, net.inputs(), net.hidden(), net.outputs()));
        return auto == net.kernels() ? net : net.withKernels(auto);
    }

    private static Matrix inputs(DelimitedReader.Table t, ModelFile.Model m) throws DataException {
        int n = m.network().inputs();
        if (t.hasHeader()) {
            for (String f : m.features()) {
                if (!t.columns().contains(f)) {
                    throw new DataException(t.source(), "has no column '" + f + "', which the model needs (it was trained on "
                            + String.join(", ", m.features()) + ")");
                }
            }
        }
        int cols = t.columns().size();
        if (!t.hasHeader() && cols != n && cols != n + 1) {
            throw new DataException(t.source(), t.lines()[0], 0, "has " + cols + (cols == 1 ? " column" : " columns")
                    + "; the model takes " + n + (n == 1 ? " input" : " inputs") + " (optionally followed by a target column)");
        }
        // The model's input columns in the model's order; a target or other column is never parsed.
        int[] wanted = new int[n];
        for (int c = 0; c < n; c++) {
            wanted[c] = t.hasHeader() ? t.columns().indexOf(m.features().get(c)) : c;
        }
        Matrix x = DelimitedReader.columns(t, wanted);
        return x;
    }
}
