package dev.ffnn.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedReaderTest {
    @TempDir
    Path tmp;

    private DelimitedReader.Table table(String content) throws IOException, DataException {
        Path f = tmp.resolve("t.txt");
        Files.writeString(f, content);
        return DelimitedReader.read(f);
    }

    @Test
    void tabCommaAndWhitespaceGiveTheSameData() throws Exception {
        for (String text : List.of("x1\tx2\ty\n1.5\t2\t3\n-4\t5e-1\t1\n",
                                   "x1,x2,y\n1.5,2,3\n-4,5e-1,1\n",
                                   "# a comment\n x1  x2   y\n\n1.5 2 3\n-4   5e-1 1\n")) {
            Dataset d = DelimitedReader.classification(table(text), null);
            assertEquals(List.of("x1", "x2"), d.featureNames());
            assertEquals("y", d.targetName());
            assertEquals(1.5, d.x().get(0, 0));
            assertEquals(0.5, d.x().get(1, 1));
            assertEquals(List.of("1", "3"), d.classes());
            assertEquals(1.0, d.y().get(0, 1)); // label 3 → index 1
        }
    }

    @Test
    void headerlessFilesAndNumericLabelOrder() throws Exception {
        DelimitedReader.Table t = table("0.1 10\n0.2 2\n0.3 1\n0.4 2\n");
        assertFalse(t.hasHeader());
        Dataset d = DelimitedReader.classification(t, null);
        assertEquals(List.of("1", "2", "10"), d.classes(), "integers are ordered as numbers, not text");
        assertEquals(1.0, d.y().get(0, 2));
    }

    @Test
    void targetByNameAndRegressionValues() throws Exception {
        Dataset d = DelimitedReader.regression(table("y,x\n1.0,2.0\n3.0,4.0\n"), "y");
        assertEquals(List.of("x"), d.featureNames());
        assertEquals(3.0, d.y().get(1, 0));
        assertEquals(4.0, d.x().get(1, 0));
    }

    @Test
    void errorsNameLineAndColumn() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> DelimitedReader.regression(table("a,b\n1,2\n\n3,x\n"), null));
        assertEquals(4, e.line());
        assertEquals(2, e.column());
        assertTrue(e.getMessage().endsWith(":4:2: 'x' is not a number (column 'b')"), e.getMessage());
    }
}
