package dev.ffnn.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.ffnn.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run knew that JMH's JSON does not hold: its date, its length, whether it was {@code --quick}, and
 * the {@link CpuCheck}s around its suite. Saved beside the JSON ({@code latest.json} → {@code latest.run.json})
 * so that a report rebuilt with {@code --from-json} is the report the run wrote, CPU line and spread marks
 * included, and not one dated the day of the rebuild.
 *
 * @param date       null when not recorded, as {@code machine}; {@code minutes} is then NaN
 * @param cpusBefore null when not checked (a quick run), as {@code cpusAfter}
 */
record RunRecord(String date, String machine, double minutes, boolean quick, CpuCheck.Result cpusBefore,
                 CpuCheck.Result cpusAfter) {

    /** For JMH results without a record beside them (files from before records, or from elsewhere). */
    static RunRecord notRecorded(boolean quick) {
        return new RunRecord(null, null, Double.NaN, quick, null, null);
    }

    /** {@code x.json} → {@code x.run.json}: where the record of a run whose results are {@code jmhJson} is. */
    static Path beside(Path jmhJson) {
        String name = jmhJson.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return jmhJson.resolveSibling(stem + ".run.json");
    }

    void write(Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("date", date);
        o.addProperty("machine", machine);
        o.addProperty("minutes", minutes);
        o.addProperty("quick", quick);
        o.add("cpusBefore", toJson(cpusBefore));
        o.add("cpusAfter", toJson(cpusAfter));
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(o);
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, json));
    }

    /** The record in {@code file}; a file that is not one is a {@link Results.BadFileException} saying why. */
    static RunRecord read(Path file) throws Results.BadFileException {
        try {
            JsonObject o = Json.object(Json.parse(file), "the file (a run's record is an object)");
            return new RunRecord(Json.string(o, "date", null), Json.string(o, "machine", null),
                    Json.number(o, "minutes", null),
                    Json.bool(o, "quick"), fromJson(o.get("cpusBefore"), "cpusBefore"),
                    fromJson(o.get("cpusAfter"), "cpusAfter"));
        } catch (Json.Malformed e) {
            throw new Results.BadFileException(file, e.getMessage());
        }
    }

    private static JsonElement toJson(CpuCheck.Result check) {
        if (check == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        JsonArray cpus = new JsonArray();
        check.cpus().forEach(cpus::add);
        o.add("cpus", cpus);
        if (check.failure() != null) {
            o.addProperty("failure", check.failure());
        } else {
            o.add("alone", micros(check.alone()));
            o.add("together", micros(check.together()));
        }
        return o;
    }

    /** A failed run's NaN as JSON's null: JSON has no NaN. */
    private static JsonArray micros(double[] us) {
        JsonArray a = new JsonArray();
        for (double u : us) {
            if (Double.isNaN(u)) {
                a.add(JsonNull.INSTANCE);
            } else {
                a.add(u);
            }
        }
        return a;
    }

    private static CpuCheck.Result fromJson(JsonElement e, String name) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        JsonObject o = Json.object(e, "'" + name + "'");
        List<Integer> cpus = new ArrayList<>();
        for (double cpu : Json.numbers(o, "cpus", name, false)) {
            cpus.add((int) cpu);
        }
        if (o.has("failure")) {
            return new CpuCheck.Result(cpus, null, null, Json.string(o, "failure", name));
        }
        double[] alone = Json.numbers(o, "alone", name, true);
        double[] together = Json.numbers(o, "together", name, true);
        if (alone.length != cpus.size() || together.length != cpus.size()) {
            throw new Json.Malformed(name + ": " + cpus.size() + " CPUs but " + alone.length + " figures alone and "
                    + together.length + " at once");
        }
        return new CpuCheck.Result(cpus, alone, together, null);
    }
}
