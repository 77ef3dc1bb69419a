package org.unet4j.experiments.datasets.augment;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;

/**
 * Rotates each sample by a uniformly chosen multiple of 90 degrees (counter-clockwise). Needs square images, so that
 * the batch keeps one shape.
 */
public final class Rotate90 implements Augmentation {
    @Override
    public Batch apply(Batch batch, SplittableRandom rng) {
        if (batch.images().dim(2) != batch.images().dim(3)) {
            throw new IllegalArgumentException("Rotate90 needs square images, got " + batch.images().dim(2) + "x"
                    + batch.images().dim(3) + "; crop them square first (RandomCrop)");
        }
        int[] turns = new int[batch.size()];
        for (int s = 0; s < turns.length; s++) {
            turns[s] = rng.nextInt(4);
        }
        return new Batch(rotate(batch.images(), turns), rotate(batch.masks(), turns), batch.indices());
    }

    private static Tensor rotate(Tensor t, int[] turns) {
        int c = t.dim(1);
        int n = t.dim(2);
        float[] in = t.toFloatArray();
        float[] out = new float[in.length];
        for (int s = 0; s < t.dim(0); s++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (s * c + ch) * n * n;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        int sx;
                        int sy;
                        switch (turns[s]) {
                            case 1 -> { sx = n - 1 - y; sy = x; }
                            case 2 -> { sx = n - 1 - x; sy = n - 1 - y; }
                            case 3 -> { sx = y; sy = n - 1 - x; }
                            default -> { sx = x; sy = y; }
                        }
                        out[base + y * n + x] = in[base + sy * n + sx];
                    }
                }
            }
        }
        return Tensor.wrap(out, t.dims());
    }
}
