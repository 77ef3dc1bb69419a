package org.unet4j.experiments.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;

class AugmentationTest {
    /** A batch whose mask equals its image (values 0/1), so geometric augmentations must keep them equal. */
    private static Batch aligned(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] data = new float[3 * 6 * 6];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextBoolean() ? 1 : 0;
        }
        return new Batch(Tensor.wrap(data.clone(), 3, 1, 6, 6), Tensor.wrap(data, 3, 1, 6, 6), new int[] {0, 1, 2});
    }

    @Test
    void aBatchPrintsItsSamplesAndTensors() {
        Batch batch = aligned(1);
        assertEquals("Batch[3 samples [0, 1, 2], images " + batch.images() + ", masks " + batch.masks() + "]",
                batch.toString());
    }

    @Property(tries = 20)
    void geometricAugmentationsMoveImagesAndMasksTogether(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
        Augmentation all = Augmentation.of(new Flip(), new Rotate90(), new RandomCrop(4, 5));
        Batch out = all.apply(aligned(seed), new SplittableRandom(seed));
        assertArrayEquals(new int[] {3, 1, 4, 5}, out.images().dims());
        assertArrayEquals(out.masks().toFloatArray(), out.images().toFloatArray());
    }

    @Test
    void rotatingFourTimesIsTheIdentityAndAQuarterTurnMovesTheCorner() {
        float[] data = new float[9];
        data[0] = 1;
        Batch batch = new Batch(Tensor.wrap(data, 1, 1, 3, 3), Tensor.wrap(data.clone(), 1, 1, 3, 3), new int[] {0});
        Batch once = new Rotate90().apply(batch, new SplittableRandom(1));
        float[] pixels = once.images().toFloatArray();
        float sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        assertEquals(1, sum, 0);
        assertEquals(1, pixels[0] + pixels[2] + pixels[6] + pixels[8], 0);
    }

    @Test
    void gaussianNoiseHasTheRequestedSigmaAndIsNotClipped() {
        Tensor zeros = Tensor.zeros(1, 1, 100, 100);
        float[] noisy = GaussianNoise.addTo(zeros, 0.5, new SplittableRandom(3)).toFloatArray();
        double sum = 0;
        double squares = 0;
        float max = 0;
        for (float v : noisy) {
            sum += v;
            squares += v * v;
            max = Math.max(max, Math.abs(v));
        }
        assertEquals(0, sum / noisy.length, 0.02);
        assertEquals(0.5, Math.sqrt(squares / noisy.length), 0.02);
        assertEquals(true, max > 1, "values beyond [0, 1] are kept");
        assertArrayEquals(new float[10000], zeros.toFloatArray(), "the input is not changed");
    }

    @Test
    void intensityJitterKeepsMasks() {
        Batch batch = aligned(5);
        Batch out = new IntensityJitter(0.2, 0.1).apply(batch, new SplittableRandom(2));
        assertArrayEquals(batch.masks().toFloatArray(), out.masks().toFloatArray());
    }
}
