package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DropLineStreamTest {
    private static final String WARNING = BenchMain.INCUBATOR_WARNING;

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final DropLineStream stream = new DropLineStream(sink, WARNING);

    private String shown() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    private void write(String s) throws IOException {
        stream.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dropsTheLineWhereverItComesWholeAndKeepsTheRest() throws IOException {
        write("# Fork: 1 of 1\n" + WARNING + "\n# Warmup Iteration   1: 193131.523 ops/s\n" + WARNING + "\n");
        assertEquals("# Fork: 1 of 1\n# Warmup Iteration   1: 193131.523 ops/s\n", shown());
    }

    @Test
    void dropsItWhenItArrivesByteByByteAndAcrossFlushes() throws IOException {
        for (byte b : (WARNING + "\nnext\n").getBytes(StandardCharsets.UTF_8)) {
            stream.write(b);
            stream.flush();
        }
        assertEquals("next\n", shown());
    }

    @Test
    void keepsLinesThatOnlyStartLikeItOrContainIt() throws IOException {
        String longer = WARNING + " and more\n";
        String shorter = "WARNING: Using incubator\n";
        String inside = "# " + WARNING + "\n";
        write(longer + shorter + inside + "WARNING: Using incubator modules: jdk.incubator.vectorX\n");
        assertEquals(longer + shorter + inside + "WARNING: Using incubator modules: jdk.incubator.vectorX\n", shown());
    }

    @Test
    void passesAHalfWrittenLineOnAtOnce() throws IOException {
        write("# Warmup Iteration   1: ");
        assertEquals("# Warmup Iteration   1: ", shown(), "JMH's progress must show before the figure comes");
        write("1.5 ops/s\n");
        assertEquals("# Warmup Iteration   1: 1.5 ops/s\n", shown());
    }

    @Test
    void holdsAPossibleStartOfTheLineOnlyUntilCloseAndThenWritesIt() throws IOException {
        write("ok\nWARNING: Using");
        assertEquals("ok\n", shown());
        stream.close();
        assertEquals("ok\nWARNING: Using", shown());
    }

    @Test
    void throughAPrintStreamAsJmhWritesIt() {
        PrintStream out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        out.println("# Fork: 2 of 3");
        out.print(WARNING + "\n");
        out.print("Iteration   1: 2.0 µs/op");
        out.println();
        assertEquals("# Fork: 2 of 3\nIteration   1: 2.0 µs/op\n", shown());
    }
}
