package dev.ffnn.engine.nn;

/**
 * How training reports: trace printers, progress lines, loss history and plots all listen here, and
 * the trainer knows none of them. Every method has an empty default, so a listener overrides only what
 * it needs; with no listeners the loop pays for nothing.
 */
public interface TrainingListener {

    /** Before the first step. */
    default void onStart(Network net, int epochs, int stepsPerEpoch) {
    }

    /**
     * After a step's forward and backward passes and before its update: {@code p} holds X̃ … G, E and
     * dV, dW of this step, and V, W in {@code net} are the weights that produced them.
     */
    default void afterStep(int epoch, int step, Network net, Pass p) {
    }

    /** After each epoch, with the epoch's loss (the row-weighted mean over its batches). */
    default void afterEpoch(int epoch, double loss) {
    }

    /** After the last epoch. */
    default void onFinish(int epochs, double finalLoss, long nanos) {
    }
}
