package org.unet4j.experiments.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * Images and their binary masks, held in memory: images N x C x H x W, masks N x 1 x H x W with values 0 and 1.
 * Generated datasets and the parts of a dataset read from files ({@code datasets.files.LabelledSet}) implement it;
 * {@link TensorDataset} wraps any two tensors.
 */
public interface SegmentationDataset {
    /** Every image, N x C x H x W. */
    Tensor images();

    /** Every mask, N x 1 x H x W. */
    Tensor masks();

    /** The number of samples N. */
    default int count() {
        return images().dim(0);
    }

    /** Samples {@code from..to-1}. */
    default SegmentationDataset range(int from, int to) {
        return new TensorDataset(images().slice(0, from, to), masks().slice(0, from, to));
    }

    /** The samples at {@code indices}, in that order. */
    default SegmentationDataset select(int[] indices) {
        return new TensorDataset(Batch.gather(images(), indices), Batch.gather(masks(), indices));
    }

    /**
     * The samples in batches of {@code batchSize} (the last may be smaller): in order when {@code shuffle} is null,
     * else in the order of a random permutation drawn from {@code shuffle} (Fisher-Yates), so the same seed gives
     * the same batches.
     */
    default List<Batch> batches(int batchSize, SplittableRandom shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        int[] order = Batch.order(count(), shuffle);
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] indices = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            out.add(new Batch(Batch.gather(images(), indices), Batch.gather(masks(), indices), indices));
        }
        return out;
    }
}
