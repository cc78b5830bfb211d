package dev.ffnn.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
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
     * One benchmark × parameter combination: JMH's score (ops/s), its error, bytes allocated per op, every
     * secondary result by name (the GC profiler's, a benchmark's own counters), and each measurement
     * iteration's ops/s over all forks (empty where the file has no {@code rawData}).
     */
    record Row(String benchmark, Map<String, String> params, double score, double error, double allocPerOp,
               Map<String, Double> secondary, double[] iterations) {
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
    /** A baseline's machine and date, from its file; null for a run's results, whose {@link RunRecord} has them. */
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

    /** JMH's JSON results of a run; a file that is not one is a {@link BadFileException} naming what is wrong. */
    static Results read(Path jmhJson) throws BadFileException {
        try {
            JsonArray array = Json.array(Json.parse(jmhJson), "the file (JMH's results are an array)");
            return new Results(rows(array), jdkOf(array), null, null, jvmFlagsOf(array));
        } catch (Json.Malformed e) {
            throw new BadFileException(jmhJson, e.getMessage());
        }
    }

    /** A baseline file ({@link Baseline#save}): JMH's array wrapped with the machine, JDK and date. */
    static Results readBaseline(Path file) throws BadFileException {
        try {
            JsonObject o = Json.object(Json.parse(file), "the file (a baseline is an object)");
            JsonArray array = Json.array(o.get("results"), "'results'");
            return new Results(rows(array), Json.string(o, "jdk", null), Json.string(o, "machine", null), Json.string(o, "date", null),
                    jvmFlagsOf(array));
        } catch (Json.Malformed e) {
            throw new BadFileException(file, e.getMessage());
        }
    }

    /** A results or baseline file that is not one: the message says which file and what is wrong where. */
    static final class BadFileException extends IOException {
        private static final long serialVersionUID = 1L;

        BadFileException(Path file, String problem) {
            super(file + ": " + problem);
        }
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
                    if (arg.isJsonPrimitive() && arg.getAsString().startsWith("-X")) {
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
        // For the report's header only: a hand-made file without them reads "?".
        JsonObject first = array.get(0).isJsonObject() ? array.get(0).getAsJsonObject() : new JsonObject();
        JsonElement vm = first.get("vmName");
        JsonElement version = first.get("jdkVersion");
        return vm != null && vm.isJsonPrimitive() && version != null && version.isJsonPrimitive()
                ? vm.getAsString() + " " + version.getAsString() : "?";
    }

    private static List<Row> rows(JsonArray array) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String where = "result " + (i + 1);
            JsonObject o = Json.object(array.get(i), where);
            String full = Json.string(o, "benchmark", where);
            where += " (" + full + ")";
            String[] parts = full.split("\\.");
            String name = parts.length < 2 ? full : parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                for (Map.Entry<String, JsonElement> p : Json.object(o.get("params"), where + ": 'params'").entrySet()) {
                    params.put(p.getKey(), p.getValue().isJsonPrimitive() ? p.getValue().getAsString() : p.getValue().toString());
                }
            }
            JsonObject primary = Json.object(o.get("primaryMetric"), where + ": 'primaryMetric'");
            double score = Json.number(primary, "score", where);
            JsonElement err = primary.get("scoreError");
            double error = Json.isNumber(err) ? err.getAsDouble() : Double.NaN;
            Map<String, Double> secondary = new TreeMap<>();
            JsonElement metrics = o.get("secondaryMetrics");
            if (metrics != null && metrics.isJsonObject()) {
                for (Map.Entry<String, JsonElement> m : metrics.getAsJsonObject().entrySet()) {
                    JsonElement value = m.getValue().isJsonObject() ? m.getValue().getAsJsonObject().get("score") : null;
                    if (Json.isNumber(value)) {
                        secondary.put(m.getKey(), value.getAsDouble());
                    }
                }
            }
            rows.add(new Row(name, params, score, error, secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN), secondary,
                    iterations(primary.get("rawData"))));
        }
        return rows;
    }

    /** JMH's rawData, one array of iteration scores per fork, flattened; what is not a number is skipped. */
    private static double[] iterations(JsonElement rawData) {
        if (rawData == null || !rawData.isJsonArray()) {
            return new double[0];
        }
        List<Double> all = new ArrayList<>();
        for (JsonElement fork : rawData.getAsJsonArray()) {
            if (fork.isJsonArray()) {
                for (JsonElement it : fork.getAsJsonArray()) {
                    if (Json.isNumber(it)) {
                        all.add(it.getAsDouble());
                    }
                }
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
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
