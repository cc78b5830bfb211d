package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @TempDir
    Path dir;

    @Test
    void aRowKeepsItsShortNameParametersScoreAllocationAndCounters() throws IOException {
        Results r = new JmhJson().row("SpeedUpBench.pair", Map.of("net", "100x2-10-4c"), 1234.5,
                Map.of("gc.alloc.rate.norm", 8.0, "oneThread", 3.0), List.of()).results(dir);
        Results.Row row = r.rows.get(0);
        assertEquals("SpeedUpBench.pair", row.benchmark());
        assertEquals("100x2-10-4c", row.param("net"));
        assertEquals(1234.5, row.score());
        assertTrue(Double.isNaN(row.error()), "JMH writes an unknown error as \"NaN\"");
        assertEquals(8.0, row.allocPerOp());
        assertEquals(3.0, row.secondary().get("oneThread"));
        assertEquals("Test VM 25.0.3", r.jdk);
    }

    @Test
    void aRowWithoutTheGcProfilersFigureHasNoAllocation() throws IOException {
        Results r = new JmhJson().step("100x2-10-4c", "vector", 1.5).results(dir);
        assertTrue(Double.isNaN(r.rows.get(0).allocPerOp()));
    }

    @Test
    void theForksTuningFlagsAreListedOnceEachInTheOrderFirstSeen() throws IOException {
        Results r = new JmhJson()
                .row("TrainStepBench.step", Map.of(), 1, Map.of(), List.of("--add-modules", "jdk.incubator.vector", "-XX:A", "-Xmx2g"))
                .row("TrainStepBench.step", Map.of(), 1, Map.of(), List.of("-XX:B", "-XX:A"))
                .results(dir);
        assertEquals("-XX:A -Xmx2g -XX:B", r.jvmFlags);
        assertEquals("?", new JmhJson().step("n", "vector", 1).results(dir).jvmFlags);
    }

    @Test
    void findWantsExactlyTheGivenParameters() throws IOException {
        Results r = new JmhJson().row("MatmulBench.multiply", Map.of("shape", "9x9x9", "form", "AB", "impl", "vector"), 1)
                .results(dir);
        assertTrue(r.find("MatmulBench.multiply", Map.of("shape", "9x9x9", "form", "AB", "impl", "vector")).isPresent());
        assertTrue(r.find("MatmulBench.multiply", Map.of("shape", "9x9x9", "form", "AB")).isEmpty());
        assertTrue(r.find("MatmulBench.other", Map.of("shape", "9x9x9", "form", "AB", "impl", "vector")).isEmpty());
    }

    @Test
    void aBaselineCarriesItsOwnMachineJdkAndDate() throws IOException {
        Results b = new JmhJson().step("n", "vector", 1).baseline(dir);
        assertEquals("test machine", b.machine);
        assertEquals("Test VM 25", b.jdk);
        assertEquals("2026-01-02", b.date);
        assertEquals(1, b.rows.size());
    }

    /** The message of reading {@code text} as JMH's results, or of reading it as a baseline. */
    private String problem(String text, boolean asBaseline) throws IOException {
        Path file = Files.writeString(dir.resolve("in.json"), text);
        Results.BadFileException e = assertThrows(Results.BadFileException.class,
                () -> {
                    if (asBaseline) {
                        Results.readBaseline(file);
                    } else {
                        Results.read(file);
                    }
                });
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void aFileThatIsNotJmhsResultsSaysWhatIsWrongAndWhere() throws IOException {
        assertTrue(problem("[{", false).startsWith("not JSON: ") && problem("[{", false).contains("line 1 column 3"),
                problem("[{", false));
        assertEquals("the file (JMH's results are an array) is not a JSON array", problem("{}", false));
        assertEquals("result 2 is not a JSON object", problem("[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": 1}}, 3]", false));
        assertEquals("result 1: no 'benchmark'", problem("[{\"x\": 1}]", false));
        assertEquals("result 1 (a.B.c): 'primaryMetric' is not a JSON object", problem("[{\"benchmark\": \"a.B.c\"}]", false));
        assertEquals("result 1 (a.B.c): 'score' is not a number",
                problem("[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": \"fast\"}}]", false));
        assertEquals("no such file", assertThrows(Results.BadFileException.class, () -> Results.read(dir.resolve("none.json")))
                .getMessage().substring(dir.resolve("none.json").toString().length() + 2));
    }

    @Test
    void aBaselineThatIsNotOneSaysWhatIsWrong() throws IOException {
        assertEquals("the file (a baseline is an object) is not a JSON object", problem("[]", true));
        assertEquals("'results' is not a JSON array", problem("{\"jdk\": \"j\", \"machine\": \"m\", \"date\": \"d\"}", true));
        assertEquals("no 'machine'", problem("{\"jdk\": \"j\", \"date\": \"d\", \"results\": []}", true));
    }
}
