package dev.ffnn.engine.cli;

import dev.ffnn.engine.data.BuiltinData;
import dev.ffnn.engine.data.DataException;
import dev.ffnn.engine.data.Dataset;
import dev.ffnn.engine.data.DelimitedReader;
import dev.ffnn.engine.data.Standardizer;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Metrics;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Optimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ffnn regress}: sigmoid hidden layer, identity output, mean squared error. */
@Command(name = "regress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a regressor N → K → J (sigmoid, identity output, MSE).",
                       "With no options: the built-in 1D set, 1 → 10 → 1; the right-most 30%% of x is held out"
                               + " as a test set, so the test R² shows how the fit extrapolates."},
        footer = {"", "Task defaults: --optimizer adam --lr 0.02 --epochs 4000 --test-fraction 0.3.",
                  "Rows are sorted by the first input before the split: the test rows lie beyond the training range."})
final class RegressCommand extends TrainCommand {

    @Override
    Head head() {
        return Head.REGRESSION;
    }

    @Override
    String taskName() {
        return "regression";
    }

    @Override
    double defaultLearningRate() {
        return 0.02;
    }

    @Override
    int defaultEpochs() {
        return 4000;
    }

    @Override
    Optimizer.Kind defaultOptimizer() {
        return Optimizer.Kind.ADAM;
    }

    @Override
    double defaultTestFraction() {
        return 0.3;
    }

    @Override
    Dataset builtin(long seed) {
        return BuiltinData.regression1d(seed);
    }

    @Override
    Dataset fromTable(DelimitedReader.Table table, String target) throws DataException {
        return DelimitedReader.regression(table, target);
    }

    @Override
    Dataset[] split(Dataset all, double fraction) throws DataException {
        int[] byFirstInput = java.util.stream.IntStream.range(0, all.rows()).boxed()
                .sorted(Comparator.comparingDouble(i -> all.x().get(i, 0))).mapToInt(Integer::intValue).toArray();
        return splitTail(all.reordered(byFirstInput), fraction, 2);
    }

    @Override
    void evaluate(Network net, Dataset train, Dataset test, Map<String, Object> result, PrintWriter out) {
        Matrix p = predictions(net, train);
        result.put("train_mse", Metrics.mse(p, train.y()));
        result.put("train_r2", Metrics.r2(p, train.y()));
        if (test.rows() > 0) {
            Matrix q = predictions(net, test);
            result.put("test_mse", Metrics.mse(q, test.y()));
            result.put("test_r2", test.rows() > 1 ? Metrics.r2(q, test.y()) : Double.NaN);
        }
        if (!json) {
            out.printf(Locale.ROOT, "train: MSE %.6g  %s%n", result.get("train_mse"), r2Text((double) result.get("train_r2")));
            if (test.rows() > 0) {
                out.printf(Locale.ROOT, "test:  MSE %.6g  %s   (held out beyond the training range: extrapolation)%n",
                        result.get("test_mse"), r2Text((double) result.get("test_r2")));
            }
        }
    }

    /**
     * "R² 0.9876", or why there is none: R² compares the errors with the targets' own spread, and equal
     * targets (a constant column, or a single row) have none: 0/0 or x/0, not a score of −∞.
     */
    static String r2Text(double r2) {
        return Double.isFinite(r2) ? String.format(Locale.ROOT, "R² %.4f", r2) : "R² undefined (the targets are all equal)";
    }

    @Override
    String plot(Network net, Standardizer scaler, Dataset train, Dataset test, Path dir, List<Path> written)
            throws IOException {
        if (train.x().cols() != 1) {
            return "the fit, which needs 1 input (x against y); this data has " + train.x().cols();
        }
        written.add(Plots.regressionFit(net, scaler, train.x(), train.y(), test.x(), test.y(), dir));
        return null;
    }
}
