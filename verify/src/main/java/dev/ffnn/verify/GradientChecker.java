package dev.ffnn.verify;

import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.GradientCheck;
import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.Pass;

/**
 * Checks a backward pass against finite differences of the loss, entry by entry, over every weight of V
 * and W, in fp64.
 *
 * <p><b>The numerical derivative.</b> Ridders' method (Numerical Recipes §5.7): central differences
 * (E(θ+h) − E(θ−h)) / 2h for a shrinking sequence of steps h₀, h₀/1.4, h₀/1.4², …, extrapolated to h → 0
 * by Richardson's tableau, keeping the estimate whose own error estimate is smallest, and stopping when
 * higher orders get worse. A fixed step cannot serve every network here: with saturated units (weights
 * and inputs up to 8) the loss's high derivatives are large and a step small enough for them drowns
 * gentle entries in rounding; Ridders' adapts per entry. The step starts at h₀ = 2⁻⁶ / max(1, s), where s is
 * the largest |input| the weight multiplies (a column of X̃ for V, of F̃ for W), so that h₀ moves the
 * unit's pre-activation by at most 1/64 (measured: 2⁻⁴ left errors up to 5e-8 on saturated networks,
 * 2⁻⁶ at most 1.3e-8); each step is made exact by h = (θ + h) − θ.
 *
 * <p><b>The comparison.</b> Relative error |a − n| / max(|a|, |n|, floor), with floor = 1e-4·max(1, |E|).
 * Why a floor: each E(θ ± h) carries rounding noise of about ε|E|, which a central difference turns into
 * ≈ ε|E|/h of noise in n. Ridders' smallest step here is h₀/1.4⁹ ≈ 1e-4 for inputs of scale 8, so that
 * noise reaches ≈ 2.4e-12·|E|, and a relative error of an entry smaller than (noise / bound) says nothing
 * about the gradient. Entries below the floor are therefore held to an absolute error of 1e-11·|E|, where
 * the noise is at most 2.4e-8 of the floor. Measured over 12,000 generated networks, both heads, weights
 * and inputs up to 8: worst relative error 1.3e-8. Every mutant in the mutation guard is caught with a
 * relative error above 0.1.
 */
public final class GradientChecker implements GradientCheck {

    /** A backward pass to check: fills {@code p.dV()} and {@code p.dW()} after {@code net.forward(p)}. */
    @FunctionalInterface
    public interface Backward {
        void run(Network net, Pass p);
    }

    /** One compared entry: which matrix, where, both derivatives and their relative error. */
    public record Entry(String matrix, int row, int col, double analytic, double numeric, double relativeError) {
        @Override
        public String toString() {
            return String.format("%s[%d,%d]: analytic %.10g, numeric %.10g, relative error %.3g",
                    matrix, row, col, analytic, numeric, relativeError);
        }
    }

    /** The worst entry of V and of W. */
    public record Report(Entry worstV, Entry worstW) implements GradientCheck.Result {
        /** The larger of the two worst relative errors. */
        @Override
        public double worst() {
            return Math.max(worstV.relativeError(), worstW.relativeError());
        }

        /** The entry with the largest relative error overall. */
        public Entry worstEntry() {
            return worstV.relativeError() >= worstW.relativeError() ? worstV : worstW;
        }

        @Override
        public String summary() {
            return "dV worst " + worstV + "\ndW worst " + worstW;
        }
    }

    @Override
    public Report check(Network net, Matrix inputs, Matrix targets) {
        return check(net, inputs, targets, Network::backward);
    }

    /** Checks {@code backward} for {@code net} on the given rows; V and W are left exactly as they were. */
    public static Report check(Network net, Matrix inputs, Matrix targets, Backward backward) {
        Pass p = net.newPass(inputs.rows());
        p.load(inputs, targets);
        double e = net.forward(p);
        backward.run(net, p);
        Matrix dV = p.dV().copy();
        Matrix dW = p.dW().copy();
        double floor = 1e-4 * Math.max(1.0, Math.abs(e));
        Entry worstV = compare("dV", net, net.v(), dV, p, floor, columnMaxima(p.xTilde()));
        Entry worstW = compare("dW", net, net.w(), dW, p, floor, columnMaxima(p.fTilde()));
        return new Report(worstV, worstW);
    }

    /** max over rows of |m[·, c]| per column c: how strongly a weight of row c of V (or W) moves its sum. */
    private static double[] columnMaxima(Matrix m) {
        double[] max = new double[m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int c = 0; c < m.cols(); c++) {
                max[c] = Math.max(max[c], Math.abs(m.get(i, c)));
            }
        }
        return max;
    }

    private static Entry compare(String name, Network net, Matrix theta, Matrix analytic, Pass p, double floor,
                                 double[] inputScale) {
        Entry worst = null;
        for (int i = 0; i < theta.rows(); i++) {
            for (int j = 0; j < theta.cols(); j++) {
                double a = analytic.get(i, j);
                double n = numericDerivative(net, theta, i, j, p, inputScale[i]);
                double rel = Math.abs(a - n) / Math.max(Math.max(Math.abs(a), Math.abs(n)), floor);
                if (Double.isNaN(rel)) {
                    rel = Double.POSITIVE_INFINITY; // a NaN gradient is as wrong as it gets
                }
                if (worst == null || rel > worst.relativeError()) {
                    worst = new Entry(name, i, j, a, n, rel);
                }
            }
        }
        return worst;
    }

    private static final double SHRINK = 1.4;
    private static final int TABLE = 10;

    /** ∂E/∂θᵢⱼ by Ridders' extrapolation; θᵢⱼ is restored bit for bit afterwards. */
    static double numericDerivative(Network net, Matrix theta, int i, int j, Pass p, double inputScale) {
        double t = theta.get(i, j);
        double h = Math.scalb(1.0, -6) / Math.max(1.0, inputScale);
        double[][] a = new double[TABLE][TABLE];
        a[0][0] = central(net, theta, i, j, t, h, p);
        double best = a[0][0];
        double err = Double.MAX_VALUE;
        for (int col = 1; col < TABLE; col++) {
            h /= SHRINK;
            a[0][col] = central(net, theta, i, j, t, h, p);
            double fac = SHRINK * SHRINK;
            for (int row = 1; row <= col; row++) {
                // Richardson: eliminate the h^(2·row) error term between two step sizes.
                a[row][col] = (a[row - 1][col] * fac - a[row - 1][col - 1]) / (fac - 1);
                fac *= SHRINK * SHRINK;
                double e = Math.max(Math.abs(a[row][col] - a[row - 1][col]), Math.abs(a[row][col] - a[row - 1][col - 1]));
                if (e <= err) {
                    err = e;
                    best = a[row][col];
                }
            }
            if (Math.abs(a[col][col] - a[col - 1][col - 1]) >= 2 * err) {
                break; // higher order is getting worse: rounding has taken over
            }
        }
        theta.set(i, j, t);
        return best;
    }

    private static double central(Network net, Matrix theta, int i, int j, double t, double h, Pass p) {
        double exact = (t + h) - t;
        double plus = lossAt(net, theta, i, j, t + exact, p);
        double minus = lossAt(net, theta, i, j, t - exact, p);
        return (plus - minus) / (2 * exact);
    }

    private static double lossAt(Network net, Matrix theta, int i, int j, double value, Pass p) {
        theta.set(i, j, value);
        return net.forward(p);
    }
}
