package org.unet4j.experiments.datasets.augment;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;

/** Mirrors each sample left-right with probability 1/2 and, independently, top-bottom with probability 1/2. */
public final class Flip implements Augmentation {
    @Override
    public Batch apply(Batch batch, SplittableRandom rng) {
        int n = batch.size();
        boolean[] horizontal = new boolean[n];
        boolean[] vertical = new boolean[n];
        for (int s = 0; s < n; s++) {
            horizontal[s] = rng.nextBoolean();
            vertical[s] = rng.nextBoolean();
        }
        return new Batch(flip(batch.images(), horizontal, vertical), flip(batch.masks(), horizontal, vertical),
                batch.indices());
    }

    private static Tensor flip(Tensor t, boolean[] horizontal, boolean[] vertical) {
        int c = t.dim(1);
        int h = t.dim(2);
        int w = t.dim(3);
        float[] in = t.toFloatArray();
        float[] out = new float[in.length];
        for (int s = 0; s < t.dim(0); s++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (s * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sx = horizontal[s] ? w - 1 - x : x;
                        int sy = vertical[s] ? h - 1 - y : y;
                        out[base + y * w + x] = in[base + sy * w + sx];
                    }
                }
            }
        }
        return Tensor.wrap(out, t.dims());
    }
}
