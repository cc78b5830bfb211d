package dev.ffnn.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without --add-modules jdk.incubator.vector the program still works, on the scalar kernels: after one warning
 * when the run is long enough that --kernels auto would have taken the vector kernels, silently when it is short
 * (auto takes the scalar kernels for short runs anyway); predict likewise.
 */
class ScalarFallbackTest {
    private static final String WARNING = "jdk.incubator.vector is not enabled";

    @TempDir
    Path tmp;

    @Test
    void runsOnScalarKernelsWithOneWarning() throws Exception {
        // 300 epochs of 3 → 2000 → 4 on the built-in 99 rows: just past TrainCommand.AUTO_VECTOR_MIN_WORK.
        assertTrue(TrainCommand.runWork(99, 3, 2000, 4, 300) > TrainCommand.AUTO_VECTOR_MIN_WORK);
        String err = classifyWithoutVectorModule("--hidden", "2000", "--epochs", "300");
        assertEquals(1, err.split(WARNING, -1).length - 1, "exactly one warning: " + err);
    }

    @Test
    void shortRunsTakeTheScalarKernelsWithoutAWarning() throws Exception {
        String err = classifyWithoutVectorModule("--epochs", "5");
        assertTrue(!err.contains(WARNING), "no warning for a short run: " + err);
    }

    /** predict decides as training does (see PredictCommand.forPrediction): a small prediction is silent. */
    @Test
    void smallPredictionsTakeTheScalarKernelsWithoutAWarning() throws Exception {
        Path model = tmp.resolve("m.model");
        runWithoutVectorModule("regress", "--quiet", "--epochs", "5", "--save", model.toString());
        Path data = tmp.resolve("in.tsv");
        Files.writeString(data, "x\ty\n-1.0\t0\n0.0\t0\n0.5\t0\n");
        String[] outErr = runWithoutVectorModule("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(4, outErr[0].strip().split("\n").length, "a header and a prediction per row: " + outErr[0]);
        assertTrue(!outErr[1].contains(WARNING), "no warning for a small prediction: " + outErr[1]);
    }

    private static String classifyWithoutVectorModule(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("classify", "--json", "--quiet"));
        args.addAll(List.of(options));
        String[] outErr = runWithoutVectorModule(args.toArray(String[]::new));
        assertTrue(outErr[0].contains("\"kernels\": \"scalar\""), outErr[0]);
        return outErr[1];
    }

    /** The program in a JVM without the vector module; its stdout and stderr, after it exited 0. */
    private static String[] runWithoutVectorModule(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        // Both streams at once: a full stderr pipe must not block the process while stdout is read.
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errText = new String(err.get(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), errText);
        assertTrue(!errText.contains("Using incubator modules"), "the module really was absent: " + errText);
        return new String[] {out, errText};
    }
}
