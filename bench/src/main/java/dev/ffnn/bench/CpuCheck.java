package dev.ffnn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The course step ({@link StepTimer}, one thread) on each CPU alone and then on all of them at once, each
 * in a JVM of its own pinned with {@code taskset}. On the VM these reports come from, the two vCPUs are
 * seldom equally fast (one often runs vector code ~1.35× slower than the other, and which one changes within
 * minutes; at times each slows the other), while a JMH fork runs wherever the scheduler puts it: a report
 * records what its CPUs did before and after its run, so that a one-thread figure or a fork's ratio can be
 * read against them. Linux only (taskset); anywhere else, or if a run fails, the check says so and the
 * suite runs all the same.
 */
final class CpuCheck {
    private static final String NET = "100x2-10-4c";
    /** More CPUs than this are not all checked: each takes a JVM of ~9 s. */
    private static final int MAX_CPUS = 4;

    private CpuCheck() {
    }

    /** µs per course step on each CPU alone and with all at once (NaN where a run failed), or why not measured. */
    record Result(List<Integer> cpus, double[] alone, double[] together, String failure) {
        /** E.g. "CPU 0 1.81 µs, CPU 1 2.35 µs alone; 1.83 µs and 2.40 µs at once". */
        String describe() {
            if (failure != null) {
                return "not measured (" + failure + ")";
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < cpus.size(); i++) {
                s.append(i == 0 ? "" : ", ").append("CPU ").append(cpus.get(i)).append(' ').append(micros(alone[i]));
            }
            s.append(" alone; ");
            for (int i = 0; i < cpus.size(); i++) {
                s.append(i == 0 ? "" : i == cpus.size() - 1 ? " and " : ", ").append(micros(together[i]));
            }
            return s.append(" at once").toString();
        }

        private static String micros(double us) {
            return Double.isNaN(us) ? "–" : String.format(Locale.ROOT, "%.2f µs", us);
        }
    }

    /**
     * The slowest course step over the fastest in these checks, alone or at once (NaN under two figures): how
     * far apart the CPUs a fork may land on were around the suite, and so how much of a fork's figure, or of a
     * ratio of two forks', can be the machine's state rather than the code's.
     */
    static double spread(Result... checks) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        int figures = 0;
        for (Result check : checks) {
            if (check == null || check.failure() != null) {
                continue;
            }
            for (double[] run : List.of(check.alone(), check.together())) {
                for (double us : run) {
                    if (Double.isFinite(us) && us > 0) {
                        min = Math.min(min, us);
                        max = Math.max(max, us);
                        figures++;
                    }
                }
            }
        }
        return figures < 2 ? Double.NaN : max / min;
    }

    /** Runs the check (~9 s a CPU alone, then ~9 s for all at once), printing progress on stderr. */
    static Result run() {
        List<Integer> cpus = allowedCpus();
        String java = ProcessHandle.current().info().command().orElse(null);
        String jar = System.getProperty("java.class.path");
        if (java == null || jar == null || jar.isEmpty()) {
            return new Result(cpus, null, null, "cannot tell which java and jar this is");
        }
        double[] alone = new double[cpus.size()];
        double[] together = new double[cpus.size()];
        try {
            for (int i = 0; i < cpus.size(); i++) {
                System.err.println("checking CPU " + cpus.get(i) + " alone (course step, ~9 s)");
                alone[i] = await(start(java, jar, cpus.get(i)));
            }
            System.err.println("checking CPUs " + cpus + " at once (~9 s)");
            List<Process> all = new ArrayList<>();
            for (int cpu : cpus) {
                all.add(start(java, jar, cpu));
            }
            for (int i = 0; i < all.size(); i++) {
                together[i] = await(all.get(i));
            }
        } catch (IOException e) {
            return new Result(cpus, null, null, "taskset: " + e.getMessage());
        }
        return new Result(cpus, alone, together, null);
    }

    private static Process start(String java, String jar, int cpu) throws IOException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu), java));
        command.addAll(BenchMain.ENGINE_JVM_FLAGS);
        command.addAll(List.of("-cp", jar, StepTimer.class.getName(), NET, "vector", "1"));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The step's µs from StepTimer's "step_us" line, or NaN if it failed or took over a minute. */
    private static double await(Process p) {
        try {
            // Wait first: reading to the end would block until the process ends, past any time limit. StepTimer
            // prints a line or two, far less than a pipe holds, so it never waits on its reader.
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Double.NaN;
            }
            if (p.exitValue() != 0) {
                return Double.NaN;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String line : out.split("\n")) {
                if (line.startsWith("step_us ")) {
                    return Double.parseDouble(line.substring(8).trim());
                }
            }
            return Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return Double.NaN;
        }
    }

    /** The CPUs this process may run on ("Cpus_allowed_list" in /proc/self/status), at most MAX_CPUS of them. */
    static List<Integer> allowedCpus() {
        List<Integer> cpus = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                        String[] ends = range.split("-");
                        int from = Integer.parseInt(ends[0].trim());
                        int to = Integer.parseInt(ends[ends.length - 1].trim());
                        for (int cpu = from; cpu <= to && cpus.size() < MAX_CPUS; cpu++) {
                            cpus.add(cpu);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            cpus.clear();
        }
        if (cpus.isEmpty()) {
            for (int cpu = 0; cpu < Math.min(MAX_CPUS, Runtime.getRuntime().availableProcessors()); cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }
}
