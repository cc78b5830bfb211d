package dev.ffnn.engine.nn;

import dev.ffnn.engine.math.Matrix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient-descent training: full batch as in the lecture, or mini-batches drawn from a seeded shuffle.
 * Every buffer (passes, the permutation) is allocated before the first step; the loop itself allocates
 * nothing. Same network, data, optimizer and seed → the same weights, bit for bit.
 */
public final class Trainer {

    /**
     * @param epochs    passes over the data
     * @param batchSize rows per step; 0 (or ≥ the row count) means full batch
     * @param seed      seeds the shuffle of mini-batches (full batch uses no randomness)
     */
    public record Config(int epochs, int batchSize, long seed) {
        public Config {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
            }
            if (batchSize < 0) {
                throw new IllegalArgumentException("batch size must be 0 (full batch) or positive, not " + batchSize);
            }
        }

        /** The rows of one step's pass over {@code rows} training rows (the last mini-batch may have fewer). */
        public int rowsPerStep(int rows) {
            return batchSize == 0 || batchSize >= rows ? rows : batchSize;
        }
    }

    private final Network net;
    private final Optimizer optimizer;
    private final Config config;
    private final List<TrainingListener> listeners;

    public Trainer(Network net, Optimizer optimizer, Config config, List<TrainingListener> listeners) {
        this.net = net;
        this.optimizer = optimizer;
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Trains on inputs X (I×N) and targets Y (I×J) and returns the last epoch's loss.
     *
     * @throws DivergedException as soon as a batch's loss is NaN or infinite
     */
    public double train(Matrix inputs, Matrix targets) {
        int rows = inputs.rows();
        if (targets.rows() != rows) {
            throw new IllegalArgumentException("inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " have different row counts");
        }
        if (rows == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
        int batch = config.rowsPerStep(rows);
        boolean fullBatch = batch == rows;
        int fullBatches = rows / batch;
        int remainder = rows % batch;
        int stepsPerEpoch = fullBatches + (remainder > 0 ? 1 : 0);

        Pass main = net.newPass(batch);
        Pass last = remainder > 0 ? net.newPass(remainder) : null;
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom shuffle = new SplittableRandom(config.seed());
        if (fullBatch) {
            main.load(inputs, targets); // X̃ is built once: full batch never changes its rows
        }

        for (TrainingListener l : listeners) {
            l.onStart(net, config.epochs(), stepsPerEpoch);
        }
        long start = System.nanoTime();
        double epochLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            if (!fullBatch) {
                shuffle(order, shuffle);
            }
            double weighted = 0;
            for (int step = 0; step < stepsPerEpoch; step++) {
                Pass p = step < fullBatches ? main : last;
                if (!fullBatch) {
                    int from = step * batch;
                    for (int r = 0; r < p.rows(); r++) {
                        p.loadRow(r, inputs, targets, order[from + r]);
                    }
                }
                double e = net.forwardBackward(p);
                if (!Double.isFinite(e)) {
                    throw new DivergedException(epoch, e);
                }
                for (int li = 0; li < listeners.size(); li++) {
                    listeners.get(li).afterStep(epoch, step, net, p);
                }
                optimizer.step(p);
                weighted += e * p.rows();
            }
            epochLoss = weighted / rows;
            for (int li = 0; li < listeners.size(); li++) {
                listeners.get(li).afterEpoch(epoch, epochLoss);
            }
        }
        long nanos = System.nanoTime() - start;
        for (TrainingListener l : listeners) {
            l.onFinish(config.epochs(), epochLoss, nanos);
        }
        return epochLoss;
    }

    /** Fisher–Yates, in place. */
    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
