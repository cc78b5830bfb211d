package dev.ffnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    @Test
    void anArgumentFileIsItsWordsWithoutCommentsOrBlankLines() {
        String text = "# why the module\n--add-modules jdk.incubator.vector\r\n\n   -XX:A   # why A\n-XX:B\t-XX:C\n";
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "-XX:A", "-XX:B", "-XX:C"),
                BenchMain.argumentFileWords("f", text));
    }

    @Test
    void aQuoteOutsideACommentIsRefusedNamingTheFileAndLine() {
        assertEquals(List.of("-XX:A"), BenchMain.argumentFileWords("f", "-XX:A # it's fine in a comment\n"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BenchMain.argumentFileWords("jvm.options", "-XX:A\n-Dname=\"a b\"\n"));
        assertTrue(e.getMessage().contains("jvm.options") && e.getMessage().contains("-Dname=\"a b\""), e.getMessage());
    }

    @Test
    void theForksTakeTheEnginesFlagsFileFromTheClassPath() {
        List<String> flags = BenchMain.ENGINE_JVM_FLAGS;
        int module = flags.indexOf("--add-modules");
        assertTrue(module >= 0 && "jdk.incubator.vector".equals(flags.get(module + 1)), flags.toString());
        assertTrue(flags.stream().noneMatch(f -> f.isEmpty() || f.startsWith("#")), flags.toString());
    }
}
