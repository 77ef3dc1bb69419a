package org.unet4j.experiments.datasets.augment;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;

/**
 * Adds independent N(0, sigma^2) noise to every image pixel, without clipping, as the noise-robustness experiments
 * did on [0, 1]-scaled images; masks are kept. Use it as a training augmentation or, through {@link #addTo}, to
 * corrupt test images.
 */
public final class GaussianNoise implements Augmentation {
    private final double sigma;

    /** Noise of standard deviation {@code sigma >= 0}. */
    public GaussianNoise(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("GaussianNoise: sigma must be finite and >= 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    @Override
    public Batch apply(Batch batch, SplittableRandom rng) {
        return new Batch(addTo(batch.images(), sigma, rng), batch.masks(), batch.indices());
    }

    /** A copy of {@code images} with N(0, sigma^2) noise added to every element, unclipped. */
    public static Tensor addTo(Tensor images, double sigma, SplittableRandom rng) {
        float[] data = images.toFloatArray();
        for (int i = 0; i < data.length; i += 2) {
            double r = sigma * Math.sqrt(-2 * Math.log(1 - rng.nextDouble()));
            double angle = 2 * Math.PI * rng.nextDouble();
            data[i] += (float) (r * Math.cos(angle));
            if (i + 1 < data.length) {
                data[i + 1] += (float) (r * Math.sin(angle));
            }
        }
        return Tensor.wrap(data, images.dims());
    }
}
