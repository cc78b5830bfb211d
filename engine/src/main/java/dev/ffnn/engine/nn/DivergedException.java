package dev.ffnn.engine.nn;

/** The loss became NaN or infinite: training stopped at that step rather than go on with garbage. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final double loss;

    public DivergedException(int epoch, double loss) {
        super("training diverged at epoch " + epoch + ": the loss is " + loss
                + "; try a smaller learning rate (--lr)");
        this.epoch = epoch;
        this.loss = loss;
    }

    public int epoch() {
        return epoch;
    }

    public double loss() {
        return loss;
    }
}
