package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's verdicts from hand-made JMH results whose outcome is known. */
class ReportTest {
    private static final String COURSE = "100x2-10-4c";
    private static final String DIGITS = "1797x64-128-10c";

    @TempDir
    Path dir;

    private String markdown(Report report) throws IOException {
        return Files.readString(report.write(dir.resolve("out")));
    }

    private String markdown(JmhJson now) throws IOException {
        return markdown(new Report(now.results(dir), null, run(false, 19.0, null, null)));
    }

    /** The table row of the target whose description starts with {@code what}. */
    private static String targetRow(String md, String what) {
        return md.lines().filter(l -> l.startsWith("| " + what)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + what + " in\n" + md));
    }

    private static RunRecord run(boolean quick, double minutes, CpuCheck.Result before, CpuCheck.Result after) {
        return new RunRecord("2026-01-02", "test machine", minutes, quick, before, after);
    }

    private static CpuCheck.Result cpus(double fast, double slow) {
        return new CpuCheck.Result(List.of(0, 1), new double[] {fast, slow}, new double[] {fast, slow}, null);
    }

    @Test
    void aForkWhoseIterationsChangedSpeedIsMarkedButJudgedByItsScore() throws IOException {
        // The course step of the report of 15e1694: three iterations on a slow vCPU, two on a fast one; the mean, 2.02 µs.
        String row = targetRow(markdown(new JmhJson().step(COURSE, "vector", 2.02)
                .iterations(429555.5, 428759.7, 418161.0, 589946.2, 614734.6)), "course-data step");
        assertTrue(row.endsWith("| 2.02 µs (unsteady: its iterations took 1.63–2.39 µs) | **no** |"), row);
        // Within ×1.2 of each other: no note.
        row = targetRow(markdown(new JmhJson().step(COURSE, "vector", 1.5).iterations(1e6 / 1.45, 1e6 / 1.55, 1e6 / 1.7)),
                "course-data step");
        assertTrue(row.endsWith("| 1.50 µs | yes |"), row);
        // The 2-thread fork's iterations, beside the ratio.
        JmhJson threads = new JmhJson()
                .row("ParallelStepBench.step", Map.of("net", "1797x64-128-10c", "threads", "1"), 1e6 / 1400)
                .row("ParallelStepBench.step", Map.of("net", "1797x64-128-10c", "threads", "2"), 1e6 / 850)
                .iterations(1e6 / 800, 1e6 / 1000);
        row = targetRow(markdown(threads), "step 1797×64→128→10 on 2 threads");
        assertTrue(row.contains("(unsteady: its iterations took 800.00–1000.00 µs)"), row);
    }

    @Test
    void theCourseStepIsMetAtOrUnderItsMicroseconds() throws IOException {
        assertTrue(targetRow(markdown(new JmhJson().step(COURSE, "vector", 1.5)), "course-data step")
                .endsWith("| 1.50 µs | yes |"));
        assertTrue(targetRow(markdown(new JmhJson().step(COURSE, "vector", 1.6)), "course-data step")
                .endsWith("| 1.60 µs | yes |"));
        assertTrue(targetRow(markdown(new JmhJson().step(COURSE, "vector", 1.7)), "course-data step")
                .endsWith("| 1.70 µs | **no** |"));
        assertTrue(targetRow(markdown(new JmhJson().step("99x3-10-4c", "vector", 1.0)), "course-data step")
                .endsWith("| – | not run |"));
    }

    @Test
    void dgemmIsJudgedInGflopsAndAgainstEjml() throws IOException {
        double flops = 2.0 * 512 * 512 * 512;
        String md = markdown(new JmhJson()
                .row("MatmulBench.multiply", Map.of("shape", "512x512x512", "form", "AB", "impl", "vector"), 50e9 / flops)
                .row("MatmulBench.multiply", Map.of("shape", "512x512x512", "form", "AB", "impl", "ejml"), 20e9 / flops));
        assertTrue(targetRow(md, "dgemm 512x512x512 ≥ 45").endsWith("| 50.0 GFLOP/s | yes |"));
        assertTrue(targetRow(md, "dgemm 512x512x512 ≥ 3×").endsWith("| 2.5× | **no** |"));
        assertTrue(md.contains("| 512x512x512 | AB | – | 50.00 | 20.00 | – | 2.5× |"), md);
    }

    @Test
    void theTwoThreadSpeedUpTakesTheFasterOfTheTwoOneThreadForks() throws IOException {
        JmhJson runs = new JmhJson()
                .step(DIGITS, "vector", 1300)
                .row("ParallelStepBench.step", Map.of("net", DIGITS, "threads", "1"), 1e6 / 1400)
                .row("ParallelStepBench.step", Map.of("net", DIGITS, "threads", "2"), 1e6 / 800);
        // 1300/800 = 1.625: under 1.7 (with the slower fork, 1400/800 = 1.75, it would pass).
        assertTrue(targetRow(markdown(runs), "step 1797×64→128→10 on 2 threads").endsWith("| 1.63× | **no** |"));
        String md = markdown(new JmhJson()
                .step(DIGITS, "vector", 1500)
                .row("ParallelStepBench.step", Map.of("net", DIGITS, "threads", "1"), 1e6 / 1400)
                .row("ParallelStepBench.step", Map.of("net", DIGITS, "threads", "2"), 1e6 / 800)
                .row("SpeedUpBench.pair", Map.of("net", DIGITS), 1, Map.of("oneThread", 3.0, "twoThreads", 2.0), List.of())
                .row("TwoStepsBench.step", Map.of("net", DIGITS), 2 * 0.9e6 / 1400));
        assertTrue(targetRow(md, "step 1797×64→128→10 on 2 threads")
                .endsWith("| 1.75× (side by side in one JVM: 1.50×) (this machine's ceiling: 1.80×) | yes |"), md);
    }

    @Test
    void anActivationRatioIsJudgedByTheForksNotBySideBySide() throws IOException {
        Map<String, String> shape = Map.of("logits", "1024x1000", "layout", "columns");
        String md = markdown(new JmhJson()
                .row("ActivationBench.softmax", with(shape, "impl", "scalar"), 100)
                .row("ActivationBench.softmax", with(shape, "impl", "vector"), 450)
                .row("ActivationRatioBench.softmax", shape, 1, Map.of("scalar", 3.9, "vector", 1.0), List.of()));
        assertTrue(targetRow(md, "softmax 1024x1000 by columns").endsWith("| 4.5× (side by side in one JVM: 3.9×) | yes |"), md);
        md = markdown(new JmhJson()
                .row("ActivationBench.sigmoid", Map.of("size", "1000", "impl", "scalar"), 100)
                .row("ActivationBench.sigmoid", Map.of("size", "1000", "impl", "vector"), 390)
                .row("ActivationRatioBench.sigmoid", Map.of("size", "1000"), 1, Map.of("scalar", 6.0, "vector", 1.0), List.of()));
        assertTrue(targetRow(md, "σ over 1000").endsWith("| 3.9× (side by side in one JVM: 6.0×) | **no** |"), md);
    }

    @Test
    void allocationCountsAsZeroOnlyUnderJmhsBackgroundRate() throws IOException {
        Map<String, String> vector = Map.of("net", COURSE, "impl", "vector");
        // 0.01 B at 1e6 steps/s is 10 KB/s, under the background's 16 KB/s; 0.02 B is 20 KB/s, over it.
        String md = markdown(new JmhJson().row("TrainStepBench.step", vector, 1e6, Map.of("gc.alloc.rate.norm", 0.01), List.of()));
        assertTrue(targetRow(md, "allocation per step " + COURSE).endsWith("| 0.0 B (10000 B/s) | yes |"), md);
        // The worst of the step's vector runs is the one allocating the most per second, not per step.
        md = markdown(new JmhJson()
                .row("TrainStepBench.step", vector, 4e5, Map.of("gc.alloc.rate.norm", 0.03), List.of())
                .row("ParallelStepBench.step", Map.of("net", COURSE, "threads", "2"), 1e6, Map.of("gc.alloc.rate.norm", 0.02), List.of()));
        assertTrue(targetRow(md, "allocation per step " + COURSE).endsWith("| 0.0 B (20000 B/s) | **no** |"), md);
    }

    @Test
    void aDropOfOverTenPercentAgainstTheBaselineIsARegression() throws IOException {
        Results base = new JmhJson().step(COURSE, "vector", 1.0).step(COURSE, "scalar", 20.0).baseline(dir);
        // The vector step 12% slower (raw 1/1.12 = 89%), the scalar one 10% faster: their ratio 20× → 16.07×.
        Results now = new JmhJson().step(COURSE, "vector", 1.12).step(COURSE, "scalar", 18.0).results(dir);
        List<String> regressions = new Report(now, base, run(false, 19.0, null, null)).regressions();
        assertEquals(2, regressions.size(), regressions.toString());
        assertTrue(regressions.get(0).startsWith("raw TrainStepBench.step{impl=vector, net=" + COURSE + "}"), regressions.toString());
        assertTrue(regressions.get(0).endsWith("(89%)"), regressions.toString());
        assertTrue(regressions.get(1).startsWith("vector/scalar TrainStepBench.step{net=" + COURSE + "}: 20.00× → 16.07×"),
                regressions.toString());
        Results steady = new JmhJson().step(COURSE, "vector", 1.05).step(COURSE, "scalar", 20.0).results(dir);
        assertEquals(List.of(), new Report(steady, base, run(false, 19.0, null, null)).regressions());
    }

    @Test
    void aDropTheCpusSpreadCouldExplainIsMarkedAndStillCounted() throws IOException {
        Results base = new JmhJson().step(COURSE, "vector", 1.0).baseline(dir);
        Results now = new JmhJson().step(COURSE, "vector", 1.25).results(dir); // 80% of the baseline
        Report wide = new Report(now, base, run(false, 19.0, cpus(1.6, 2.1), cpus(1.6, 1.9))); // spread 1.3125
        assertEquals(1, wide.regressions().size());
        assertTrue(wide.regressions().get(0).endsWith("(80%) — within the CPUs' spread"), wide.regressions().toString());
        String md = markdown(wide);
        assertTrue(md.contains("found the course step ×1.31 slower on one CPU than on another"), md);
        assertTrue(md.contains("- CPUs, the course step on one thread pinned to each"), md);

        Report narrow = new Report(now, base, run(false, 19.0, cpus(1.6, 1.9), cpus(1.6, 1.7))); // spread 1.1875: 0.8 × 1.1875 < 1
        assertEquals(1, narrow.regressions().size());
        assertFalse(narrow.regressions().get(0).contains("spread"), narrow.regressions().toString());
        // Under 1/0.9 the spread could not explain any listed drop: no paragraph about it.
        assertFalse(markdown(new Report(now, base, run(false, 19.0, cpus(1.6, 1.68), cpus(1.6, 1.6)))).contains("slower on one CPU"));
        Report unchecked = new Report(now, base, run(false, 19.0, null, null));
        assertFalse(unchecked.regressions().get(0).contains("spread"), unchecked.regressions().toString());
        assertFalse(markdown(unchecked).contains("CPU check"));
    }

    @Test
    void aQuickRunIsNotComparedWithTheBaseline() throws IOException {
        Results base = new JmhJson().step(COURSE, "vector", 1.0).baseline(dir);
        Report quick = new Report(new JmhJson().step(COURSE, "vector", 3.0).results(dir), base, run(true, 4.0, null, null));
        assertEquals(List.of(), quick.regressions());
        String md = markdown(quick);
        assertTrue(md.contains("**quick mode**") && md.contains("Skipped: a quick run"), md);
    }

    @Test
    void theReportAndItsChartAreWrittenWhole() throws IOException {
        double flops = 2.0 * 256 * 256 * 256;
        JmhJson runs = new JmhJson();
        for (String impl : new String[] {"scalar", "vector", "ejml"}) {
            runs.row("MatmulBench.multiply", Map.of("shape", "256x256x256", "form", "AB", "impl", impl), 10e9 / flops);
        }
        Path md = new Report(runs.results(dir), null, run(false, Double.NaN, null, null)).write(dir.resolve("out"));
        assertTrue(Files.readString(md).contains("run time: not recorded"));
        assertTrue(Files.readString(md).contains("No baseline found"));
        byte[] png = Files.readAllBytes(dir.resolve("out/gflops.png"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("gflops.png", "latest.md"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left beside the report");
        }
    }

    private static Map<String, String> with(Map<String, String> params, String name, String value) {
        var all = new java.util.TreeMap<>(params);
        all.put(name, value);
        return all;
    }
}
