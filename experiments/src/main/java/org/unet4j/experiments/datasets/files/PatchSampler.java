package org.unet4j.experiments.datasets.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.TensorDataset;

/**
 * Random training patches from whole volumes, balanced between foreground and background as MONAI's
 * {@code RandCropByPosNegLabel} does: each patch picks a volume uniformly, then, with probability
 * {@code positiveFraction}, centres on a voxel drawn uniformly from the volume's foreground, otherwise on one drawn
 * from its background (any voxel when the volume has none of that kind); the patch is shifted inside the volume
 * where the centre lies near a border. The same generator gives the same patches.
 */
public final class PatchSampler {
    private final List<MsdTask.Volume> volumes;
    private final int[] patch;
    private final double positiveFraction;
    private final List<int[]> foreground = new ArrayList<>();
    private final List<int[]> background = new ArrayList<>();
    private final List<float[]> images = new ArrayList<>();
    private final List<float[]> masks = new ArrayList<>();

    /**
     * A sampler of patches {@code patch = [pD, pH, pW]} from {@code volumes} (images [C, D, H, W], masks
     * [1, D, H, W]); fails naming a volume smaller than the patch along an axis.
     */
    public PatchSampler(List<MsdTask.Volume> volumes, int[] patch, double positiveFraction) {
        if (volumes.isEmpty() || patch.length != 3 || Arrays.stream(patch).anyMatch(p -> p < 1)) {
            throw new IllegalArgumentException("a patch sampler needs volumes and a patch [pD, pH, pW] of positive "
                    + "sizes, got " + volumes.size() + " volumes and " + Arrays.toString(patch));
        }
        if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
            throw new IllegalArgumentException("the positive fraction must be in [0, 1], got " + positiveFraction);
        }
        for (MsdTask.Volume v : volumes) {
            for (int a = 0; a < 3; a++) {
                if (v.image().dim(1 + a) < patch[a]) {
                    throw new IllegalArgumentException("volume " + v.name() + " " + v.image().shape() + " is smaller "
                            + "than the patch " + Arrays.toString(patch) + " along axis " + a + "; choose a smaller "
                            + "patch (--size)");
                }
            }
            float[] m = v.mask().toFloatArray();
            foreground.add(indices(m, true));
            background.add(indices(m, false));
            images.add(v.image().toFloatArray());
            masks.add(m);
        }
        this.volumes = List.copyOf(volumes);
        this.patch = patch.clone();
        this.positiveFraction = positiveFraction;
    }

    private static int[] indices(float[] mask, boolean positive) {
        return java.util.stream.IntStream.range(0, mask.length).filter(i -> (mask[i] > 0.5) == positive).toArray();
    }

    /** {@code count} patches: images [count, C, pD, pH, pW] and masks [count, 1, pD, pH, pW]. */
    public TensorDataset sample(int count, SplittableRandom rng) {
        int channels = volumes.get(0).image().dim(0);
        int voxels = patch[0] * patch[1] * patch[2];
        float[] patchImages = new float[count * channels * voxels];
        float[] patchMasks = new float[count * voxels];
        for (int s = 0; s < count; s++) {
            int v = rng.nextInt(volumes.size());
            MsdTask.Volume volume = volumes.get(v);
            if (volume.image().dim(0) != channels) {
                throw new IllegalArgumentException("volume " + volume.name() + " has " + volume.image().dim(0)
                        + " channels, the first " + channels);
            }
            int[] pool = rng.nextDouble() < positiveFraction ? foreground.get(v) : background.get(v);
            int[] size = {volume.image().dim(1), volume.image().dim(2), volume.image().dim(3)};
            int centre = pool.length == 0 ? rng.nextInt(size[0] * size[1] * size[2]) : pool[rng.nextInt(pool.length)];
            int[] at = {centre / (size[1] * size[2]), centre / size[2] % size[1], centre % size[2]};
            int[] start = new int[3];
            for (int a = 0; a < 3; a++) {
                start[a] = Math.max(0, Math.min(at[a] - patch[a] / 2, size[a] - patch[a]));
            }
            copy(images.get(v), channels, size, start, patchImages, s * channels * voxels);
            copy(masks.get(v), 1, size, start, patchMasks, s * voxels);
        }
        return new TensorDataset(Tensor.wrap(patchImages, count, channels, patch[0], patch[1], patch[2]),
                Tensor.wrap(patchMasks, count, 1, patch[0], patch[1], patch[2]));
    }

    private void copy(float[] from, int channels, int[] size, int[] start, float[] to, int offset) {
        int o = offset;
        for (int c = 0; c < channels; c++) {
            for (int z = 0; z < patch[0]; z++) {
                for (int y = 0; y < patch[1]; y++) {
                    int src = ((c * size[0] + start[0] + z) * size[1] + start[1] + y) * size[2] + start[2];
                    System.arraycopy(from, src, to, o, patch[2]);
                    o += patch[2];
                }
            }
        }
    }
}
