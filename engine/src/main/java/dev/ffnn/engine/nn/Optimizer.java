package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Kernels;
import dev.ffnn.engine.math.Matrix;

/**
 * Turns the gradients of a {@link Pass} into a weight update. State (velocities, moments) is allocated
 * once, when the optimizer is made for a network; {@link #step} allocates nothing.
 */
public abstract class Optimizer {

    /** The names users type. */
    public enum Kind {
        GD, MOMENTUM, ADAM;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    protected final Network net;
    protected final Kernels kernels;
    protected final double learningRate;

    protected Optimizer(Network net, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, not " + learningRate);
        }
        this.net = net;
        this.kernels = net.kernels();
        this.learningRate = learningRate;
    }

    /** Applies one update to the network's V and W from the gradients in {@code p}. */
    public abstract void step(Pass p);

    /** An optimizer of the given kind with the usual constants (momentum 0.9; Adam β = 0.9, 0.999, ε = 1e-8). */
    public static Optimizer create(Kind kind, Network net, double learningRate) {
        return switch (kind) {
            case GD -> new GradientDescent(net, learningRate);
            case MOMENTUM -> new Momentum(net, learningRate, 0.9);
            case ADAM -> new Adam(net, learningRate, 0.9, 0.999, 1e-8);
        };
    }

    /** Plain full-batch gradient descent, as in the lecture: θ ← θ − η ∂E/∂θ. */
    public static final class GradientDescent extends Optimizer {
        public GradientDescent(Network net, double learningRate) {
            super(net, learningRate);
        }

        @Override
        public void step(Pass p) {
            kernels.axpy(-learningRate, p.dV(), net.v());
            kernels.axpy(-learningRate, p.dW(), net.w());
        }
    }

    /** Heavy-ball momentum: u ← μu − η ∂E/∂θ, θ ← θ + u. */
    public static final class Momentum extends Optimizer {
        private final double mu;
        private final Matrix uV;
        private final Matrix uW;

        public Momentum(Network net, double learningRate, double mu) {
            super(net, learningRate);
            this.mu = mu;
            this.uV = new Matrix(net.v().rows(), net.v().cols());
            this.uW = new Matrix(net.w().rows(), net.w().cols());
        }

        @Override
        public void step(Pass p) {
            kernels.axpby(-learningRate, p.dV(), mu, uV);
            kernels.axpby(-learningRate, p.dW(), mu, uW);
            kernels.axpy(1.0, uV, net.v());
            kernels.axpy(1.0, uW, net.w());
        }
    }

    /** Adam (Kingma and Ba, 2015) with bias-corrected first and second moments. */
    public static final class Adam extends Optimizer {
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final Matrix mV;
        private final Matrix vV;
        private final Matrix mW;
        private final Matrix vW;
        private long t;

        public Adam(Network net, double learningRate, double beta1, double beta2, double eps) {
            super(net, learningRate);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.mV = new Matrix(net.v().rows(), net.v().cols());
            this.vV = new Matrix(net.v().rows(), net.v().cols());
            this.mW = new Matrix(net.w().rows(), net.w().cols());
            this.vW = new Matrix(net.w().rows(), net.w().cols());
        }

        @Override
        public void step(Pass p) {
            t++;
            kernels.adam(net.v(), p.dV(), mV, vV, learningRate, beta1, beta2, t, eps);
            kernels.adam(net.w(), p.dW(), mW, vW, learningRate, beta1, beta2, t, eps);
        }
    }
}
