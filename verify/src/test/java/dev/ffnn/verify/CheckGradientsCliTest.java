package dev.ffnn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ffnn.engine.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --check-gradients} finds this module's checker through the service loader and reports on both tasks. */
class CheckGradientsCliTest {
    @ParameterizedTest
    @ValueSource(strings = {"classify", "regress"})
    void checksBeforeTraining(String task) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {task, "--check-gradients", "--epochs", "5", "--json"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("dV worst dV[") && err.toString().contains("dW worst dW["), err.toString());
        Matcher m = Pattern.compile("\"gradient_check_worst\": ([0-9.eE+-]+)").matcher(out.toString());
        assertTrue(m.find(), out.toString());
        assertTrue(Double.parseDouble(m.group(1)) <= GradientProperties.BOUND, out.toString());
    }
}
