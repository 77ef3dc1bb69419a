package org.unet4j.experiments.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * A batch of samples.
 *
 * @param images  B x C x H x W
 * @param masks   B x 1 x H x W
 * @param indices the dataset indices of the samples
 */
public record Batch(Tensor images, Tensor masks, int[] indices) {
    /** The number of samples. */
    public int size() {
        return indices.length;
    }

    /** The rows {@code indices} of {@code all} along axis 0, as a new tensor. */
    public static Tensor gather(Tensor all, int[] indices) {
        float[] source = all.toFloatArray();
        int perSample = all.size() / all.dim(0);
        float[] out = new float[indices.length * perSample];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(source, indices[i] * perSample, out, i * perSample, perSample);
        }
        int[] dims = all.dims();
        dims[0] = indices.length;
        return Tensor.wrap(out, dims);
    }

    /** 0..n-1 in order when {@code rng} is null, else a uniformly random permutation (Fisher-Yates). */
    public static int[] order(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (rng != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return order;
    }

    /** The tensors as they print themselves and the dataset indices. */
    @Override
    public String toString() {
        return "Batch[" + size() + " samples " + Arrays.toString(indices) + ", images " + images + ", masks " + masks
                + "]";
    }
}
