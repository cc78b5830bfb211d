package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
