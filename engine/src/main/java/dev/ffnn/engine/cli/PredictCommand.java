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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ffnn predict}: applies a saved model to a data file and prints one CSV row per input row. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict with a saved model (from --save) on a data file; prints CSV on stdout.",
                       "Input columns are matched by header name when the file has a header; otherwise the file",
                       "must have the model's N input columns, optionally followed by a target column."})
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
        Network net = forPrediction(m.network(), x.rows());
        Matrix g = net.predict(m.standardizer().apply(x));
        StringBuilder sb = new StringBuilder();
        if (m.network().head() == Head.CLASSIFICATION) {
            sb.append("predicted");
            for (String c : m.classes()) {
                sb.append(",p_").append(c);
            }
            sb.append('\n');
            int[] best = Metrics.argmaxRows(g);
            for (int i = 0; i < g.rows(); i++) {
                sb.append(m.classes().get(best[i]));
                for (int c = 0; c < g.cols(); c++) {
                    sb.append(',').append(g.get(i, c));
                }
                sb.append('\n');
            }
        } else {
            sb.append(m.network().outputs() == 1 ? m.target() : "outputs").append('\n');
            for (int i = 0; i < g.rows(); i++) {
                for (int c = 0; c < g.cols(); c++) {
                    sb.append(c == 0 ? "" : ",").append(g.get(i, c));
                }
                sb.append('\n');
            }
        }
        out.print(sb);
        out.flush();
        return 0;
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
            throw new DataException(t.source(), t.lines()[0], 0, "has " + cols + " columns; the model takes " + n
                    + " inputs (optionally followed by a target column)");
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
