package dev.ffnn.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Hand-made JMH results in JMH's JSON layout (the fields {@link Results} reads), so that the report's logic can
 * be checked against figures whose outcome is known.
 */
final class JmhJson {
    private final JsonArray rows = new JsonArray();

    /** A row of {@code dev.ffnn.bench.<benchmark>} with these parameters and ops/s. */
    JmhJson row(String benchmark, Map<String, String> params, double score) {
        return row(benchmark, params, score, Map.of(), List.of());
    }

    /** A row with secondary results (e.g. {@code gc.alloc.rate.norm}) and the fork's JVM arguments. */
    JmhJson row(String benchmark, Map<String, String> params, double score, Map<String, Double> secondary,
                List<String> jvmArgs) {
        JsonObject o = new JsonObject();
        o.addProperty("benchmark", "dev.ffnn.bench." + benchmark);
        o.addProperty("jdkVersion", "25.0.3");
        o.addProperty("vmName", "Test VM");
        JsonArray args = new JsonArray();
        jvmArgs.forEach(args::add);
        o.add("jvmArgs", args);
        JsonObject p = new JsonObject();
        params.forEach(p::addProperty);
        o.add("params", p);
        JsonObject primary = new JsonObject();
        primary.addProperty("score", score);
        primary.addProperty("scoreError", "NaN");
        o.add("primaryMetric", primary);
        JsonObject metrics = new JsonObject();
        secondary.forEach((name, value) -> {
            JsonObject m = new JsonObject();
            m.addProperty("score", value);
            metrics.add(name, m);
        });
        o.add("secondaryMetrics", metrics);
        rows.add(o);
        return this;
    }

    /** The last row's measurement iterations, ops/s, as one fork's rawData. */
    JmhJson iterations(double... opsPerSecond) {
        JsonArray fork = new JsonArray();
        for (double ops : opsPerSecond) {
            fork.add(ops);
        }
        JsonArray forks = new JsonArray();
        forks.add(fork);
        rows.get(rows.size() - 1).getAsJsonObject().getAsJsonObject("primaryMetric").add("rawData", forks);
        return this;
    }

    /** A course-sized step's row: the step of {@code net} at {@code micros} µs with {@code impl}'s kernels. */
    JmhJson step(String net, String impl, double micros) {
        return row("TrainStepBench.step", Map.of("net", net, "impl", impl), 1e6 / micros);
    }

    /** These rows as JMH writes them, in a new file in {@code dir}. */
    Path write(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "jmh", ".json");
        Files.writeString(file, rows.toString());
        return file;
    }

    /** These rows as a baseline file (JMH's array wrapped with machine, JDK and date), new in {@code dir}. */
    Path writeBaseline(Path dir) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("machine", "test machine");
        o.addProperty("jdk", "Test VM 25");
        o.addProperty("date", "2026-01-02");
        o.add("results", rows);
        Path file = Files.createTempFile(dir, "baseline", ".json");
        Files.writeString(file, o.toString());
        return file;
    }

    Results results(Path dir) throws IOException {
        return Results.read(write(dir));
    }

    Results baseline(Path dir) throws IOException {
        return Results.readBaseline(writeBaseline(dir));
    }
}
