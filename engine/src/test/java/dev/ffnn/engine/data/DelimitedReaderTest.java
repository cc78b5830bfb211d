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

    /** Labels that are all numbers are ordered and told apart by value, however written; others as text. */
    @Test
    void numericLabelsByValue() throws Exception {
        Dataset d = DelimitedReader.classification(table("x,y\n1,10.0\n2,2.0\n3,1\n4,01\n5,1.00\n6,-3e-1\n"), null);
        assertEquals(List.of("-3e-1", "1", "2.0", "10.0"), d.classes(), "by value; 1, 01 and 1.00 one class, as first written");
        for (int row : new int[] {2, 3, 4}) {
            assertEquals(1.0, d.y().get(row, 1), "row " + row + " is class 1");
        }
        assertEquals(List.of("1", "10", "1d", "2"),
                DelimitedReader.classification(table("x,y\n1,10\n2,2\n3,1\n4,1d\n"), null).classes(),
                "1d is not a number here (Java's parseDouble would take it): all as text");
        assertEquals(List.of("1", "2", "10"), DelimitedReader.classification(table("x,y\n1,10\n2,2\n3,1\n"), null).classes());
    }

    @Test
    void targetByNameAndRegressionValues() throws Exception {
        Dataset d = DelimitedReader.regression(table("y,x\n1.0,2.0\n3.0,4.0\n"), "y");
        assertEquals(List.of("x"), d.featureNames());
        assertEquals(3.0, d.y().get(1, 0));
        assertEquals(4.0, d.x().get(1, 0));
    }

    /** Spreadsheets quote CSV cells: the quotes go, a delimiter inside them stays in the cell, "" is a quote. */
    @Test
    void quotedCellsAsSpreadsheetsWriteThem() throws Exception {
        Dataset d = DelimitedReader.classification(table("\"x1\",\"x 2\",\"y\"\n"
                + "\"1.5\",\"2\",plain\n"
                + "\"-4\", \"5e-1\" ,\"b, \"\"c\"\"\"\n"), null);
        assertEquals(List.of("x1", "x 2"), d.featureNames());
        assertEquals("y", d.targetName());
        assertEquals(-4.0, d.x().get(1, 0));
        assertEquals(0.5, d.x().get(1, 1));
        assertEquals(List.of("b, \"c\"", "plain"), d.classes());
        assertEquals(1.0, d.y().get(1, 0));

        Dataset tabs = DelimitedReader.classification(table("x\ty\n1\t\" a, b \"\n2\t\"\"\"\"\n3\t\" a, b \"\n"), null);
        assertEquals(List.of(" a, b ", "\""), tabs.classes(), "a quoted cell keeps its blanks; \"\"\"\" is one quote");
        DataException empty = assertThrows(DataException.class,
                () -> DelimitedReader.classification(table("x,y\n1,a\n2,\"\"\n"), null));
        assertTrue(empty.getMessage().endsWith(":3:2: empty class label"), "\"\" is an empty cell: " + empty.getMessage());

        Dataset blanks = DelimitedReader.classification(table("x label\n1  \"class a\"\n2 \"class b\"\n"), null);
        assertEquals(List.of("class a", "class b"), blanks.classes(), "blanks inside quotes do not split");
        assertEquals(2.0, blanks.x().get(1, 0));
    }

    @Test
    void badQuotesNameLineAndColumn() {
        DataException open = assertThrows(DataException.class, () -> table("a,b\n1,\"2\n"));
        assertEquals(2, open.line());
        assertEquals(2, open.column());
        assertTrue(open.getMessage().endsWith(":2:2: a quoted cell has no closing quote"), open.getMessage());
        DataException after = assertThrows(DataException.class, () -> table("a,b,c\n1,2,3\n4,\"5\"x,6\n"));
        assertEquals(3, after.line());
        assertEquals(2, after.column());
        assertTrue(after.getMessage().endsWith(":3:2: text after a quoted cell's closing quote"), after.getMessage());
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
