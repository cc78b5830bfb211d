package dev.ffnn.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.math.KernelProvider;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Head;
import dev.ffnn.engine.nn.Network;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ffnn program as a user runs it: defaults reach their targets, the trace is complete, bad input is told. */
class CliTest {

    record Run(int code, String out, String err) {
        double number(String key) {
            Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.eE+-]+)").matcher(out);
            assertTrue(m.find(), "no \"" + key + "\" in JSON output: " + out);
            return Double.parseDouble(m.group(1));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @TempDir
    Path tmp;

    @Test
    void classifyWithDefaultsReachesFullTrainingAccuracy() {
        Run r = run("classify", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(1.0, r.number("train_accuracy"), "default classify must fit all 99 points");
        assertEquals(3000, (int) r.number("epochs"));
        assertTrue(r.out().contains("\"task\": \"classification\""));
    }

    /**
     * --kernels auto weighs the run against the vector kernels' JIT warm-up (~1.5 s): the lab's default runs
     * (1.0 s scalar, 2.6 s vector, measured) take the scalar kernels and say so; a long run or a large network
     * takes the vector ones; --kernels vector is obeyed whatever the size.
     */
    @Test
    void autoKernelsTakeScalarForShortRunsAndVectorForLongOnes() {
        double lab = TrainCommand.runWork(99, 3, 10, 4, 3000);
        assertTrue(lab < TrainCommand.AUTO_VECTOR_MIN_WORK / 10, "the lab's run is short: " + lab);
        assertTrue(TrainCommand.runWork(99, 3, 10, 4, 300_000) > TrainCommand.AUTO_VECTOR_MIN_WORK, "300,000 epochs are long");
        assertTrue(TrainCommand.runWork(1797, 64, 128, 10, 100) > TrainCommand.AUTO_VECTOR_MIN_WORK,
                "100 epochs of the digits-sized network are long");
        Run auto = run("classify", "--epochs", "3");
        assertEquals(0, auto.code(), auto.err());
        if (dev.ffnn.engine.math.KernelProvider.vectorAvailable()) {
            assertTrue(auto.out().contains("kernels: scalar") && auto.out().contains("auto: a run too short"), auto.out());
            Run forced = run("classify", "--epochs", "3", "--kernels", "vector");
            assertEquals(0, forced.code(), forced.err());
            assertTrue(forced.out().contains("kernels: vector") && !forced.out().contains("auto:"), forced.out());
        }
    }

    /** predict weighs its one forward pass by the same rule: the course data's rows stay scalar. */
    @Test
    void predictionTakesTheVectorKernelsOnlyForLargeInputs() {
        Network loaded = new Network(1, 4000, 1, Head.REGRESSION, KernelProvider.scalar()).initialize(1);
        assertTrue(TrainCommand.forwardWork(40_000, 1, 4000, 1) > TrainCommand.AUTO_VECTOR_MIN_WORK);
        assertTrue(TrainCommand.forwardWork(20_000, 1, 4000, 1) < TrainCommand.AUTO_VECTOR_MIN_WORK);
        assertTrue(TrainCommand.forwardWork(100, 2, 10, 4) < TrainCommand.AUTO_VECTOR_MIN_WORK / 1e4, "the course data");
        assertSame(loaded, PredictCommand.forPrediction(loaded, 20_000));
        Network large = PredictCommand.forPrediction(loaded, 40_000);
        assertSame(KernelProvider.get(), large.kernels());
        assertEquals(0.0, Matrix.maxAbsDiff(loaded.v(), large.v()), "the same weights");
        assertEquals(0.0, Matrix.maxAbsDiff(loaded.w(), large.w()), "the same weights");
    }

    @Test
    void regressWithDefaultsFitsTrainAndShowsExtrapolationFailing() {
        Run r = run("regress", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        double train = r.number("train_r2");
        double test = r.number("test_r2");
        assertTrue(train >= 0.98, "train R² " + train + " should be ≥ 0.98");
        assertTrue(test < train - 0.5, "test R² " + test + " should be well below train R² " + train
                + ": the test split lies beyond the training range");
    }

    @Test
    void sameSeedGivesIdenticalModels() throws IOException {
        Path a = tmp.resolve("a.model");
        Path b = tmp.resolve("b.model");
        assertEquals(0, run("classify", "--quiet", "--epochs", "200", "--batch", "16", "--optimizer", "adam",
                "--lr", "0.01", "--save", a.toString()).code());
        assertEquals(0, run("classify", "--quiet", "--epochs", "200", "--batch", "16", "--optimizer", "adam",
                "--lr", "0.01", "--save", b.toString()).code());
        assertEquals(Files.readString(a), Files.readString(b));
        Path c = tmp.resolve("c.model");
        assertEquals(0, run("classify", "--quiet", "--epochs", "200", "--batch", "16", "--optimizer", "adam",
                "--lr", "0.01", "--seed", "7", "--save", c.toString()).code());
        assertFalse(Files.readString(a).equals(Files.readString(c)), "another seed must give another model");
    }

    /** A --batch of at least the rows is a full batch: the same model, and the text and JSON say so. */
    @Test
    void batchOfAllTheRowsIsAFullBatch() throws IOException {
        Path full = tmp.resolve("full.model");
        Path over = tmp.resolve("over.model");
        Run f = run("classify", "--quiet", "--json", "--epochs", "20", "--save", full.toString());
        Run o = run("classify", "--quiet", "--json", "--epochs", "20", "--batch", "500", "--save", over.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(full), Files.readString(over));
        assertEquals(99, (int) f.number("batch"), f.out());
        assertEquals(99, (int) o.number("batch"), "the rows a step uses: " + o.out());
        Run line = run("classify", "--epochs", "3", "--batch", "500");
        assertTrue(line.out().contains(", full batch (--batch 500 ≥ 99 rows), "), line.out());
        Run mini = run("classify", "--quiet", "--json", "--epochs", "3", "--batch", "16");
        assertEquals(16, (int) mini.number("batch"), mini.out());
    }

    /** A network large enough for every kernel of the step to be split: the thread count changes no bit. */
    @Test
    void threadCountDoesNotChangeTheModel() throws IOException {
        Path data = tmp.resolve("wide.tsv");
        java.util.Random rnd = new java.util.Random(3);
        StringBuilder sb = new StringBuilder();
        for (int c = 1; c <= 30; c++) {
            sb.append('x').append(c).append('\t');
        }
        sb.append("y\n");
        for (int i = 0; i < 1100; i++) {
            for (int c = 0; c < 30; c++) {
                sb.append(rnd.nextGaussian()).append('\t');
            }
            sb.append(rnd.nextInt(10)).append('\n');
        }
        Files.writeString(data, sb.toString());
        Path one = tmp.resolve("one.model");
        Path two = tmp.resolve("two.model");
        for (Path model : new Path[] {one, two}) {
            Run r = run("classify", "--quiet", "--json", "--data", data.toString(), "--hidden", "64", "--epochs", "5",
                    "--optimizer", "adam", "--lr", "0.01", "--threads", model == one ? "1" : "2", "--save", model.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(model == one ? 1 : 2, (int) r.number("threads"), "this network's passes split: " + r.out());
        }
        assertEquals(Files.readString(one), Files.readString(two));
        // The course-sized network's passes stay on the calling thread, and the JSON says so, as the text line does.
        Run small = run("classify", "--quiet", "--json", "--epochs", "3", "--threads", "2");
        assertEquals(1, (int) small.number("threads"), small.out());
        assertEquals(2, (int) small.number("threads_available"), small.out());
        Run line = run("classify", "--epochs", "3", "--threads", "2");
        assertTrue(line.out().contains(", on 1 thread of 2 (a pass of 99 samples is too small to split)"), line.out());
        Run bad = run("classify", "--threads", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--threads must be between 1 and 256, not 0"), bad.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"classify", "regress"})
    void traceShowsAllTenQuantitiesWithTheirShapes(String task) {
        Run r = run(task, "--trace", "--epochs", "2", "--quiet");
        assertEquals(0, r.code(), r.err());
        boolean cls = task.equals("classify");
        int i = cls ? 99 : 70;
        int n = cls ? 3 : 1;
        int j = cls ? 4 : 1;
        int k = 10;
        List<String> expected = List.of(
                "X (x) " + i + "x" + n + " =",
                "X̃ (xTilde) " + i + "x" + (n + 1) + " =",
                "V (v) " + (n + 1) + "x" + k + " =",
                "X̂ (xHat) " + i + "x" + k + " =",
                "F (f) " + i + "x" + k + " =",
                "F̃ (fTilde) " + i + "x" + (k + 1) + " =",
                "W (w) " + (k + 1) + "x" + j + " =",
                "F̂ (fHat) " + i + "x" + j + " =",
                "G (g) " + i + "x" + j + " =",
                "E (e) = ",
                "dV (dV) " + (n + 1) + "x" + k + " =",
                "dW (dW) " + (k + 1) + "x" + j + " =");
        for (String line : expected) {
            assertEquals(2, count(r.out(), line), "'" + line + "' once per epoch in:\n" + r.out());
        }
        assertTrue(r.out().contains("…"), "large matrices are summarised");
        Run full = run(task, "--trace", "--trace-full", "--epochs", "1", "--quiet");
        assertFalse(full.out().contains("…"), "--trace-full prints everything");
    }

    private static int count(String haystack, String needle) {
        int c = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            c++;
        }
        return c;
    }

    @Test
    void readsAUserFileAndReportsTheLabelMapping() throws IOException {
        Path f = tmp.resolve("labels.csv");
        StringBuilder sb = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 40; i++) {
            double x = i % 2 == 0 ? -1 - 0.01 * i : 1 + 0.01 * i;
            sb.append(x).append(',').append(0.5 * x).append(',').append(i % 2 == 0 ? "cat" : "dog").append('\n');
        }
        Files.writeString(f, sb);
        Run r = run("classify", "--data", f.toString(), "--epochs", "300");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("classes: cat→0, dog→1"), r.out());
        assertTrue(r.out().contains("train accuracy: 100.00%"), r.out());
        assertTrue(r.out().contains("confusion matrix (rows: true class"), r.out());
        assertFalse(r.err().contains("warning"), r.err());
    }

    /**
     * A numeric column given to classify as its target (here the first input, 40 distinct values in 40 rows)
     * trains, with a warning that names the column and the other task; the classes line and the confusion
     * table, which would run to 40 entries a row, are cut short.
     */
    @Test
    void aNumericTargetInClassifyIsWarnedAbout() throws IOException {
        Path f = tmp.resolve("numeric.csv");
        StringBuilder sb = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 40; i++) {
            sb.append(0.25 * i).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Files.writeString(f, sb);
        Run r = run("classify", "--data", f.toString(), "--target", "a", "--epochs", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: column 'a' has 40 distinct values in 40 rows")
                && r.err().contains("ffnn regress"), r.err());
        assertTrue(r.out().contains("4.75→19, … (40 classes)") && !r.out().contains("→20"), r.out());
        assertTrue(r.out().contains("confusion matrix: not printed for 40 classes (--json has it)"), r.out());
        Run json = run("classify", "--data", f.toString(), "--target", "a", "--epochs", "5", "--json", "--quiet");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"confusion\": [[") && json.err().contains("warning: column 'a'"), json.err());
        Run labels = run("classify", "--data", f.toString(), "--epochs", "5");
        assertFalse(labels.err().contains("warning"), "the last column holds 2 labels: " + labels.err());
    }

    @Test
    void saveThenPredictReproducesTheTrainedOutputs() throws IOException {
        Path model = tmp.resolve("m.model");
        Path data = tmp.resolve("in.tsv");
        Files.writeString(data, "x\ty\n-1.0\t0\n0.0\t0\n0.5\t0\n");
        assertEquals(0, run("regress", "--quiet", "--epochs", "300", "--standardize", "--save", model.toString()).code());
        assertTrue(Files.readString(model).startsWith("ffnn-model\t1\n"));
        Run p = run("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals(4, lines.length, p.out());
        assertEquals("y,actual", lines[0]);
        double[] fit = new double[3];
        for (int i = 0; i < 3; i++) {
            fit[i] = Double.parseDouble(lines[i + 1].split(",")[0]);
            assertEquals(0.0, Double.parseDouble(lines[i + 1].split(",")[1]), "the file's target, row " + i);
        }
        // The fit at x = 0 is near the truth sin(0) + 0 = 0, and predictions vary with x.
        assertTrue(Math.abs(fit[1]) < 0.2, p.out());
        assertFalse(fit[0] == fit[2]);
        // Scored against the file's targets, all 0: R² ≤ 0 around their mean, MSE the mean of the fits' squares.
        double mse = (fit[0] * fit[0] + fit[1] * fit[1] + fit[2] * fit[2]) / 3;
        assertTrue(p.err().contains(String.format(java.util.Locale.ROOT,
                "column 2 ('y'): R² undefined (the targets are all equal), MSE %.6g (3 rows)", mse)), p.err());
        // Targets that vary: R² = 1 − SS_res / SS_tot around their mean, 0.5.
        Files.writeString(data, "x\ty\n-1.0\t0\n0.0\t0.5\n0.5\t1\n");
        Run s = run("predict", "--model", model.toString(), "--data", data.toString());
        double ssRes = fit[0] * fit[0] + (fit[1] - 0.5) * (fit[1] - 0.5) + (fit[2] - 1) * (fit[2] - 1);
        assertTrue(s.err().contains(String.format(java.util.Locale.ROOT, "column 2 ('y'): R² %.4f, MSE %.6g (3 rows)",
                1 - ssRes / 0.5, ssRes / 3)), s.err());
        // The inputs alone, without a target column: the same predictions, and nothing to score.
        Path inputsOnly = tmp.resolve("x.tsv");
        Files.writeString(inputsOnly, "x\n-1.0\n0.0\n0.5\n");
        Run q = run("predict", "--model", model.toString(), "--data", inputsOnly.toString());
        assertEquals(0, q.code(), q.err());
        assertEquals(p.out().replaceAll(",0\\.0\n", "\n").replace("y,actual", "y"), q.out());
        assertFalse(q.err().contains("against"), q.err());
    }

    @Test
    void predictScoresAClassifierAgainstTheFilesLabels() throws IOException {
        Path model = tmp.resolve("c.model");
        assertEquals(0, run("classify", "--quiet", "--epochs", "200", "--save", model.toString()).code());
        String[] inputs = {"0.1\t0.2\t0.3", "0.9\t0.8\t0.7", "-0.5\t0.4\t0.1"};
        Path data = tmp.resolve("c.tsv");
        Files.writeString(data, String.join("\n", inputs) + "\n");
        Run bare = run("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, bare.code(), bare.err());
        String[] predicted = bare.out().strip().lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toArray(String[]::new);
        // No header: the model's 3 inputs, then the label. Row 1's label is its prediction written "0" + label,
        // and row 2's written with ".0": the same class, as training reads numeric labels by value; row 3's is
        // another class.
        String[] labels = {"0" + predicted[0], predicted[1] + ".0", Integer.toString((Integer.parseInt(predicted[2]) + 1) % 4)};
        Files.writeString(data, IntStream.range(0, 3).mapToObj(i -> inputs[i] + "\t" + labels[i] + "\n")
                .collect(Collectors.joining()));
        Run p = run("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals("predicted,p_0,p_1,p_2,p_3,actual", lines[0]);
        for (int i = 0; i < 3; i++) {
            assertEquals(bare.out().strip().split("\n")[i + 1] + "," + labels[i], lines[i + 1]);
        }
        assertTrue(p.err().contains(", column 4: accuracy 66.67% (2 of 3 rows right)"), p.err());

        // Classes that are not all integers are told apart as text, as training did: "01" is not class "1".
        StringBuilder train = new StringBuilder("x\tlabel\n");
        for (int i = 0; i < 30; i++) {
            double x = -3 + 0.2 * i;
            train.append(x).append('\t').append(x < -1 ? "1" : x < 1 ? "2" : "x").append('\n');
        }
        Files.writeString(data, train);
        assertEquals(0, run("classify", "--quiet", "--data", data.toString(), "--save", model.toString()).code());
        Files.writeString(data, "x\tlabel\n-2.5\t1\n-2.5\t01\n");
        p = run("predict", "--model", model.toString(), "--data", data.toString());
        assertTrue(p.out().startsWith("predicted,p_1,p_2,p_x,actual\n1,"), p.out());
        assertTrue(p.err().contains("('label'): accuracy 50.00% (1 of 2 rows right)"), p.err());
    }

    @Test
    void plotsAreWritten() throws IOException {
        Path dir = tmp.resolve("plots");
        Run r = run("regress", "--quiet", "--epochs", "50", "--plot", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("loss.png", "regression-fit.png")) {
            byte[] png = Files.readAllBytes(dir.resolve(name));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', name);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    /** The built-in classification set has 3 inputs: the loss curve is written, and the line says why no more. */
    @Test
    void aPlotThatDoesNotFitTheDataSaysWhy() throws IOException {
        Path dir = tmp.resolve("plots3d");
        Run r = run("classify", "--epochs", "20", "--plot", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("plot written: " + dir.resolve("loss.png")), r.out());
        assertTrue(r.out().contains("plot not written: decision regions, which need 2 inputs (the plane of the plot);"
                + " this data has 3"), r.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("loss.png")), files.toList());
        }
    }

    // ------------------------------------------------------------------------------ bad input: exit 2, one message

    private void assertBadInput(Run r, String... fragments) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "stderr should contain '" + f + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception names: " + r.err());
    }

    private Path file(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("nope.txt");
        assertBadInput(run("classify", "--data", f.toString()), f.toString(), "no such file");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = file("empty.txt", "\n\n");
        assertBadInput(run("classify", "--data", f.toString()), f.toString(), "empty");
    }

    @Test
    void raggedRows() throws IOException {
        Path f = file("ragged.txt", "x1\tx2\ty\n1\t2\t0\n3\t4\n");
        assertBadInput(run("classify", "--data", f.toString()), f + ":3:", "2 columns", "line 1 has 3");
    }

    @Test
    void nonNumericCell() throws IOException {
        Path f = file("text.txt", "x1,x2,y\n1,2,0\n3,abc,1\n");
        assertBadInput(run("classify", "--data", f.toString()), f + ":3:2:", "'abc' is not a number", "x2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void nanAndInfinity(String bad) throws IOException {
        Path f = file("nan.txt", "x1 x2 y\n1 2 0\n3 " + bad + " 1\n");
        assertBadInput(run("classify", "--data", f.toString()), f + ":3:2:", "not a finite number");
    }

    @Test
    void fewerThanTwoClasses() throws IOException {
        Path f = file("one.txt", "x1,y\n1,a\n2,a\n3,a\n");
        assertBadInput(run("classify", "--data", f.toString()), f.toString(), "only one class", "at least 2");
    }

    @Test
    void tooFewRowsForTheSplit() throws IOException {
        Path f = file("tiny.txt", "x,y\n1,2\n2,3\n");
        assertBadInput(run("regress", "--data", f.toString()), f.toString(), "too few", "split");
    }

    @Test
    void unknownTargetColumn() throws IOException {
        Path f = file("cols.txt", "x1,x2,y\n1,2,0\n3,4,1\n");
        assertBadInput(run("classify", "--data", f.toString(), "--target", "label"), "no column named 'label'",
                "x1, x2, y");
    }

    @Test
    void predictOnAHeaderlessFileOfTheWrongWidth() throws IOException {
        Path model = tmp.resolve("m.txt");
        assertEquals(0, run("classify", "--quiet", "--epochs", "5", "--save", model.toString()).code());
        Path narrow = file("narrow.txt", "0.5\n1.5\n");
        assertBadInput(run("predict", "--model", model.toString(), "--data", narrow.toString()),
                narrow + ":1: has 1 column; the model takes 3 inputs (optionally followed by a target column)");
    }

    /** R² of a constant target is 0/0 or x/0: said to be undefined, on both sides of the split, not −∞ or NaN. */
    @Test
    void regressOnAConstantTargetHasNoR2() throws IOException {
        Path flat = file("flat.txt", "x,y\n1,5\n2,5\n3,5\n4,5\n5,5\n6,5\n7,5\n8,5\n9,5\n10,5\n");
        Run r = run("regress", "--quiet", "--data", flat.toString(), "--epochs", "20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("train: MSE ") && r.out().contains("test:  MSE "), r.out());
        assertEquals(2, r.out().split("R² undefined \\(the targets are all equal\\)", -1).length - 1, r.out());
        assertFalse(r.out().contains("Infinity") || r.out().contains("NaN"), r.out());
    }

    /** Output paths that cannot be used are refused before training, not after it, and nothing is written. */
    @Test
    void unusableOutputPathsAreRefusedBeforeTraining() throws IOException {
        Path file = file("a-file.txt", "not a directory\n");
        Run saveIntoDirectory = run("classify", "--quiet", "--epochs", "5", "--save", tmp.toString());
        assertBadInput(saveIntoDirectory, "--save " + tmp + ": is a directory; give a file name");
        Run plotIntoFile = run("classify", "--quiet", "--epochs", "5", "--plot", file.toString());
        assertBadInput(plotIntoFile, "--plot " + file + ": is a file, not a directory");
        Run saveUnderFile = run("regress", "--quiet", "--epochs", "5", "--save", file.resolve("m.txt").toString());
        assertBadInput(saveUnderFile, "--save " + file.resolve("m.txt") + ": " + file + " is a file, not a directory");
        for (Run r : List.of(saveIntoDirectory, plotIntoFile, saveUnderFile)) {
            assertEquals("", r.out(), "no training before the refusal");
        }
        assertEquals("not a directory\n", Files.readString(file));
        Path nested = tmp.resolve("new/deeper/m.txt");
        assertEquals(0, run("classify", "--quiet", "--epochs", "5", "--save", nested.toString()).code(),
                "missing directories are still made");
        assertTrue(Files.readString(nested).startsWith("ffnn-model"));
    }

    /**
     * A pass whose buffers would not fit in the heap is refused before anything is built, with a smaller
     * batch size that would fit. The hidden layer is sized from this JVM's heap, whatever it is.
     */
    @Test
    void aPassTooLargeForTheHeapIsRefusedWithABatchThatFits() {
        long bytesPerHiddenUnitAndRow = 3L * Double.BYTES; // X̂ᵀ, F̃ᵀ and the hidden delta grow with K
        long hidden = 2 * Runtime.getRuntime().maxMemory() / (bytesPerHiddenUnitAndRow * 104);
        if (hidden > Integer.MAX_VALUE / 8) {
            return; // a heap this large leaves no int-sized K that overflows it
        }
        Run r = run("classify", "--epochs", "1", "--hidden", String.valueOf(hidden));
        assertBadInput(r, "a pass of 99 rows through 3 → " + hidden + " → 4 needs ", "GB of buffers", "use mini-batches (--batch ");
        assertEquals("", r.out(), "refused before the data and network lines");
        Matcher batch = Pattern.compile("--batch (\\d+) needs").matcher(r.err());
        assertTrue(batch.find(), r.err());
        assertTrue(Integer.parseInt(batch.group(1)) < 99, "a batch smaller than the pass: " + r.err());
    }

    @Test
    void targetWithoutADataFileIsAUsageError() {
        Run r = run("classify", "--target", "y");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--target names a column of a --data file"), r.err());
        assertEquals("", r.out());
    }

    /**
     * Every command's help renders as written: picocli formats descriptions with String.format, and a lone
     * '%' (as "30% of x" was) makes it warn on the process's stderr and fall back to the raw text.
     */
    @Test
    void everyHelpRendersWithoutPicocliWarnings() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String command : List.of("classify", "regress", "predict")) {
                Run r = run(command, "--help");
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().contains("Usage: ffnn " + command), r.out());
            }
            assertTrue(run("--help").out().contains("Commands:"));
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badOptionIsAUsageError() {
        Run r = run("classify", "--optimizer", "sgd");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--optimizer"), r.err());
    }

    @Test
    void corruptAndForeignModelFiles() throws IOException {
        Path data = file("in.txt", "x,y\n1,0\n");
        Path foreign = file("foreign.model", "{\"weights\": [1, 2, 3]}\n");
        assertBadInput(run("predict", "--model", foreign.toString(), "--data", data.toString()), "not an ffnn model file");
        Path model = tmp.resolve("good.model");
        assertEquals(0, run("regress", "--quiet", "--epochs", "5", "--save", model.toString()).code());
        String text = Files.readString(model);
        Path truncated = file("truncated.model", text.substring(0, text.length() / 2));
        assertBadInput(run("predict", "--model", truncated.toString(), "--data", data.toString()), "corrupt model file");
        Path version = file("v9.model", text.replace("ffnn-model\t1", "ffnn-model\t9"));
        assertBadInput(run("predict", "--model", version.toString(), "--data", data.toString()), "version 9");
    }

    @Test
    void divergenceStopsWithExitCode3() {
        Run r = run("regress", "--lr", "1e6", "--optimizer", "gd", "--epochs", "1000", "--quiet");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("diverged at epoch"), r.err());
        assertTrue(r.err().contains("smaller learning rate"), r.err());
    }

    @Test
    void checkGradientsWithoutTheVerifyModuleSaysWhatToDo() {
        // The engine's own tests run without the verify module on the class path.
        Run r = run("classify", "--check-gradients", "--epochs", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("needs the verify module"), r.err());
    }
}
