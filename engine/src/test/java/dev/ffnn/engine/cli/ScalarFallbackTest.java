package dev.ffnn.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without --add-modules jdk.incubator.vector the program still works, on the scalar kernels, after one warning. */
class ScalarFallbackTest {
    @Test
    void runsOnScalarKernelsWithOneWarning() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "classify", "--epochs", "5", "--json", "--quiet")
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.contains("\"kernels\": \"scalar\""), out);
        assertEquals(1, err.split("jdk.incubator.vector is not enabled", -1).length - 1, "exactly one warning: " + err);
        assertTrue(!err.contains("Using incubator modules"), "the module really was absent: " + err);
    }
}
