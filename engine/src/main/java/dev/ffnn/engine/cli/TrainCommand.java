package dev.ffnn.engine.cli;

import dev.ffnn.engine.data.DataException;
import dev.ffnn.engine.data.Dataset;
import dev.ffnn.engine.data.DelimitedReader;
import dev.ffnn.engine.data.Standardizer;
import dev.ffnn.engine.io.ModelFile;
import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.ParallelKernels;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.GradientCheck;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Optimizer;
import dev.ffnn.engine.nn.Pass;
import dev.ffnn.engine.nn.Trainer;
import dev.ffnn.engine.nn.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code classify} and {@code regress} share: load or make data, split, scale, build the network,
 * attach listeners, train, evaluate, report, save and plot. Subclasses supply the head, the defaults,
 * the data split and the task's own metrics.
 */
abstract class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Delimited text file (tab, comma or whitespace; optional header; cells may be in double quotes). Default: the built-in data set.")
    Path data;

    @Option(names = "--target", paramLabel = "NAME", description = "Target column of the --data file by header name (default: the last column).")
    String target;

    @Option(names = "--hidden", paramLabel = "K", defaultValue = "10", description = "Hidden units K (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: per task, see below).")
    Double learningRate;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: per task, see below).")
    Integer epochs;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "gd, momentum or adam (default: per task, see below).")
    Optimizer.Kind optimizer;

    @Option(names = "--batch", paramLabel = "ROWS", defaultValue = "0",
            description = "Mini-batch size, drawn from a seeded shuffle; 0 (default) or at least the training rows = full batch.")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed for data, initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--standardize", description = "Scale inputs to mean 0, std 1 (statistics from the training rows, stored in the model).")
    boolean standardize;

    @Option(names = "--kernels", paramLabel = "NAME", defaultValue = "auto",
            description = "vector, scalar or auto (default: vector when the run is long enough to repay the vector"
                    + " kernels' JIT warm-up and the JVM has --add-modules jdk.incubator.vector, else scalar).")
    String kernels;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the large kernels (default: all cores); small networks stay on one. Results are the same bits on any number.")
    Integer threads;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model here (for predict).")
    Path save;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write PNG plots into this directory.")
    Path plotDir;

    @Option(names = "--json", description = "Print one JSON object with the results on stdout (and nothing else there).")
    boolean json;

    @Option(names = "--trace", description = "Print X, X̃, V, X̂, F, F̃, W, F̂, G, E, dV and dW at every step.")
    boolean trace;

    @Option(names = "--trace-full", description = "With --trace: print matrices in full instead of summarised with '…'.")
    boolean traceFull;

    @Option(names = "--trace-every", paramLabel = "N", defaultValue = "1", description = "With --trace: only every N-th epoch.")
    int traceEvery;

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no informational messages.")
    boolean quiet;

    @Option(names = "--check-gradients",
            description = "Before training, check dV and dW against finite differences on a few rows and print the worst relative error per matrix.")
    boolean checkGradients;

    @Option(names = "--test-fraction", paramLabel = "F", description = "Fraction of rows held out for testing (default: per task).")
    Double testFraction;

    abstract Head head();

    abstract String taskName();

    abstract double defaultLearningRate();

    abstract int defaultEpochs();

    abstract Optimizer.Kind defaultOptimizer();

    abstract double defaultTestFraction();

    /** The built-in data set of this task. */
    abstract Dataset builtin(long seed);

    /** Parses a file's table into this task's data set. */
    abstract Dataset fromTable(DelimitedReader.Table table, String target) throws DataException;

    /** Splits into {train, test}; test may have 0 rows. */
    abstract Dataset[] split(Dataset all, double testFraction) throws DataException;

    /** Adds the task's metrics for the trained network to the result and prints them unless JSON. */
    abstract void evaluate(Network net, Dataset train, Dataset test, Map<String, Object> result, PrintWriter out);

    /** The task's plots beyond the loss curve; null, or why the task's own plot does not fit this data. */
    abstract String plot(Network net, Standardizer scaler, Dataset train, Dataset test, Path dir, List<Path> written)
            throws IOException;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validateOptions();
        // Before training, not after it: a run of minutes should not end in an output path that cannot be used.
        OutputPaths.requireWritableFile("--save", save);
        OutputPaths.requireWritableDirectory("--plot", plotDir);
        return train(out, err);
    }

    /** All cores: results do not depend on the thread count (see ParallelKernels), only the speed does. */
    private static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    private int train(PrintWriter out, PrintWriter err) throws Exception {

        Dataset all = data == null ? builtin(seed) : fromTable(DelimitedReader.read(data), target);
        double fraction = testFraction != null ? testFraction : defaultTestFraction();
        Dataset[] parts = split(all, fraction);
        Dataset train = parts[0];
        Dataset test = parts[1];
        Standardizer scaler = standardize ? Standardizer.fit(train.x()) : Standardizer.identity(train.x().cols());
        Dataset trainScaled = train.withInputs(scaler.apply(train.x()));
        Dataset testScaled = test.withInputs(scaler.apply(test.x()));

        PrintWriter info = json ? err : out;
        int n = train.x().cols();
        int j = train.y().cols();
        double lr = learningRate != null ? learningRate : defaultLearningRate();
        int epochCount = epochs != null ? epochs : defaultEpochs();
        Optimizer.Kind kind = optimizer != null ? optimizer : defaultOptimizer();
        // Chosen here, once the run's size is known: --kernels auto weighs it against the JIT warm-up.
        Kernels chosen = chooseKernels(runWork(train.rows(), n, hidden, j, epochCount));
        boolean shortRun = kernels.equals("auto") && chosen == KernelProvider.scalar() && KernelProvider.vectorAvailable();
        Trainer.Config config = new Trainer.Config(epochCount, batch, seed);
        int passRows = config.rowsPerStep(train.rows());
        requireHeapFor(passRows, train.rows(), n, j);
        try (ParallelKernels k = new ParallelKernels(chosen, threads != null ? threads : defaultThreads())) {
            Network net = new Network(n, hidden, j, head(), k).initialize(seed);
            boolean oneThread = k.threads() > 1 && net.passTooSmallToSplit(passRows);
            if (!quiet) {
                info.printf(Locale.ROOT, "data: %s, %d rows (%d train, %d test), %d input%s%s%n", all.source(), all.rows(),
                        train.rows(), test.rows(), n, n == 1 ? "" : "s", standardize ? ", standardised" : "");
                if (all.isClassification()) {
                    info.println("classes: " + classesLine(all.classes()));
                }
                info.printf(Locale.ROOT, "network: %d → %d → %d (%s), %s lr=%s, %d epoch%s, %s, kernels: %s%n", n, hidden, j,
                        head().label(), kind.label(), lr, epochCount, epochCount == 1 ? "" : "s", batchLabel(passRows, train.rows()),
                        kernelsLabel(k, oneThread, shortRun, passRows));
                info.flush();
            }

            if (all.isClassification() && looksContinuous(all.classes().size(), all.rows())) {
                // Not an error: a data set may have many classes. But a class per row or so is most often a
                // numeric target given to the wrong task.
                err.printf(Locale.ROOT, "ffnn: warning: column '%s' has %d distinct values in %d rows, and classify makes"
                        + " each one a class; for a numeric target use 'ffnn regress'%n", all.targetName(),
                        all.classes().size(), all.rows());
                err.flush();
            }
            Double gradientWorst = checkGradients ? checkGradients(net, trainScaled, info) : null;
            Optimizer opt = Optimizer.create(kind, net, lr);
            LossHistory history = new LossHistory();
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(history);
            if (trace) {
                listeners.add(new TracePrinter(out, traceEvery, traceFull));
            }
            if (!quiet && isTerminal()) {
                listeners.add(new ProgressReporter(err));
            }
            long t0 = System.nanoTime();
            double finalLoss = new Trainer(net, opt, config, listeners)
                    .train(trainScaled.x(), trainScaled.y());
            double seconds = (System.nanoTime() - t0) / 1e9;

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("task", taskName());
            result.put("data", all.source());
            result.put("shape", List.of(n, hidden, j));
            result.put("optimizer", kind.label());
            result.put("learning_rate", lr);
            result.put("epochs", epochCount);
            result.put("batch", passRows); // the rows a step uses, as the text line says: all of them for --batch ≥ rows
            result.put("seed", seed);
            result.put("final_loss", finalLoss);
            if (gradientWorst != null) {
                result.put("gradient_check_worst", gradientWorst);
            }
            if (!json) {
                out.printf(Locale.ROOT, "final loss E = %.6g after %d epochs (%.3f s, %.1f µs/epoch)%n", finalLoss, epochCount,
                        seconds, seconds * 1e6 / epochCount);
            }
            evaluate(net, trainScaled, testScaled, result, out);
            result.put("train_seconds", seconds);
            result.put("us_per_epoch", seconds * 1e6 / epochCount);
            result.put("kernels", k.name());
            // The threads the passes ran on, as the network line says; --threads (or the default) beside it.
            result.put("threads", oneThread ? 1 : k.threads());
            result.put("threads_available", k.threads());

            if (save != null) {
                ModelFile.save(new ModelFile.Model(net, scaler, all.featureNames(), all.targetName(), all.classes()), save);
                result.put("model", save.toString());
                if (!quiet) {
                    info.println("model saved to " + save);
                }
            }
            if (plotDir != null) {
                List<Path> written = new ArrayList<>();
                written.add(Plots.lossCurve(history.losses(), taskName() + ": training loss", plotDir));
                String skipped = plot(net, scaler, train, test, plotDir, written);
                result.put("plots", written.stream().map(Path::toString).toList());
                if (!quiet) {
                    written.forEach(p -> info.println("plot written: " + p));
                    if (skipped != null) {
                        info.println("plot not written: " + skipped);
                    }
                }
            }
            if (json) {
                out.println(Json.write(result));
            }
            out.flush();
            return 0;
        }
    }

    /** Rows checked by --check-gradients: enough to involve every unit, few enough to be instant. */
    private static final int CHECK_ROWS = 8;

    private double checkGradients(Network net, Dataset train, PrintWriter info) {
        GradientCheck checker = GradientCheck.find().orElseThrow(() -> new Main.UsageException(
                "--check-gradients needs the verify module's checker: build it with ./mvnw package"
                + " (it is found at verify/target/ffnn-verify.jar next to engine/target/ffnn.jar)"));
        int rows = Math.min(CHECK_ROWS, train.rows());
        GradientCheck.Result r = checker.check(net, train.x().view(0, 0, rows, train.x().cols()).copy(),
                train.y().view(0, 0, rows, train.y().cols()).copy());
        info.printf(Locale.ROOT, "gradient check on %d rows (finite differences vs closed form):%n%s%n", rows, r.summary());
        info.printf(Locale.ROOT, "gradient check: worst relative error %.3g (%s)%n", r.worst(),
                r.worst() <= 1e-7 ? "ok" : "SUSPICIOUS: above 1e-7");
        info.flush();
        return r.worst();
    }

    /**
     * The passes a run allocates (one of a step's rows, and a shorter one for the last mini-batch) must fit in
     * the heap with room to spare (the weights, a few K·(N + J), are left out): refused before anything is
     * built, with what would fit, where the JVM would run out of memory minutes later.
     */
    private void requireHeapFor(int passRows, int rows, int n, int j) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        int last = rows % passRows;
        long needed = Pass.bytes(passRows, n, hidden, j, head()) + (last > 0 ? Pass.bytes(last, n, hidden, j, head()) : 0);
        if (needed <= free * 0.8) {
            return;
        }
        long perRow = Math.max(1, Pass.bytes(1024, n, hidden, j, head()) / 1024);
        long fits = Long.highestOneBit(Math.max(8, (long) (free * 0.4) / perRow));
        throw new Main.UsageException(String.format(Locale.ROOT,
                "a pass of %d rows through %d → %d → %d needs %.1f GB of buffers, more than this JVM's heap has free"
                + " (%.1f GB): use mini-batches (--batch %d needs %.1f GB), fewer hidden units, or a larger heap"
                + " (FFNN_JAVA_OPTS=-Xmx… with ./ffnn, or java -Xmx…)", passRows, n, hidden, j, needed / 1e9, free / 1e9,
                fits, Pass.bytes((int) Math.min(fits, Integer.MAX_VALUE), n, hidden, j, head()) / 1e9));
    }

    /** More classes than this are listed in part on the "classes:" line, and get no confusion table. */
    static final int CLASSES_SHOWN = 20;

    /** The label mapping, the first {@link #CLASSES_SHOWN} labels of it when there are more. */
    static String classesLine(List<String> classes) {
        return classes.size() <= CLASSES_SHOWN ? DelimitedReader.mapping(classes)
                : DelimitedReader.mapping(classes.subList(0, CLASSES_SHOWN)) + ", … (" + classes.size() + " classes)";
    }

    /** Whether a classification target has so many labels for its rows that it is most likely a number. */
    static boolean looksContinuous(int classes, int rows) {
        return classes > CLASSES_SHOWN / 2 && classes > rows / 2;
    }

    private void validateOptions() {
        switch (kernels) {
            case "auto", "scalar" -> { }
            case "vector" -> {
                if (!KernelProvider.vectorAvailable()) {
                    throw new Main.UsageException("--kernels vector needs the JVM flag --add-modules jdk.incubator.vector");
                }
            }
            default -> throw new Main.UsageException("--kernels must be vector, scalar or auto, not '" + kernels + "'");
        }
        if (hidden < 1) {
            throw new Main.UsageException("--hidden must be at least 1, not " + hidden);
        }
        if (epochs != null && epochs < 1) {
            throw new Main.UsageException("--epochs must be at least 1, not " + epochs);
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new Main.UsageException("--lr must be a positive number, not " + learningRate);
        }
        if (batch < 0) {
            throw new Main.UsageException("--batch must be 0 (full batch) or positive, not " + batch);
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new Main.UsageException("--threads must be between 1 and 256, not " + threads);
        }
        if (testFraction != null && !(testFraction >= 0 && testFraction < 1)) {
            throw new Main.UsageException("--test-fraction must be in [0, 1), not " + testFraction);
        }
        if (target != null && data == null) {
            throw new Main.UsageException("--target names a column of a --data file; the built-in data set's target is fixed");
        }
        if (traceEvery < 1) {
            throw new Main.UsageException("--trace-every must be at least 1, not " + traceEvery);
        }
    }

    /**
     * Multiply-adds (counting each exp as a few) below which {@code --kernels auto} runs the scalar kernels.
     * The vector kernels run interpreted, ~100× slower, until C2 has compiled them: about 1.5 s here, which
     * the scalar kernels spend on ~4·10⁹ of the step's operations. Measured on the course data (100×2→10→4):
     * 3,000 epochs 1.0 s scalar against 2.6 s vector, 30,000 epochs 1.7 against 3.0 s, 100,000 epochs even.
     */
    static final double AUTO_VECTOR_MIN_WORK = 4e9;

    /**
     * Which kernels, why (when auto chose the scalar ones) and on how many threads: a network whose passes
     * are too small to split runs on one, whatever --threads says, and the line says so rather than "2 threads".
     */
    private static String kernelsLabel(ParallelKernels k, boolean oneThread, boolean shortRun, int passRows) {
        String why = shortRun ? " (auto: a run too short to repay the vector kernels' JIT warm-up; --kernels vector forces them)" : "";
        if (oneThread) {
            return k.serial().description() + why + ", on 1 thread of " + k.threads()
                    + " (a pass of " + passRows + " samples is too small to split)";
        }
        return k.description() + why;
    }

    /** "full batch" whenever a step takes every row, which a --batch of at least the rows also does. */
    private String batchLabel(int passRows, int rows) {
        if (passRows < rows) {
            return "batch " + passRows;
        }
        return batch == 0 ? "full batch" : String.format(Locale.ROOT, "full batch (--batch %d ≥ %d rows)", batch, rows);
    }

    /**
     * The work of a whole full-batch run, in the unit of {@link #AUTO_VECTOR_MIN_WORK}: per sample and epoch,
     * 2 flops for each weight forward, 4 backward, and the K + J exps.
     */
    static double runWork(int rows, int n, int hidden, int j, int epochs) {
        return (6 * weights(n, hidden, j) + 20.0 * (hidden + j)) * rows * epochs;
    }

    /** The work of one forward pass over {@code rows} samples (prediction), in the same unit: 2 flops a weight. */
    static double forwardWork(int rows, int n, int hidden, int j) {
        return (2 * weights(n, hidden, j) + 20.0 * (hidden + j)) * rows;
    }

    private static double weights(int n, int hidden, int j) {
        return (n + 1.0) * hidden + (hidden + 1.0) * j;
    }

    /** The kernels --kernels names (checked by {@link #validateOptions}) for a run of this much work. */
    private Kernels chooseKernels(double work) {
        return switch (kernels) {
            case "scalar" -> KernelProvider.scalar();
            case "vector" -> KernelProvider.vector();
            default -> autoKernels(work);
        };
    }

    /**
     * What {@code --kernels auto} takes for this much work (training or prediction): the scalar kernels below
     * {@link #AUTO_VECTOR_MIN_WORK}, else the fastest this JVM has (warning once if that is the scalar ones).
     */
    static Kernels autoKernels(double work) {
        return work < AUTO_VECTOR_MIN_WORK ? KernelProvider.scalar() : KernelProvider.get();
    }

    private static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Rows [0, I − ⌈fraction·I⌉) train, the rest test; a test set, when asked for, has at least one row. */
    static Dataset[] splitTail(Dataset all, double fraction, int minTrain) throws DataException {
        int testRows = (int) Math.ceil(fraction * all.rows());
        int trainRows = all.rows() - testRows;
        if (trainRows < minTrain) {
            throw new DataException(all.source(), "has " + all.rows() + " rows: too few for a "
                    + Math.round(100 * (1 - fraction)) + "/" + Math.round(100 * fraction)
                    + " train/test split with at least " + minTrain + " training rows");
        }
        return new Dataset[] {all.slice(0, trainRows), all.slice(trainRows, all.rows())};
    }

    static Matrix predictions(Network net, Dataset d) {
        return net.predict(d.x());
    }
}
