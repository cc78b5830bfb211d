package dev.ffnn.engine.cli;

import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Pass;
import dev.ffnn.engine.nn.TrainingListener;
import java.io.PrintWriter;

/**
 * {@code --trace}: prints every quantity of the lecture at every (or every n-th) step, each with its
 * symbol, its name in the code and its shape, so the math can be followed number by number.
 */
final class TracePrinter implements TrainingListener {
    private final PrintWriter out;
    private final int every;
    private final boolean full;

    TracePrinter(PrintWriter out, int every, boolean full) {
        this.out = out;
        this.every = Math.max(1, every);
        this.full = full;
    }

    @Override
    public void afterStep(int epoch, int step, Network net, Pass p) {
        if ((epoch - 1) % every != 0) {
            return;
        }
        out.println("── epoch " + epoch + (step > 0 ? ", batch " + (step + 1) : "") + " " + "─".repeat(40));
        print("X", "x", p.x());
        print("X̃", "xTilde", p.xTilde());
        print("V", "v", net.v());
        print("X̂", "xHat", p.xHat());
        print("F", "f", p.f());
        print("F̃", "fTilde", p.fTilde());
        print("W", "w", net.w());
        print("F̂", "fHat", p.fHat());
        print("G", "g", p.g());
        out.println("E (e) = " + p.e());
        print("dV", "dV", p.dV());
        print("dW", "dW", p.dW());
        out.println();
    }

    private void print(String symbol, String codeName, Matrix m) {
        out.println(symbol + " (" + codeName + ") " + m.shape() + " =");
        out.println(MatrixFormat.format(m, full));
    }
}
