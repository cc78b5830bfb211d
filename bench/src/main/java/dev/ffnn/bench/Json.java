package dev.ffnn.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading the bench's JSON files field by field, where a field that is missing or of the wrong kind is a
 * {@link Malformed} naming it; the caller puts the file's name in front ({@link Results.BadFileException}).
 */
final class Json {
    private Json() {
    }

    /** What is wrong with a file's content, before the file's name is put in front. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String problem) {
            super(problem);
        }
    }

    static JsonElement parse(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new Malformed("no such file");
        } catch (IOException e) {
            throw new Malformed("cannot be read (" + e.getMessage() + ")");
        } catch (JsonParseException e) {
            // Gson's own message is the cause's ("... at line 2 column 1 path $"), wrapped in its class name.
            throw new Malformed("not JSON: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    static JsonArray array(JsonElement e, String what) {
        if (e == null || !e.isJsonArray()) {
            throw new Malformed(what + " is not a JSON array");
        }
        return e.getAsJsonArray();
    }

    static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new Malformed(what + " is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    /** {@code where}: the part of the file it is in, or null for the file's top level. */
    static String string(JsonObject o, String name, String where) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new Malformed(prefix(where) + "no '" + name + "'");
        }
        return e.getAsString();
    }

    static double number(JsonObject o, String name, String where) {
        JsonElement e = o.get(name);
        if (!isNumber(e)) {
            throw new Malformed(prefix(where) + "'" + name + "' is not a number");
        }
        return e.getAsDouble();
    }

    static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new Malformed("'" + name + "' is not true or false");
        }
        return e.getAsBoolean();
    }

    /** An array of numbers; with {@code nullIsNaN}, a null in it reads as NaN (a figure not measured). */
    static double[] numbers(JsonObject o, String name, String where, boolean nullIsNaN) {
        JsonArray a = array(o.get(name), prefix(where) + "'" + name + "'");
        double[] values = new double[a.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement e = a.get(i);
            if (nullIsNaN && e.isJsonNull()) {
                values[i] = Double.NaN;
            } else if (isNumber(e)) {
                values[i] = e.getAsDouble();
            } else {
                throw new Malformed(prefix(where) + "'" + name + "' item " + (i + 1) + " is not a number");
            }
        }
        return values;
    }

    static boolean isNumber(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    private static String prefix(String where) {
        return where == null ? "" : where + ": ";
    }
}
