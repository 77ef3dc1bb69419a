package org.unet4j.experiments.datasets.augment;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;

/** Cuts a {@code height x width} window at a uniformly random position out of each sample (image and mask alike). */
public final class RandomCrop implements Augmentation {
    private final int height;
    private final int width;

    /** Crops to {@code height x width} pixels, both at least 1. */
    public RandomCrop(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("RandomCrop: the crop must be at least 1x1, got " + height + "x"
                    + width);
        }
        this.height = height;
        this.width = width;
    }

    @Override
    public Batch apply(Batch batch, SplittableRandom rng) {
        int h = batch.images().dim(2);
        int w = batch.images().dim(3);
        if (height > h || width > w) {
            throw new IllegalArgumentException("RandomCrop: cannot cut " + height + "x" + width + " out of " + h + "x"
                    + w + " images");
        }
        int[] top = new int[batch.size()];
        int[] left = new int[batch.size()];
        for (int s = 0; s < top.length; s++) {
            top[s] = rng.nextInt(h - height + 1);
            left[s] = rng.nextInt(w - width + 1);
        }
        return new Batch(crop(batch.images(), top, left), crop(batch.masks(), top, left), batch.indices());
    }

    private Tensor crop(Tensor t, int[] top, int[] left) {
        int c = t.dim(1);
        int h = t.dim(2);
        int w = t.dim(3);
        float[] in = t.toFloatArray();
        float[] out = new float[t.dim(0) * c * height * width];
        for (int s = 0; s < t.dim(0); s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(in, ((s * c + ch) * h + top[s] + y) * w + left[s], out,
                            ((s * c + ch) * height + y) * width, width);
                }
            }
        }
        return Tensor.wrap(out, t.dim(0), c, height, width);
    }
}
