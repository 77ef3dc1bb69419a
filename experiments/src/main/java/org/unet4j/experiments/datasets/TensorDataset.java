package org.unet4j.experiments.datasets;

import org.unet4j.autodiff.Tensor;

/**
 * A {@link SegmentationDataset} over two given tensors.
 *
 * @param images N x C x H x W
 * @param masks  N x 1 x H x W, the same N, H and W
 */
public record TensorDataset(Tensor images, Tensor masks) implements SegmentationDataset {
    /** Checks the shapes agree. */
    public TensorDataset {
        if (images.rank() != 4 || masks.rank() != 4 || masks.dim(1) != 1 || images.dim(0) != masks.dim(0)
                || images.dim(2) != masks.dim(2) || images.dim(3) != masks.dim(3)) {
            throw new IllegalArgumentException("a segmentation dataset needs images N x C x H x W and masks"
                    + " N x 1 x H x W of the same N, H, W; got images " + images.shape() + " and masks "
                    + masks.shape());
        }
    }

    @Override
    public String toString() {
        return "TensorDataset[images " + images.shape() + ", masks " + masks.shape() + "]";
    }
}
