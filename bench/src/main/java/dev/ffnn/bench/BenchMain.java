package dev.ffnn.bench;

import dev.ffnn.engine.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one command behind the throughput report: runs the JMH suite (scalar, vector and EJML side by side,
 * with the GC profiler for allocation per operation), keeps JMH's JSON and the run's {@link RunRecord}, and
 * writes {@code reports/latest.md} and {@code reports/gflops.png} from them, compared with the baseline.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the ffnn-vector JMH suite and write a Markdown report with a chart.",
                       "Full run: about 19 minutes on 2 cores. --quick: a subset, about 4 minutes."})
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--quick", description = "One short fork per benchmark on a subset of sizes (a smoke test; figures are rough).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/reports",
            description = "Where latest.md, latest.json, latest.run.json and gflops.png go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--baseline", paramLabel = "FILE", defaultValue = "bench/baseline.json",
            description = "Baseline to compare with (default: ${DEFAULT-VALUE}); skipped if missing.")
    Path baseline;

    @Option(names = "--fail-on-regression",
            description = "Exit 1 when a figure or a vector/scalar ratio fell more than 10%% below the baseline.")
    boolean failOnRegression;

    @Option(names = "--save-baseline", description = "Write this run as the new baseline (full runs only).")
    boolean saveBaseline;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only benchmarks matching this (JMH regex).")
    String include;

    @Option(names = "--from-json", paramLabel = "FILE",
            description = "Do not run anything: rebuild the report from an earlier run's JMH JSON, with the run's"
                    + " date, length and CPU checks from its record beside it (x.run.json for x.json) if there.")
    Path fromJson;

    /**
     * What every timed JVM of the bench runs with, as {@code ./ffnn} and compare-numpy.py run the engine: the
     * arguments of {@code engine/jvm.options}, which says why each is there (the Vector API module, objects on
     * cache lines, no safepoint poll in counted loops). The file travels in the engine's jar, and so in this one.
     */
    static final List<String> ENGINE_JVM_FLAGS = engineJvmFlags();

    /** What a JVM with the Vector API module prints on stderr before {@code main}; it says nothing of the run. */
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    /** The arguments of the engine's argument file, read from the jar. */
    private static List<String> engineJvmFlags() {
        String name = "/dev/ffnn/engine/jvm.options";
        try (InputStream in = BenchMain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not in the jar: rebuild it (./mvnw package)");
            }
            return argumentFileWords(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Java argument file's arguments: words separated by white space, {@code #} to the line's end a comment.
     * The launcher's quoting rules are not reproduced, so a quote anywhere but in a comment is refused.
     */
    static List<String> argumentFileWords(String name, String text) {
        List<String> words = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String code = line.replaceFirst("#.*", "").strip();
            if (code.contains("\"") || code.contains("'")) {
                throw new IllegalStateException(name + ": quotes are not supported: " + line);
            }
            if (!code.isEmpty()) {
                words.addAll(List.of(code.split("\\s+")));
            }
        }
        return List.copyOf(words);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            // Both inputs are read before anything is run or written: a bad baseline is found now, not after
            // a 19-minute run, and a bad --from-json file never replaces the report's latest.json.
            Results base = Files.exists(baseline) ? Results.readBaseline(baseline) : null;
            Results earlier = fromJson == null ? null : Results.read(fromJson);
            Path earlierRun = fromJson == null ? null : RunRecord.beside(fromJson);
            RunRecord run = earlierRun != null && Files.exists(earlierRun) ? RunRecord.read(earlierRun)
                    : RunRecord.notRecorded(quick);
            if ((saveBaseline || failOnRegression) && (quick || run.quick())) {
                System.err.println("benchmarks: " + (saveBaseline ? "--save-baseline" : "--fail-on-regression")
                        + " needs a full run, not " + (quick ? "--quick" : "a quick run's results (" + earlierRun + ")"));
                return 2;
            }
            Files.createDirectories(out);
            Path json = out.resolve("latest.json");
            if (earlier == null) {
                run = runJmh(json);
                return finish(Results.read(json), base, json, run);
            }
            if (!fromJson.toAbsolutePath().equals(json.toAbsolutePath())) {
                AtomicFiles.write(json, tmp -> Files.copy(fromJson, tmp, StandardCopyOption.REPLACE_EXISTING));
                // The record goes with its results; the last run's would describe another run.
                if (run.date() != null) {
                    run.write(RunRecord.beside(json));
                } else {
                    Files.deleteIfExists(RunRecord.beside(json));
                }
            }
            return finish(earlier, base, json, run);
        } catch (Results.BadFileException e) {
            System.err.println("benchmarks: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            // A report or a baseline that cannot be written (the files are written whole or not at all).
            System.err.println("benchmarks: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Runs the suite and leaves JMH's JSON at {@code json} and the run's record beside it, which it returns. */
    private RunRecord runJmh(Path json) throws Exception {
        Path tmpJson = Files.createTempFile(out, ".jmh", ".json");
        // JMH 1.37 reads field offsets through sun.misc.Unsafe, which JDK 25 warns about in every fork.
        List<String> forkArgs = new ArrayList<>(ENGINE_JVM_FLAGS);
        forkArgs.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "-Xms2g", "-Xmx2g"));
        if (quick) {
            // C2 after a tenth of the usual calls, and 2.5 s of warm-up instead of 1.5: until C2 compiles them,
            // the Vector API kernels run as Java objects, ~5,000× slower, and with the default thresholds and
            // 1.5 s the seed step's quick figure was the interpreter's (~117 steps a second against ~550,000
            // compiled). Measured, the seed-sized one-thread steps alone: with a tenth, every fork of eight was
            // compiled, at 2.3–4.1 µs a step after 1.5 s and 1.8–1.95 µs after 3 s; with a fifth or a twentieth,
            // one fork of two was not. In two quick runs with a tenth and 2.5 s, every step benchmark was
            // compiled but the ceiling's (two benchmark threads, each compiling its own) in one of them.
            forkArgs.add("-XX:CompileThresholdScaling=0.1");
        }
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(include != null ? include : "dev\\.ffnn\\.bench\\.(MatmulBench|ActivationBench|ActivationRatioBench|TrainStepBench|ParallelStepBench|TwoStepsBench|SpeedUpBench)\\..*")
                // Forks: each benchmark class's @Fork (1; 3 for the 2-thread step and its ceiling, 2 side by side); --quick runs one of each.
                .jvmArgsAppend(forkArgs.toArray(String[]::new))
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(tmpJson.toString())
                .shouldFailOnError(true);
        if (quick) {
            opts.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(2500))
                .measurementIterations(2).measurementTime(TimeValue.milliseconds(300))
                .param("shape", "99x3x10", "99x11x4", "256x256x256")
                .param("size", "1000", "100000")
                .param("logits", "4096x4", "4096x10")
                // Not the digits-sized step: at ~200 ms per step interpreted, the warm-up never reaches C2.
                .param("net", "100x2-10-4c", "70x1-10-1r");
        }
        // A full run takes each class's @Warmup and @Measurement: 5 s of measurement after 3 s of warm-up, 10 s for
        // the training steps, whose Vector API code runs interpreted at ~100 ms a step until C2 has compiled it
        // all (3 s was sometimes not enough: a fork then measured boxed vectors, 36 KB and +50% per step).
        long start = System.nanoTime();
        // What the CPUs do on their own, around the suite (a full run only: ~40 s on 2 CPUs).
        CpuCheck.Result cpusBefore = quick ? null : CpuCheck.run();
        new Runner(opts.build(), console()).run();
        CpuCheck.Result cpusAfter = quick ? null : CpuCheck.run();
        RunRecord run = new RunRecord(LocalDate.now().toString(), Baseline.machine(),
                (System.nanoTime() - start) / 6e10, quick, cpusBefore, cpusAfter);
        AtomicFiles.write(json, tmp -> Files.copy(tmpJson, tmp, StandardCopyOption.REPLACE_EXISTING));
        Files.delete(tmpJson);
        run.write(RunRecord.beside(json));
        return run;
    }

    /** JMH's console as its own default (stdout, the console's encoding), less each fork's incubator warning. */
    private static OutputFormat console() {
        PrintStream out = new PrintStream(new DropLineStream(System.out, INCUBATOR_WARNING), true,
                Utils.guessConsoleEncoding());
        return OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL);
    }

    private int finish(Results now, Results base, Path json, RunRecord run) throws Exception {
        Report report = new Report(now, base, run);
        Path md = report.write(out);
        System.out.println();
        System.out.println("report: " + md + (Double.isNaN(run.minutes()) ? "" : String.format(" (%.1f min)", run.minutes())));
        List<String> regressions = report.regressions();
        regressions.forEach(r -> System.out.println("REGRESSION " + r));
        if (saveBaseline) {
            Baseline.save(json, baseline);
            System.out.println("baseline written: " + baseline);
        }
        if (failOnRegression && !regressions.isEmpty()) {
            System.err.println(regressions.size() + " benchmark(s) fell more than 10% below the baseline");
            return 1;
        }
        return 0;
    }
}
