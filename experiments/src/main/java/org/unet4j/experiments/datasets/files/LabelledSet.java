package org.unet4j.experiments.datasets.files;

import java.util.List;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.TensorDataset;

/**
 * One part of a dataset read from files: images, the binary targets and, beside them, the labels as the masks held
 * them (object ids of instance maps, class ids of multi-class maps, 1 for binary masks).
 *
 * @param images N x C x H x W
 * @param masks  N x 1 x H x W, 0 or 1 (label > 0)
 * @param labels N x 1 x H x W, the labels as integers stored in floats ({@link DecodedMask#OUTSIDE} outside a field
 *               of view)
 * @param names  the sample name of each row ({@code name@top,left} for tiles)
 */
public record LabelledSet(Tensor images, Tensor masks, Tensor labels, List<String> names)
        implements SegmentationDataset {
    /** Checks the shapes. */
    public LabelledSet {
        new TensorDataset(images, masks);
        new TensorDataset(images, labels);
        names = List.copyOf(names);
        if (names.size() != images.dim(0)) {
            throw new IllegalArgumentException(names.size() + " names for " + images.dim(0) + " samples");
        }
    }

    /** The fraction of foreground pixels. */
    public double foregroundFraction() {
        float[] m = masks.toFloatArray();
        double sum = 0;
        for (float v : m) {
            sum += v;
        }
        return m.length == 0 ? 0 : sum / m.length;
    }

    /** The same samples with the images replaced (e.g. normalised). */
    public LabelledSet withImages(Tensor replaced) {
        return new LabelledSet(replaced, masks, labels, names);
    }

    @Override
    public String toString() {
        return "LabelledSet[" + count() + " samples, images " + images.shape() + "]";
    }
}
