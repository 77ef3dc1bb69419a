package org.unet4j.experiments.datasets.augment;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;

/**
 * Changes each sample's contrast and brightness: {@code x -> a x + b} with {@code a} uniform in
 * {@code [1 - contrast, 1 + contrast]} and {@code b} uniform in {@code [-brightness, brightness]}. Masks are kept.
 */
public final class IntensityJitter implements Augmentation {
    private final double contrast;
    private final double brightness;

    /** Jitter of the given contrast and brightness ranges, both in [0, 1]. */
    public IntensityJitter(double contrast, double brightness) {
        if (!(contrast >= 0 && contrast <= 1 && brightness >= 0 && brightness <= 1)) {
            throw new IllegalArgumentException("IntensityJitter: contrast and brightness must be in [0, 1], got "
                    + contrast + " and " + brightness);
        }
        this.contrast = contrast;
        this.brightness = brightness;
    }

    @Override
    public Batch apply(Batch batch, SplittableRandom rng) {
        Tensor images = batch.images();
        float[] data = images.toFloatArray();
        int perSample = data.length / images.dim(0);
        for (int s = 0; s < images.dim(0); s++) {
            double a = 1 + contrast * (2 * rng.nextDouble() - 1);
            double b = brightness * (2 * rng.nextDouble() - 1);
            for (int i = s * perSample; i < (s + 1) * perSample; i++) {
                data[i] = (float) (a * data[i] + b);
            }
        }
        return new Batch(Tensor.wrap(data, images.dims()), batch.masks(), batch.indices());
    }
}
