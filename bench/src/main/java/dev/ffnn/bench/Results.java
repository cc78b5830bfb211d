package dev.ffnn.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** JMH's JSON results, as rows the report can look up by benchmark and parameters. */
final class Results {

    /**
     * One benchmark × parameter combination: JMH's score (ops/s), its error, bytes allocated per op, and every
     * secondary result by name (the GC profiler's, a benchmark's own counters).
     */
    record Row(String benchmark, Map<String, String> params, double score, double error, double allocPerOp,
               Map<String, Double> secondary) {
        String param(String name) {
            return params.get(name);
        }

        /** Benchmark and parameters except {@code impl}: rows with the same key differ only in the kernels. */
        String keyWithoutImpl() {
            Map<String, String> p = new TreeMap<>(params);
            p.remove("impl");
            return benchmark + p;
        }

        String key() {
            return benchmark + new TreeMap<>(params);
        }
    }

    final List<Row> rows;
    final String jdk;
    final String machine;
    final String date;
    /** The -X flags the forks ran with, each once in first-seen order ("?" for a baseline that predates them). */
    final String jvmFlags;

    private Results(List<Row> rows, String jdk, String machine, String date, String jvmFlags) {
        this.rows = rows;
        this.jdk = jdk;
        this.machine = machine;
        this.date = date;
        this.jvmFlags = jvmFlags;
    }

    static Results read(Path jmhJson) throws IOException {
        JsonArray array = JsonParser.parseString(Files.readString(jmhJson)).getAsJsonArray();
        return new Results(rows(array), jdkOf(array), Baseline.machine(), java.time.LocalDate.now().toString(),
                jvmFlagsOf(array));
    }

    static Results readBaseline(Path file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        JsonArray array = o.getAsJsonArray("results");
        return new Results(rows(array), o.get("jdk").getAsString(), o.get("machine").getAsString(),
                o.get("date").getAsString(), jvmFlagsOf(array));
    }

    /**
     * The VM's tuning flags ({@code -X…}) over all forks of a JMH JSON array, each once: the figures depend on
     * them (see {@link BenchMain#ENGINE_JVM_FLAGS}), and JMH records each fork's.
     */
    static String jvmFlagsOf(JsonArray array) {
        Set<String> flags = new LinkedHashSet<>();
        for (JsonElement e : array) {
            JsonElement args = e.getAsJsonObject().get("jvmArgs");
            if (args != null && args.isJsonArray()) {
                for (JsonElement arg : args.getAsJsonArray()) {
                    if (arg.getAsString().startsWith("-X")) {
                        flags.add(arg.getAsString());
                    }
                }
            }
        }
        return flags.isEmpty() ? "?" : String.join(" ", flags);
    }

    static String jdkOf(JsonArray array) {
        if (array.isEmpty()) {
            return "?";
        }
        JsonObject first = array.get(0).getAsJsonObject();
        return first.get("vmName").getAsString() + " " + first.get("jdkVersion").getAsString();
    }

    private static List<Row> rows(JsonArray array) {
        List<Row> rows = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            String full = o.get("benchmark").getAsString();
            String[] parts = full.split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                    params.put(p.getKey(), p.getValue().getAsString());
                }
            }
            JsonObject primary = o.getAsJsonObject("primaryMetric");
            double score = primary.get("score").getAsDouble();
            JsonElement err = primary.get("scoreError");
            double error = err == null || !err.isJsonPrimitive() || err.getAsString().equals("NaN") ? Double.NaN : err.getAsDouble();
            Map<String, Double> secondary = new TreeMap<>();
            JsonObject metrics = o.getAsJsonObject("secondaryMetrics");
            if (metrics != null) {
                for (Map.Entry<String, JsonElement> m : metrics.entrySet()) {
                    JsonElement value = m.getValue().getAsJsonObject().get("score");
                    if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
                        secondary.put(m.getKey(), value.getAsDouble());
                    }
                }
            }
            rows.add(new Row(name, params, score, error, secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN), secondary));
        }
        return rows;
    }

    /** The row of a benchmark with exactly these parameter values. */
    Optional<Row> find(String benchmark, Map<String, String> params) {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark) && r.params().equals(new TreeMap<>(params)))
                .findFirst();
    }

    Optional<Row> findByKey(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst();
    }
}
