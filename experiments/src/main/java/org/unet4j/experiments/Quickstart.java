package org.unet4j.experiments;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.cpu.Parallel;
import org.unet4j.experiments.datasets.ShapesDataset;
import org.unet4j.experiments.metrics.Dice;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.optim.Adam;

/**
 * The quickstart: a small fully convolutional network (conv 3x3, ReLU, conv 3x3, ReLU, conv 1x1; "same" padding)
 * learns to segment the shapes of a {@link ShapesDataset} with Adam on the binary cross-entropy, and each epoch prints
 * the mean training loss, the Dice score on held-out images and the time taken.
 *
 * <pre>{@code
 * List<Quickstart.Epoch> epochs = Quickstart.run(Quickstart.Config.defaults(7), new PrintWriter(System.out, true));
 * }</pre>
 */
public final class Quickstart {
    private static final int MAX_SHAPES = 3;
    private static final double NOISE = 0.15;

    private Quickstart() {
    }

    /**
     * The settings of a run.
     *
     * @param epochs           passes over the training images, at least 1
     * @param trainImages      training images, at least 1
     * @param validationImages held-out images for the Dice score, at least 1
     * @param imageSize        image height and width in pixels, at least 8
     * @param channels         channels of the two hidden layers, at least 1
     * @param batchSize        images per optimisation step, at least 1
     * @param learningRate     Adam's learning rate, positive
     * @param seed             seed of the data, the initial weights and the batch order
     */
    public record Config(int epochs, int trainImages, int validationImages, int imageSize, int channels,
            int batchSize, double learningRate, long seed) {
        /** Validates every field, naming the first invalid one. */
        public Config {
            requireAtLeast("epochs", epochs, 1);
            requireAtLeast("train images", trainImages, 1);
            requireAtLeast("validation images", validationImages, 1);
            requireAtLeast("image size", imageSize, 8);
            requireAtLeast("channels", channels, 1);
            requireAtLeast("batch size", batchSize, 1);
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be a positive number, got "
                        + learningRate);
            }
        }

        /** The quickstart's settings: a minute or less on two cores. */
        public static Config defaults(long seed) {
            return new Config(8, 256, 64, 48, 16, 16, 1e-2, seed);
        }

        private static void requireAtLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("the number of " + name + " must be at least " + min + ", got "
                        + value);
            }
        }
    }

    /**
     * What one epoch achieved.
     *
     * @param epoch          1-based index
     * @param trainLoss      mean binary cross-entropy over the epoch's batches
     * @param validationDice mean Dice on the held-out images after the epoch
     * @param seconds        wall-clock time of the epoch, validation included
     */
    public record Epoch(int epoch, double trainLoss, double validationDice, double seconds) {
    }

    /** Trains as {@code config} says, printing a header and one line per epoch to {@code out}; returns the epochs. */
    public static List<Epoch> run(Config config, PrintWriter out) {
        SplittableRandom random = new SplittableRandom(config.seed());
        ShapesDataset data = ShapesDataset.generate(new ShapesDataset.Spec(config.trainImages()
                + config.validationImages(), config.imageSize(), MAX_SHAPES, NOISE, random.nextLong()));
        Tensor validationImages = data.images(config.trainImages(), data.count());
        Tensor validationMasks = data.masks(config.trainImages(), data.count());
        Module net = network(config.channels(), random.split());
        Adam adam = new Adam(net.parameters(), config.learningRate());
        SplittableRandom shuffling = random.split();

        out.printf(Locale.ROOT, "quickstart: segmenting %d + %d held-out generated %dx%d shape images (seed %d),"
                        + " Adam lr %s, batch %d, %d threads%n", config.trainImages(), config.validationImages(),
                config.imageSize(), config.imageSize(), config.seed(), config.learningRate(), config.batchSize(),
                Parallel.threads());
        out.println(net);
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= config.epochs(); e++) {
            long start = System.nanoTime();
            int[] order = permutation(config.trainImages(), shuffling);
            double lossSum = 0;
            int batches = 0;
            net.train();
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int to = Math.min(order.length, from + config.batchSize());
                Tensor loss = Losses.bceWithLogits(net.forward(gather(data.images(), order, from, to)),
                        gather(data.masks(), order, from, to));
                adam.zeroGrad();
                loss.backward();
                adam.step();
                lossSum += loss.item();
                batches++;
            }
            double dice = validationDice(net, validationImages, validationMasks, config.batchSize());
            Epoch epoch = new Epoch(e, lossSum / batches, dice, (System.nanoTime() - start) / 1e9);
            epochs.add(epoch);
            out.printf(Locale.ROOT, "epoch %2d/%d  loss %.4f  held-out Dice %.3f  %.1f s%n", e, config.epochs(),
                    epoch.trainLoss(), epoch.validationDice(), epoch.seconds());
        }
        Epoch first = epochs.get(0);
        Epoch last = epochs.get(epochs.size() - 1);
        out.printf(Locale.ROOT, "loss %.4f -> %.4f, held-out Dice %.3f -> %.3f%n", first.trainLoss(),
                last.trainLoss(), first.validationDice(), last.validationDice());
        out.flush();
        return epochs;
    }

    /** conv 3x3 (1 -> c), ReLU, conv 3x3 (c -> c), ReLU, conv 1x1 (c -> 1): one logit per pixel. */
    static Module network(int channels, SplittableRandom rng) {
        return Sequential.of(
                Conv2d.builder(1, channels, 3).padding(Padding.SAME).build(rng),
                new ReLU(),
                Conv2d.builder(channels, channels, 3).padding(Padding.SAME).build(rng),
                new ReLU(),
                Conv2d.builder(channels, 1, 1).build(rng));
    }

    private static double validationDice(Module net, Tensor images, Tensor masks, int batchSize) {
        net.eval();
        List<Tensor> logits = new ArrayList<>();
        try (NoGrad scope = Autograd.noGrad()) {
            for (int from = 0; from < images.dim(0); from += batchSize) {
                int to = Math.min(images.dim(0), from + batchSize);
                logits.add(net.forward(images.slice(0, from, to)));
            }
        }
        return Dice.ofLogits(Tensor.concat(logits, 0), masks);
    }

    /** Samples {@code order[from..to-1]} of {@code all} (batch axis 0) as a new tensor. */
    private static Tensor gather(Tensor all, int[] order, int from, int to) {
        float[] source = all.floats();
        int perSample = all.size() / all.dim(0);
        float[] batch = new float[(to - from) * perSample];
        for (int i = from; i < to; i++) {
            System.arraycopy(source, order[i] * perSample, batch, (i - from) * perSample, perSample);
        }
        int[] dims = all.dims();
        dims[0] = to - from;
        return Tensor.wrap(batch, dims);
    }

    /** A uniformly random ordering of 0..n-1 (Fisher-Yates). */
    private static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
