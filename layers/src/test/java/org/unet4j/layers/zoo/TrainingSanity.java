package org.unet4j.layers.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;

/**
 * The training sanity check every zoo model passes: on four generated images (a noisy disc or square against its
 * clean mask) Adam brings the BCE-with-logits loss down tenfold within a bounded number of full-batch steps.
 */
public final class TrainingSanity {
    private TrainingSanity() {
    }

    /** Four [1, channels, size, size] images (the shape repeated over the channels) and their [1, 1] masks. */
    public static Tensor[] images(int channels, int size) {
        SplittableRandom rng = new SplittableRandom(17);
        float[] x = new float[4 * channels * size * size];
        float[] y = new float[4 * size * size];
        for (int n = 0; n < 4; n++) {
            int ci = size / 4 + rng.nextInt(size / 2);
            int cj = size / 4 + rng.nextInt(size / 2);
            int r = size / 8 + rng.nextInt(size / 8 + 1);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    boolean in = n % 2 == 0 ? (i - ci) * (i - ci) + (j - cj) * (j - cj) <= r * r
                            : Math.abs(i - ci) <= r && Math.abs(j - cj) <= r;
                    y[(n * size + i) * size + j] = in ? 1 : 0;
                    for (int c = 0; c < channels; c++) {
                        x[((n * channels + c) * size + i) * size + j] = (float) ((in ? 1 : -1) + 0.3 * rng.nextGaussian());
                    }
                }
            }
        }
        return new Tensor[] {Tensor.of(x, 4, channels, size, size), Tensor.of(y, 4, 1, size, size)};
    }

    /**
     * Four [1, 1, size, size, size] volumes (a noisy ball or cube, value +-1 plus noise 0.3) and their [1, 1] masks:
     * the 3-D counterpart of {@link #images}.
     */
    static Tensor[] volumes(int size) {
        SplittableRandom rng = new SplittableRandom(19);
        float[] x = new float[4 * size * size * size];
        float[] y = new float[x.length];
        for (int n = 0; n < 4; n++) {
            int[] c = {size / 4 + rng.nextInt(size / 2), size / 4 + rng.nextInt(size / 2),
                    size / 4 + rng.nextInt(size / 2)};
            int r = size / 8 + rng.nextInt(size / 8 + 1);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    for (int k = 0; k < size; k++) {
                        int di = i - c[0];
                        int dj = j - c[1];
                        int dk = k - c[2];
                        boolean in = n % 2 == 0 ? di * di + dj * dj + dk * dk <= r * r
                                : Math.max(Math.abs(di), Math.max(Math.abs(dj), Math.abs(dk))) <= r;
                        int at = ((n * size + i) * size + j) * size + k;
                        y[at] = in ? 1 : 0;
                        x[at] = (float) ((in ? 1 : -1) + 0.3 * rng.nextGaussian());
                    }
                }
            }
        }
        return new Tensor[] {Tensor.of(x, 4, 1, size, size, size), Tensor.of(y, 4, 1, size, size, size)};
    }

    /** Trains {@code model} until the loss is a tenth of its first value, failing after {@code maxSteps}. */
    public static void assertLossFallsTenfold(Module model, int channels, int size, double lr, int maxSteps) {
        assertLossFallsTenfold(model, images(channels, size), lr, maxSteps);
    }

    /** As above on the given {inputs, masks}. */
    public static void assertLossFallsTenfold(Module model, Tensor[] data, double lr, int maxSteps) {
        Adam adam = new Adam(model.parameters(), lr);
        double first = Double.NaN;
        double last = Double.NaN;
        int step = 0;
        while (step < maxSteps && !(last <= first / 10)) {
            model.zeroGrad();
            Tensor loss = Losses.bceWithLogits(model.forward(data[0]), data[1]);
            loss.backward();
            adam.step();
            last = loss.item();
            if (step == 0) {
                first = last;
            }
            step++;
        }
        assertTrue(last <= first / 10, model.label() + ": loss " + first + " -> " + last + " after " + step
                + " steps");
        System.out.printf("%s: loss %.4f -> %.4f in %d steps%n", model.label(), first, last, step);
    }
}
