package dev.ffnn.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without --add-modules jdk.incubator.vector the program still works, on the scalar kernels: after one warning
 * when the run is long enough that --kernels auto would have taken the vector kernels, silently when it is short
 * (auto takes the scalar kernels for short runs anyway).
 */
class ScalarFallbackTest {
    @Test
    void runsOnScalarKernelsWithOneWarning() throws Exception {
        // 300 epochs of 3 → 2000 → 4 on the built-in 99 rows: just past TrainCommand.AUTO_VECTOR_MIN_WORK.
        assertTrue(TrainCommand.runWork(99, 3, 2000, 4, 300) > TrainCommand.AUTO_VECTOR_MIN_WORK);
        String err = runWithoutVectorModule("--hidden", "2000", "--epochs", "300");
        assertEquals(1, err.split("jdk.incubator.vector is not enabled", -1).length - 1, "exactly one warning: " + err);
    }

    @Test
    void shortRunsTakeTheScalarKernelsWithoutAWarning() throws Exception {
        String err = runWithoutVectorModule("--epochs", "5");
        assertTrue(!err.contains("jdk.incubator.vector is not enabled"), "no warning for a short run: " + err);
    }

    private static String runWithoutVectorModule(String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "classify", "--json", "--quiet"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.contains("\"kernels\": \"scalar\""), out);
        assertTrue(!err.contains("Using incubator modules"), "the module really was absent: " + err);
        return err;
    }
}
