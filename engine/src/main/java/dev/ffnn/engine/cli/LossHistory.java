package dev.ffnn.engine.cli;

import dev.ffnn.engine.nn.Network;
import dev.ffnn.engine.nn.TrainingListener;

/** Records the loss of every epoch, for the loss-curve plot; the array is sized once at the start. */
final class LossHistory implements TrainingListener {
    private double[] losses = new double[0];
    private int count;

    @Override
    public void onStart(Network net, int epochs, int stepsPerEpoch) {
        losses = new double[epochs];
        count = 0;
    }

    @Override
    public void afterEpoch(int epoch, double loss) {
        losses[count++] = loss;
    }

    double[] losses() {
        return java.util.Arrays.copyOf(losses, count);
    }
}
