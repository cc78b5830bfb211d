package dev.ffnn.bench;

import com.google.gson.GsonBuilder;
import dev.ffnn.engine.io.AtomicFiles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed baseline: a full run's JMH JSON wrapped with the machine, JDK and date it came from. */
final class Baseline {
    private Baseline() {
    }

    static void save(Path jmhJson, Path target) throws IOException {
        JsonObject o = new JsonObject();
        var results = JsonParser.parseString(Files.readString(jmhJson)).getAsJsonArray();
        o.addProperty("machine", machine());
        o.addProperty("jdk", Results.jdkOf(results));
        o.addProperty("date", java.time.LocalDate.now().toString());
        o.add("results", results);
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(o);
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, json));
    }

    /**
     * "CPU model (family F), N cores" from /proc/cpuinfo where there is one. A VM may name its CPU only
     * "AMD EPYC"; the family tells the generation (AMD: 25 = Zen 3/4, 26 = Zen 5, which has twice Zen 4's
     * 512-bit multiply-add throughput), and with it what the figures should be compared with.
     */
    static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            String model = null;
            String family = null;
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (model == null && l.startsWith("model name")) {
                    model = l.substring(l.indexOf(':') + 1).strip();
                } else if (family == null && l.startsWith("cpu family")) {
                    family = l.substring(l.indexOf(':') + 1).strip();
                }
            }
            if (model != null) {
                cpu = family == null ? model : model + " (family " + family + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture name will do
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name");
    }
}
