package dev.ffnn.bench;

import dev.ffnn.engine.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns one run's JMH results (and the baseline's) into {@code latest.md}: a table per group with the
 * scalar, vector and peer figures side by side, their ratios, the performance targets and whether each is
 * met, and the comparison with the baseline. Every number is computed from the JSON; none is typed in.
 */
final class Report {
    static final String[] SHAPES = {"99x3x10", "99x11x4", "1797x65x128", "256x256x256", "512x512x512", "1024x1024x1024"};
    static final String[] FORMS = {"AB", "AtB", "ABt"};
    static final String[] SIZES = {"1000", "100000", "1000000"};
    static final String[] SOFTMAX = {"4096x4", "4096x10", "1024x1000"};
    static final String[] NETS = {"99x3-10-4c", "100x2-10-4c", "70x1-10-1r", "1797x64-128-10c"};
    /** A figure or ratio below this fraction of the baseline's is a regression. */
    static final double REGRESSION = 0.9;
    /** Bytes per second that JMH's own harness allocates during a run; below this a benchmark allocates nothing. */
    static final double BACKGROUND_ALLOCATION = 16_000;
    private static final String FORKS = "JMH, 1 fork per benchmark (3 for the 2-thread step and its ceiling, 2 for"
            + " the side-by-side speed-up), one benchmark thread (two for the ceiling; kernel threads as the tables say)";

    private final Results now;
    private final Results base;
    /** The run's date, length, quick or full, and CPU checks (fields null or NaN where not recorded). */
    private final RunRecord run;
    private final boolean quick;
    /** What {@link CpuCheck} found before and after the suite, or null (not checked in this run). */
    private final String cpus;
    /** The slowest over the fastest course step in that check ({@link CpuCheck#spread}), or NaN. */
    private final double cpuSpread;
    private final List<String> regressions = new ArrayList<>();

    Report(Results now, Results base, RunRecord run) {
        this.now = now;
        this.base = base;
        this.run = run;
        this.quick = run.quick();
        this.cpus = run.cpusBefore() == null || run.cpusAfter() == null ? null
                : "before the suite " + run.cpusBefore().describe() + "; after it " + run.cpusAfter().describe();
        this.cpuSpread = CpuCheck.spread(run.cpusBefore(), run.cpusAfter());
        // A quick run's short iterations on a subset are not comparable with the full run a baseline is.
        if (base != null && !quick) {
            compareWithBaseline();
        }
    }

    List<String> regressions() {
        return regressions;
    }

    static double flops(String shape) {
        String[] p = shape.split("x");
        return 2.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]);
    }

    static double elements(String shape) {
        double e = 1;
        for (String p : shape.split("x")) {
            e *= Double.parseDouble(p);
        }
        return e;
    }

    private Optional<Double> score(String bench, Map<String, String> params) {
        return now.find(bench, params).map(Results.Row::score);
    }

    private static String fmt(Optional<Double> v, String pattern) {
        return v.map(x -> String.format(Locale.ROOT, pattern, x)).orElse("–");
    }

    private static Optional<Double> ratio(Optional<Double> a, Optional<Double> b) {
        return a.isPresent() && b.isPresent() && b.get() > 0 ? Optional.of(a.get() / b.get()) : Optional.empty();
    }

    Path write(Path dir) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ffnn-vector throughput report\n\n");
        md.append("- date: ").append(run.date() != null ? run.date()
                        : "not recorded (report rebuilt on " + LocalDate.now() + " with --from-json, no .run.json record beside the JSON)")
                .append(quick ? " — **quick mode** (one short fork, a subset; figures are rough)" : "").append('\n');
        // Without a record, the machine the report is rebuilt on: most often the one the run was made on.
        md.append("- machine: ").append(run.machine() != null ? run.machine() : Baseline.machine()).append('\n');
        md.append("- JDK: ").append(now.jdk).append('\n');
        md.append("- JVM flags of the forks (JMH's record, besides the Vector API module): `").append(now.jvmFlags)
                .append("`\n");
        if (cpus != null) {
            md.append("- CPUs, the course step on one thread pinned to each (`taskset`, a JVM each; a fork runs on any): ")
                    .append(cpus).append('\n');
        }
        md.append(Double.isNaN(run.minutes())
                ? "- run time: not recorded; " + FORKS + "\n"
                : String.format(Locale.ROOT, "- run time: %.1f min; %s%n", run.minutes(), FORKS));
        md.append("- source: `latest.json` (JMH's own output) in this directory")
                .append(run.date() == null ? "" : ", with `latest.run.json` (the run's date, length and CPUs above)")
                .append("; every figure below is computed from them\n\n");

        matmul(md);
        activations(md);
        trainSteps(md);
        targets(md);
        baselineSection(md);

        Files.createDirectories(dir);
        chart(dir.resolve("gflops.png"));
        md.append("\n![GFLOP/s by size, C = A·B](gflops.png)\n");
        return AtomicFiles.write(dir.resolve("latest.md"), tmp -> Files.writeString(tmp, md));
    }

    private Optional<Double> gflops(String shape, String form, String impl) {
        return score("MatmulBench.multiply", Map.of("shape", shape, "form", form, "impl", impl))
                .map(ops -> ops * flops(shape) / 1e9);
    }

    private void matmul(StringBuilder md) {
        md.append("## Matrix multiply (GFLOP/s, higher is better)\n\n");
        md.append("C is m×n, inner dimension k; shape = m×k×n. Peer: EJML `CommonOps_DDRM.mult`/`multTransA`/`multTransB`.\n\n");
        md.append("| shape | form | scalar | vector | EJML | vector/scalar | vector/EJML |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (String shape : SHAPES) {
            for (String form : FORMS) {
                Optional<Double> s = gflops(shape, form, "scalar");
                Optional<Double> v = gflops(shape, form, "vector");
                Optional<Double> e = gflops(shape, form, "ejml");
                if (s.isEmpty() && v.isEmpty() && e.isEmpty()) {
                    continue;
                }
                md.append("| ").append(shape).append(" | ").append(form.replace("At", "Aᵀ").replace("Bt", "Bᵀ")).append(" | ")
                        .append(fmt(s, "%.2f")).append(" | ").append(fmt(v, "%.2f")).append(" | ").append(fmt(e, "%.2f"))
                        .append(" | ").append(fmt(ratio(v, s), "%.1f×")).append(" | ").append(fmt(ratio(v, e), "%.1f×"))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private void activations(StringBuilder md) {
        md.append("## Activations (elements per ns, higher is better)\n\n");
        md.append("Scalar and vector in separate forks (`ActivationBench`); side by side: the two alternated in one JVM on"
                + " the same input (`ActivationRatioBench`), the scalar's total time over the vector's.\n\n");
        md.append("| kernel | size | scalar | vector | vector/scalar | side by side |\n|---|---|---:|---:|---:|---:|\n");
        for (String size : SIZES) {
            Optional<Double> s = score("ActivationBench.sigmoid", Map.of("size", size, "impl", "scalar")).map(x -> x * elements(size) / 1e9);
            Optional<Double> v = score("ActivationBench.sigmoid", Map.of("size", size, "impl", "vector")).map(x -> x * elements(size) / 1e9);
            Optional<Double> paired = sideBySide("sigmoid", Map.of("size", size));
            if (s.isPresent() || v.isPresent() || paired.isPresent()) {
                md.append("| σ | ").append(size).append(" | ").append(fmt(s, "%.3f")).append(" | ").append(fmt(v, "%.3f"))
                        .append(" | ").append(fmt(ratio(v, s), "%.1f×")).append(" | ").append(fmt(paired, "%.1f×")).append(" |\n");
            }
        }
        for (String layout : new String[] {"columns", "rows"}) {
            for (String shape : SOFTMAX) {
                Optional<Double> s = softmax(shape, layout, "scalar").map(x -> x * elements(shape) / 1e9);
                Optional<Double> v = softmax(shape, layout, "vector").map(x -> x * elements(shape) / 1e9);
                Optional<Double> paired = sideBySide("softmax", Map.of("logits", shape, "layout", layout));
                if (s.isPresent() || v.isPresent() || paired.isPresent()) {
                    md.append("| softmax ").append(layout).append(" | ").append(shape).append(" | ").append(fmt(s, "%.3f"))
                            .append(" | ").append(fmt(v, "%.3f")).append(" | ").append(fmt(ratio(v, s), "%.1f×"))
                            .append(" | ").append(fmt(paired, "%.1f×")).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private Optional<Double> softmax(String shape, String layout, String impl) {
        return score("ActivationBench.softmax", Map.of("logits", shape, "layout", layout, "impl", impl));
    }

    private Optional<Double> stepMicros(String net, String impl) {
        return score("TrainStepBench.step", Map.of("net", net, "impl", impl)).map(ops -> 1e6 / ops);
    }

    private Optional<Double> stepAlloc(String net, String impl) {
        return now.find("TrainStepBench.step", Map.of("net", net, "impl", impl)).map(Results.Row::allocPerOp)
                .filter(a -> !a.isNaN());
    }

    private void trainSteps(StringBuilder md) {
        md.append("## Full training step: forward + backward + update (µs per step, lower is better)\n\n");
        md.append("Network I×N→K→J; c = softmax + cross-entropy, r = identity + MSE. Allocation from JMH's GC profiler.\n\n");
        md.append("| network | scalar µs | vector µs | scalar/vector | vector B/step |\n|---|---:|---:|---:|---:|\n");
        for (String net : NETS) {
            Optional<Double> s = stepMicros(net, "scalar");
            Optional<Double> v = stepMicros(net, "vector");
            if (s.isEmpty() && v.isEmpty()) {
                continue;
            }
            md.append("| ").append(net).append(" | ").append(fmt(s, "%.2f")).append(" | ").append(fmt(v, "%.2f"))
                    .append(" | ").append(fmt(ratio(s, v), "%.1f×")).append(" | ").append(fmt(stepAlloc(net, "vector"), "%.0f"))
                    .append(" |\n");
        }
        md.append('\n');
        md.append("Vector kernels on 1 and 2 threads (`ParallelKernels`; the CLI's `--threads`). One thread: the faster of"
                + " this benchmark's figure and the vector step above (two forks; JIT outcomes vary between forks)."
                + " Ceiling: two independent one-thread steps run at once, one per core (`TwoStepsBench`), over one"
                + " thread alone: what the two cores give two whole steps when nothing is shared. A split step can"
                + " pass it: each of the two steps keeps all its data in flight, a split step half of one step's per"
                + " core. Side by side: the same two steps alternated in one JVM, 64 steps a side at a time"
                + " (`SpeedUpBench`), the total time on one thread over the total on two: the same compiled code and"
                + " the same moment of the machine on both sides, where the forks above may differ in both (a"
                + " cross-check; the target is judged by the forks).\n\n");
        md.append("| network | 1 thread µs | 2 threads µs | speed-up | side by side | ceiling | speed-up / ceiling | 2 threads B/step |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String net : NETS) {
            Optional<Double> one = threadedMicros(net, 1);
            Optional<Double> two = threadedMicros(net, 2);
            if (two.isPresent()) {
                Optional<Double> speedUp = ratio(one, two);
                Optional<Double> ceiling = ceiling(net);
                md.append("| ").append(net).append(" | ").append(fmt(one, "%.2f")).append(" | ").append(fmt(two, "%.2f"))
                        .append(" | ").append(fmt(speedUp, "%.2f×")).append(" | ").append(fmt(sideBySide(net), "%.2f×"))
                        .append(" | ").append(fmt(ceiling, "%.2f×"))
                        .append(" | ").append(fmt(ratio(speedUp, ceiling).map(r -> 100 * r), "%.0f%%")).append(" | ")
                        .append(fmt(now.find("ParallelStepBench.step", Map.of("net", net, "threads", "2"))
                                .map(Results.Row::allocPerOp).filter(a -> !a.isNaN()), "%.0f")).append(" |\n");
            }
        }
        md.append('\n');
    }

    /**
     * µs per step on that many threads. The step on one thread is measured twice in a run, here and as the
     * vector step above, in separate forks, and the JIT does not always compile the two alike (seen: 1.9 and
     * 3.0 ms in one run); the faster one counts, so that a slow fork cannot inflate the speed-up.
     */
    private Optional<Double> threadedMicros(String net, int threads) {
        Optional<Double> here = score("ParallelStepBench.step", Map.of("net", net, "threads", String.valueOf(threads)))
                .map(ops -> 1e6 / ops);
        if (threads != 1) {
            return here;
        }
        Optional<Double> above = stepMicros(net, "vector");
        return here.isEmpty() ? above : above.isEmpty() ? here : Optional.of(Math.min(here.get(), above.get()));
    }

    /** One thread's total time over two threads' in SpeedUpBench, which alternates the two in one JVM. */
    private Optional<Double> sideBySide(String net) {
        return counterRatio("SpeedUpBench.pair", Map.of("net", net), "oneThread", "twoThreads");
    }

    /** Scalar time over vector time in ActivationRatioBench, which alternates the two in one JVM. */
    private Optional<Double> sideBySide(String kernel, Map<String, String> params) {
        return counterRatio("ActivationRatioBench." + kernel, params, "scalar", "vector");
    }

    /** The ratio of two of a benchmark's own counters (secondary results), where it ran. */
    private Optional<Double> counterRatio(String bench, Map<String, String> params, String numerator, String denominator) {
        Optional<Results.Row> row = now.find(bench, params);
        return ratio(row.map(r -> r.secondary().get(numerator)), row.map(r -> r.secondary().get(denominator)));
    }

    /** Steps per second of two independent one-thread steps at once, over one thread's (see TwoStepsBench). */
    private Optional<Double> ceiling(String net) {
        return score("TwoStepsBench.step", Map.of("net", net)).flatMap(both -> threadedMicros(net, 1).map(one -> both * one / 1e6));
    }

    /** A fork whose iterations' slowest is more than this over their fastest changed speed while it ran. */
    static final double UNSTEADY = 1.2;

    /**
     * " (unsteady: its iterations took A–B µs)" where a benchmark's measurement iterations spread past
     * UNSTEADY, else "". On this VM a fork's speed can change mid-run (seen: three iterations of the course
     * step at 2.33 µs, then two at 1.65, the ratio of its two vCPUs' speeds), and JMH's score is their mean:
     * the note says when a figure mixes two speeds. The target is still judged by the score.
     */
    private String unsteady(String bench, Map<String, String> params) {
        double[] its = now.find(bench, params).map(Results.Row::iterations).orElse(new double[0]);
        double fastest = Arrays.stream(its).max().orElse(Double.NaN);
        double slowest = Arrays.stream(its).min().orElse(Double.NaN);
        return its.length >= 2 && slowest > 0 && fastest / slowest > UNSTEADY
                ? String.format(Locale.ROOT, " (unsteady: its iterations took %.2f–%.2f µs)", 1e6 / fastest, 1e6 / slowest)
                : "";
    }

    private void targets(StringBuilder md) {
        md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        Optional<Double> seed = stepMicros("100x2-10-4c", "vector");
        target(md, "course-data step 100×2→10→4 ≤ 1.6 µs (25× NumPy's ~39 µs)",
                fmt(seed, "%.2f µs") + unsteady("TrainStepBench.step", Map.of("net", "100x2-10-4c", "impl", "vector")),
                seed.map(x -> x <= 1.6));
        for (String shape : new String[] {"512x512x512", "1024x1024x1024"}) {
            Optional<Double> v = gflops(shape, "AB", "vector");
            Optional<Double> e = gflops(shape, "AB", "ejml");
            target(md, "dgemm " + shape + " ≥ 45 GFLOP/s (0.9× OpenBLAS, one thread)", fmt(v, "%.1f GFLOP/s"), v.map(x -> x >= 45));
            target(md, "dgemm " + shape + " ≥ 3× EJML", fmt(ratio(v, e), "%.1f×"), ratio(v, e).map(x -> x >= 3));
        }
        Optional<Double> speedUpForks = ratio(threadedMicros("1797x64-128-10c", 1), threadedMicros("1797x64-128-10c", 2));
        Optional<Double> ceiling = ceiling("1797x64-128-10c");
        target(md, "step 1797×64→128→10 on 2 threads ≥ 1.7× 1 thread",
                bothRatios(speedUpForks, sideBySide("1797x64-128-10c"), "%.2f×")
                        + ceiling.map(c -> String.format(Locale.ROOT, " (this machine's ceiling: %.2f×)", c)).orElse("")
                        + unsteady("ParallelStepBench.step", Map.of("net", "1797x64-128-10c", "threads", "2")),
                speedUpForks.map(x -> x >= 1.7));
        for (String size : SIZES) {
            Optional<Double> forks = ratio(score("ActivationBench.sigmoid", Map.of("size", size, "impl", "vector")),
                    score("ActivationBench.sigmoid", Map.of("size", size, "impl", "scalar")));
            ratioTarget(md, "σ over " + size + ": vector ≥ 4× scalar", sideBySide("sigmoid", Map.of("size", size)), forks, 4);
        }
        for (String layout : new String[] {"columns", "rows"}) {
            for (String shape : SOFTMAX) {
                Optional<Double> forks = ratio(softmax(shape, layout, "vector"), softmax(shape, layout, "scalar"));
                ratioTarget(md, "softmax " + shape + " by " + layout + ": vector ≥ 4× scalar",
                        sideBySide("softmax", Map.of("logits", shape, "layout", layout)), forks, 4);
            }
        }
        for (String net : NETS) {
            // The worst of every vector run of this step (one fork in TrainStepBench, three each on one and two
            // threads in ParallelStepBench): a kernel that C2 compiles into a boxing variant in some JVMs only
            // shows in some forks (exp's loop did, in half the JVMs, while only the one fork was looked at).
            Optional<Results.Row> worst = Stream.of(
                            now.find("TrainStepBench.step", Map.of("net", net, "impl", "vector")),
                            now.find("ParallelStepBench.step", Map.of("net", net, "threads", "1")),
                            now.find("ParallelStepBench.step", Map.of("net", net, "threads", "2")))
                    .flatMap(Optional::stream).filter(r -> !Double.isNaN(r.allocPerOp()))
                    .max(Comparator.comparingDouble(r -> r.allocPerOp() * r.score()));
            Optional<Double> a = worst.map(Results.Row::allocPerOp);
            Optional<Double> rate = worst.map(r -> r.allocPerOp() * r.score());
            target(md, "allocation per step " + net + " = 0 B (worst of its vector runs)",
                    fmt(a, "%.1f B") + fmt(rate, " (%.0f B/s)"), rate.map(r -> r < BACKGROUND_ALLOCATION));
        }
        double[] rates = now.rows.stream().filter(r -> !Double.isNaN(r.allocPerOp()))
                .mapToDouble(r -> r.allocPerOp() * r.score()).sorted().toArray();
        String background = rates.length == 0 ? "a few KB/s whatever its speed"
                : String.format(Locale.ROOT, "about %.0f KB/s (the median of this run) whatever its speed, which for a"
                        + " 2 ms step alone reads as ~%.0f B/op", rates[rates.length / 2] / 1000, rates[rates.length / 2] * 0.002);
        md.append("\nAllocation counts as 0 when the run allocates less than JMH's own background (")
                .append(String.format(Locale.ROOT, "%.0f KB/s", BACKGROUND_ALLOCATION / 1000))
                .append("): every benchmark here shows ").append(background).append(".\n"
                + "Not measured here: the NumPy comparisons (bench/compare-numpy.py, run by hand).\n\n");
    }

    /**
     * A ratio target, judged by the forks' ratio as it always was; the side-by-side ratio is shown beside it as
     * a cross-check, not judged: in the runs of 2026-11-30 both of SpeedUpBench's sides ran slower than the
     * forks (its one-thread side as the slower of the VM's two vCPUs would, its two-thread side for a reason
     * not found), so a pair is not yet known to measure what the forks do.
     */
    private static void ratioTarget(StringBuilder md, String what, Optional<Double> paired, Optional<Double> forks, double min) {
        target(md, what, bothRatios(forks, paired, "%.1f×"), forks.map(x -> x >= min));
    }

    private static String bothRatios(Optional<Double> forks, Optional<Double> paired, String pattern) {
        return fmt(forks, pattern) + (paired.isPresent() ? fmt(paired, " (side by side in one JVM: " + pattern + ")") : "");
    }

    private static void target(StringBuilder md, String what, String measured, Optional<Boolean> met) {
        md.append("| ").append(what).append(" | ").append(measured).append(" | ")
                .append(met.map(m -> m ? "yes" : "**no**").orElse("not run")).append(" |\n");
    }

    /**
     * Two comparisons per benchmark: the raw figure against the baseline's (meaningful on the baseline's
     * machine only), and the vector/scalar ratio against the baseline's ratio (measured within one run on
     * each side, so it survives a change of machine far better).
     */
    private void compareWithBaseline() {
        for (Results.Row row : now.rows) {
            base.findByKey(row.key()).ifPresent(old -> {
                double r = row.score() / old.score();
                if (r < REGRESSION) {
                    regressions.add(String.format(Locale.ROOT, "raw %s: %.4g → %.4g ops/s (%.0f%%)", row.key(), old.score(),
                            row.score(), 100 * r) + withinSpread(r));
                }
            });
            if ("vector".equals(row.param("impl"))) {
                Optional<Double> ratioNow = partnerRatio(now, row);
                Optional<Double> ratioBase = base.findByKey(row.key()).flatMap(old -> partnerRatio(base, old));
                if (ratioNow.isPresent() && ratioBase.isPresent() && ratioNow.get() / ratioBase.get() < REGRESSION) {
                    regressions.add(String.format(Locale.ROOT, "vector/scalar %s: %.2f× → %.2f×", row.keyWithoutImpl(),
                            ratioBase.get(), ratioNow.get()) + withinSpread(ratioNow.get() / ratioBase.get()));
                }
            }
        }
    }

    /**
     * A mark for a drop to {@code fraction} of the baseline that the CPUs' spread alone could explain: a fork
     * on the slow CPU reads up to 1/spread of one on the fast, and a ratio of two forks likewise. Marked, not
     * excused: it still counts as a regression, since the check cannot tell which CPU a fork ran on.
     */
    private String withinSpread(double fraction) {
        return fraction * cpuSpread >= 1 ? " — within the CPUs' spread" : "";
    }

    private static Optional<Double> partnerRatio(Results results, Results.Row vectorRow) {
        Map<String, String> p = new LinkedHashMap<>(vectorRow.params());
        p.put("impl", "scalar");
        return results.find(vectorRow.benchmark(), p).map(s -> vectorRow.score() / s.score());
    }

    private void baselineSection(StringBuilder md) {
        md.append("## Compared with the baseline\n\n");
        if (base == null) {
            md.append("No baseline found: run a full report with `--save-baseline` to make one.\n");
            return;
        }
        if (quick) {
            md.append("Skipped: a quick run (one short fork, short iterations, a subset) is not comparable with the"
                    + " full run the baseline was taken from.\n");
            return;
        }
        md.append("Baseline: ").append(base.date).append(", ").append(base.machine).append(", ").append(base.jdk)
                .append(", JVM flags `").append(base.jvmFlags).append("`.\n\n");
        md.append("Raw figures are comparable only on the baseline's machine; vector/scalar ratios, each measured within"
                + " one run, travel between machines far better. A drop of more than 10% in either is listed.\n\n");
        if (cpuSpread * REGRESSION > 1) {
            md.append(String.format(Locale.ROOT, "This run's CPU check (above) found the course step ×%.2f slower on"
                    + " one CPU than on another. A fork runs on whichever CPU the scheduler gives it, so a figure down"
                    + " to %.0f%% of the baseline's, or a ratio of two forks, can come from the machine's state rather"
                    + " than the code: such drops are marked \"within the CPUs' spread\". A ratio measured side by side"
                    + " in one JVM, where the report has one, is the better check.%n%n", cpuSpread, 100 / cpuSpread));
        }
        if (regressions.isEmpty()) {
            md.append("No benchmark fell more than 10% below the baseline.\n");
        } else {
            for (String r : regressions) {
                md.append("- ").append(r).append('\n');
            }
        }
    }

    private void chart(Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("C = A·B throughput by size (" + (quick ? "quick run" : "full run") + ")")
                .xAxisTitle("m×k×n").yAxisTitle("GFLOP/s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e)});
        List<String> shapes = new ArrayList<>();
        for (String s : SHAPES) {
            if (gflops(s, "AB", "vector").isPresent()) {
                shapes.add(s);
            }
        }
        if (shapes.isEmpty()) {
            return;
        }
        for (String impl : new String[] {"scalar", "vector", "ejml"}) {
            List<Double> values = new ArrayList<>();
            for (String s : shapes) {
                values.add(gflops(s, "AB", impl).orElse(0.0));
            }
            chart.addSeries(impl.equals("ejml") ? "EJML" : impl, shapes, values);
        }
        AtomicFiles.write(png, tmp -> {
            try (var out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
