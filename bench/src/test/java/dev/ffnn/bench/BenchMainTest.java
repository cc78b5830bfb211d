package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchMainTest {
    private static final String COURSE = "100x2-10-4c";

    @TempDir
    Path dir;

    /** The command's exit code, with what it printed on stdout and stderr after it. */
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try (PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            int code = new CommandLine(new BenchMain()).execute(args);
            return code + "\n" + out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void aReportRebuiltFromJsonIsWrittenWithItsJsonBesideIt() throws IOException {
        Path json = new JmhJson().step(COURSE, "vector", 1.5).write(dir);
        Path out = dir.resolve("report");
        String printed = run("--from-json", json.toString(), "--out", out.toString(),
                "--baseline", dir.resolve("none.json").toString());
        assertTrue(printed.startsWith("0\n"), printed);
        assertEquals(Files.readString(json), Files.readString(out.resolve("latest.json")));
        assertTrue(Files.readString(out.resolve("latest.md")).contains("| 1.50 µs | yes |"));
    }

    @Test
    void aRecordBesideTheJsonGivesTheRebuiltReportItsRunsDateLengthAndCpus() throws IOException {
        Path json = new JmhJson().step(COURSE, "vector", 1.5).write(dir);
        CpuCheck.Result cpus = new CpuCheck.Result(List.of(0, 1), new double[] {1.6, 2.0}, new double[] {1.7, 2.1}, null);
        new RunRecord("2026-01-02", "the run's machine", 19.25, false, cpus, cpus).write(RunRecord.beside(json));
        Path out = dir.resolve("report");
        String none = dir.resolve("none.json").toString();
        assertTrue(run("--from-json", json.toString(), "--out", out.toString(), "--baseline", none).startsWith("0\n"));
        String md = Files.readString(out.resolve("latest.md"));
        assertTrue(md.contains("- date: 2026-01-02\n- machine: the run's machine\n"), md);
        assertTrue(md.contains("- run time: 19.2 min;") || md.contains("- run time: 19.3 min;"), md);
        assertTrue(md.contains("before the suite CPU 0 1.60 µs, CPU 1 2.00 µs alone; 1.70 µs and 2.10 µs at once"), md);
        assertEquals(Files.readString(RunRecord.beside(json)), Files.readString(out.resolve("latest.run.json")));

        // Results without a record: the last run's record is not left to describe them.
        Path bare = new JmhJson().step(COURSE, "vector", 1.5).write(dir);
        assertTrue(run("--from-json", bare.toString(), "--out", out.toString(), "--baseline", none).startsWith("0\n"));
        assertFalse(Files.exists(out.resolve("latest.run.json")));
        md = Files.readString(out.resolve("latest.md"));
        assertTrue(md.contains("- date: not recorded (report rebuilt on ") && md.contains("- run time: not recorded;"), md);
        assertFalse(md.contains("- CPUs"), md);
    }

    @Test
    void aQuickRunsResultsCannotGateOrBecomeTheBaseline() throws IOException {
        Path json = new JmhJson().step(COURSE, "vector", 1.5).write(dir);
        new RunRecord("2026-01-02", "m", 4.0, true, null, null).write(RunRecord.beside(json));
        Path base = new JmhJson().step(COURSE, "vector", 1.0).writeBaseline(dir);
        String printed = run("--from-json", json.toString(), "--out", dir.resolve("report").toString(),
                "--baseline", base.toString(), "--fail-on-regression");
        assertEquals("2\nbenchmarks: --fail-on-regression needs a full run, not a quick run's results ("
                + RunRecord.beside(json) + ")\n", printed);
        printed = run("--from-json", json.toString(), "--out", dir.resolve("report").toString(), "--baseline", base.toString());
        assertTrue(printed.startsWith("0\n") && !printed.contains("REGRESSION"), printed);
        assertTrue(Files.readString(dir.resolve("report/latest.md")).contains("**quick mode**"));
    }

    @Test
    void failOnRegressionExitsOneOnlyWhenAFigureFellPastTenPercent() throws IOException {
        Path base = new JmhJson().step(COURSE, "vector", 1.0).writeBaseline(dir);
        Path slower = new JmhJson().step(COURSE, "vector", 1.25).write(dir);
        Path steady = new JmhJson().step(COURSE, "vector", 1.05).write(dir);
        String out = dir.resolve("report").toString();
        String printed = run("--from-json", slower.toString(), "--out", out, "--baseline", base.toString(), "--fail-on-regression");
        assertTrue(printed.startsWith("1\n") && printed.contains("REGRESSION raw TrainStepBench.step"), printed);
        assertTrue(printed.contains("1 benchmark(s) fell more than 10% below the baseline"), printed);
        // Listed, but not a failure, without the flag; and nothing to list for a 5% drop.
        assertTrue(run("--from-json", slower.toString(), "--out", out, "--baseline", base.toString()).startsWith("0\n"));
        printed = run("--from-json", steady.toString(), "--out", out, "--baseline", base.toString(), "--fail-on-regression");
        assertTrue(printed.startsWith("0\n") && !printed.contains("REGRESSION"), printed);
    }

    @Test
    void aBadInputFileIsOneLineAndExitTwoAndLeavesTheLastReportAlone() throws IOException {
        Path out = Files.createDirectories(dir.resolve("report"));
        Path latest = Files.writeString(out.resolve("latest.json"), "the last run's");
        Path bad = Files.writeString(dir.resolve("bad.json"), "[{\"benchmark\": \"x.Y.z\"}]");
        String printed = run("--from-json", bad.toString(), "--out", out.toString());
        assertEquals("2\nbenchmarks: " + bad + ": result 1 (x.Y.z): 'primaryMetric' is not a JSON object\n", printed);
        assertEquals("the last run's", Files.readString(latest));

        Path good = new JmhJson().step(COURSE, "vector", 1.5).write(dir);
        printed = run("--from-json", good.toString(), "--out", out.toString(), "--baseline", bad.toString());
        assertEquals("2\nbenchmarks: " + bad + ": the file (a baseline is an object) is not a JSON object\n", printed);
        assertEquals("the last run's", Files.readString(latest));
    }

    @Test
    void aBaselineOrARegressionGateNeedsAFullRun() {
        String printed = run("--quick", "--save-baseline", "--out", dir.toString());
        assertTrue(printed.startsWith("2\n") && printed.contains("--save-baseline needs a full run, not --quick"), printed);
        printed = run("--quick", "--fail-on-regression", "--out", dir.toString());
        assertTrue(printed.startsWith("2\n") && printed.contains("--fail-on-regression needs a full run"), printed);
    }

    @Test
    void anArgumentFileIsItsWordsWithoutCommentsOrBlankLines() {
        String text = "# why the module\n--add-modules jdk.incubator.vector\r\n\n   -XX:A   # why A\n-XX:B\t-XX:C\n";
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "-XX:A", "-XX:B", "-XX:C"),
                BenchMain.argumentFileWords("f", text));
    }

    @Test
    void aQuoteOutsideACommentIsRefusedNamingTheFileAndLine() {
        assertEquals(List.of("-XX:A"), BenchMain.argumentFileWords("f", "-XX:A # it's fine in a comment\n"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BenchMain.argumentFileWords("jvm.options", "-XX:A\n-Dname=\"a b\"\n"));
        assertTrue(e.getMessage().contains("jvm.options") && e.getMessage().contains("-Dname=\"a b\""), e.getMessage());
    }

    @Test
    void theForksTakeTheEnginesFlagsFileFromTheClassPath() {
        List<String> flags = BenchMain.ENGINE_JVM_FLAGS;
        int module = flags.indexOf("--add-modules");
        assertTrue(module >= 0 && "jdk.incubator.vector".equals(flags.get(module + 1)), flags.toString());
        assertTrue(flags.stream().noneMatch(f -> f.isEmpty() || f.startsWith("#")), flags.toString());
    }
}
