package org.unet4j.experiments.datasets;

import org.unet4j.autodiff.Tensor;

/**
 * A {@link SegmentationDataset} over two given tensors: images and masks, or volumes and their masks.
 *
 * @param images N x C x H x W, or N x C x D x H x W
 * @param masks  N x 1 x H x W (N x 1 x D x H x W), the same N and spatial sizes
 */
public record TensorDataset(Tensor images, Tensor masks) implements SegmentationDataset {
    /** Checks the shapes agree. */
    public TensorDataset {
        boolean agree = (images.rank() == 4 || images.rank() == 5) && masks.rank() == images.rank()
                && masks.dim(1) == 1 && images.dim(0) == masks.dim(0);
        for (int a = 2; agree && a < images.rank(); a++) {
            agree = images.dim(a) == masks.dim(a);
        }
        if (!agree) {
            throw new IllegalArgumentException("a segmentation dataset needs images N x C x H x W and masks"
                    + " N x 1 x H x W (or volumes N x C x D x H x W and masks N x 1 x D x H x W) of the same N and"
                    + " spatial sizes; got images " + images.shape() + " and masks " + masks.shape());
        }
    }

    @Override
    public String toString() {
        return "TensorDataset[images " + images.shape() + ", masks " + masks.shape() + "]";
    }
}
