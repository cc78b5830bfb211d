package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
    @TempDir
    Path dir;

    @Test
    void aRecordLivesBesideItsResults() {
        assertEquals(dir.resolve("latest.run.json"), RunRecord.beside(dir.resolve("latest.json")));
        assertEquals(dir.resolve("results.txt.run.json"), RunRecord.beside(dir.resolve("results.txt")));
    }

    @Test
    void aRecordReadsBackAsWrittenWithAFailedFigureAndAFailedCheck() throws IOException {
        CpuCheck.Result before = new CpuCheck.Result(List.of(0, 1), new double[] {1.61, Double.NaN},
                new double[] {1.72, 2.05}, null);
        CpuCheck.Result after = new CpuCheck.Result(List.of(0, 1), null, null, "taskset: not found");
        Path file = dir.resolve("latest.run.json");
        new RunRecord("2026-11-30", "Zen, 2 cores", 19.25, false, before, after).write(file);

        RunRecord back = RunRecord.read(file);
        assertEquals("2026-11-30", back.date());
        assertEquals("Zen, 2 cores", back.machine());
        assertEquals(19.25, back.minutes());
        assertEquals(false, back.quick());
        assertEquals(before.cpus(), back.cpusBefore().cpus());
        assertArrayEquals(before.alone(), back.cpusBefore().alone());
        assertArrayEquals(before.together(), back.cpusBefore().together());
        assertEquals(before.describe(), back.cpusBefore().describe());
        assertEquals(after.describe(), back.cpusAfter().describe());

        new RunRecord("2026-11-30", "Zen, 2 cores", 4.0, true, null, null).write(file);
        assertNull(RunRecord.read(file).cpusBefore());
        assertEquals(true, RunRecord.read(file).quick());
    }

    @Test
    void aRecordThatIsNotOneIsRefusedSayingWhatIsWrong() throws IOException {
        Path file = dir.resolve("x.run.json");
        String top = "\"date\": \"d\", \"machine\": \"m\", \"minutes\": 19, \"quick\": false, \"cpusAfter\": null, ";
        Files.writeString(file, "{" + top + "\"cpusBefore\": {\"cpus\": [0, 1], \"alone\": [1.6], \"together\": [1.7, 1.8]}}");
        assertEquals(file + ": cpusBefore: 2 CPUs but 1 figures alone and 2 at once",
                assertThrows(Results.BadFileException.class, () -> RunRecord.read(file)).getMessage());

        Files.writeString(file, "{" + top + "\"cpusBefore\": {\"cpus\": [0, \"one\"], \"alone\": [], \"together\": []}}");
        assertEquals(file + ": cpusBefore: 'cpus' item 2 is not a number",
                assertThrows(Results.BadFileException.class, () -> RunRecord.read(file)).getMessage());

        Files.writeString(file, "{\"date\": \"d\", \"machine\": \"m\", \"minutes\": 19, \"quick\": \"no\"}");
        assertEquals(file + ": 'quick' is not true or false",
                assertThrows(Results.BadFileException.class, () -> RunRecord.read(file)).getMessage());
    }
}
