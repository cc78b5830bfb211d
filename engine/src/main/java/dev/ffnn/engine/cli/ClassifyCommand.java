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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;

/** {@code ffnn classify}: sigmoid hidden layer, softmax output, cross-entropy. */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a classifier N → K → J (sigmoid, softmax, cross-entropy).",
                       "With no options: the built-in 3D, 4-class, 99-point set, 3 → 10 → 4, to 100%% training accuracy."},
        footer = {"", "Task defaults: --optimizer gd --lr 2.0 --epochs 3000 --test-fraction 0 (train on every row).",
                  "Labels may be any numbers or strings; they are mapped to 0..J−1 and the mapping is printed.",
                  "Numbers are ordered and told apart by value: 1, 01 and 1.0 are one class."})
final class ClassifyCommand extends TrainCommand {

    @Override
    Head head() {
        return Head.CLASSIFICATION;
    }

    @Override
    String taskName() {
        return "classification";
    }

    @Override
    double defaultLearningRate() {
        return 2.0;
    }

    @Override
    int defaultEpochs() {
        return 3000;
    }

    @Override
    Optimizer.Kind defaultOptimizer() {
        return Optimizer.Kind.GD;
    }

    @Override
    double defaultTestFraction() {
        return 0.0;
    }

    @Override
    Dataset builtin(long seed) {
        return BuiltinData.classification3d(seed);
    }

    @Override
    Dataset fromTable(DelimitedReader.Table table, String target) throws DataException {
        return DelimitedReader.classification(table, target);
    }

    /** A seeded random hold-out, so every class can appear on both sides. */
    @Override
    Dataset[] split(Dataset all, double fraction) throws DataException {
        int[] order = new int[all.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = order.length - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        Dataset shuffled = fraction == 0 ? all : all.reordered(order);
        return splitTail(shuffled, fraction, 2);
    }

    @Override
    void evaluate(Network net, Dataset train, Dataset test, Map<String, Object> result, PrintWriter out) {
        Matrix g = predictions(net, train);
        double accuracy = Metrics.accuracy(g, train.y());
        int[][] confusion = Metrics.confusion(g, train.y());
        result.put("train_accuracy", accuracy);
        List<Object> rows = new ArrayList<>();
        for (int[] row : confusion) {
            rows.add(row);
        }
        result.put("confusion", rows);
        result.put("classes", train.classes());
        if (test.rows() > 0) {
            result.put("test_accuracy", Metrics.accuracy(predictions(net, test), test.y()));
        }
        if (!json) {
            out.printf(Locale.ROOT, "train accuracy: %.2f%% (%d/%d)%n", 100 * accuracy,
                    Math.round(accuracy * train.rows()), train.rows());
            if (test.rows() > 0) {
                out.printf(Locale.ROOT, "test accuracy:  %.2f%%%n", 100 * (double) result.get("test_accuracy"));
            }
            if (confusion.length <= CLASSES_SHOWN) {
                out.println("confusion matrix (rows: true class, columns: predicted):");
                out.println(confusionTable(confusion, train.classes()));
            } else {
                out.println("confusion matrix: not printed for " + confusion.length + " classes (--json has it)");
            }
        }
    }

    static String confusionTable(int[][] counts, List<String> classes) {
        int width = 5;
        for (String c : classes) {
            width = Math.max(width, c.length() + 1);
        }
        StringBuilder sb = new StringBuilder(" ".repeat(width));
        for (String c : classes) {
            sb.append(String.format("%" + width + "s", c));
        }
        for (int i = 0; i < counts.length; i++) {
            sb.append('\n').append(String.format("%" + width + "s", classes.get(i)));
            for (int v : counts[i]) {
                sb.append(String.format("%" + width + "d", v));
            }
        }
        return sb.toString();
    }

    @Override
    String plot(Network net, Standardizer scaler, Dataset train, Dataset test, Path dir, List<Path> written)
            throws IOException {
        if (train.x().cols() != 2) {
            return "decision regions, which need 2 inputs (the plane of the plot); this data has " + train.x().cols();
        }
        written.add(Plots.decisionRegions(net, scaler, train.x(), train.y(), train.classes(), train.featureNames(), dir));
        return null;
    }
}
