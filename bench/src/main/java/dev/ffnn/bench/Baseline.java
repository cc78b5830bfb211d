package dev.ffnn.bench;

import com.google.gson.GsonBuilder;
import dev.ffnn.engine.io.AtomicFiles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** "CPU model, N cores" from /proc/cpuinfo where there is one. */
    static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture name will do
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name");
    }
}
