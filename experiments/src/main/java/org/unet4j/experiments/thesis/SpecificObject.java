package org.unet4j.experiments.thesis;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.metrics.BinaryMask;
import org.unet4j.experiments.metrics.ConnectedComponents;

/**
 * The "specific object segmentation" protocol of the SoftCut thesis (Bonfiglio 2022, Section 3, Experiments 5-6):
 * one object of each image is selected, the input gains a channel that is zero except a single 1 at the centre of
 * that object, and the target is that object only. An object is an 8-connected component of the mask; its centre is
 * the object's pixel nearest to its centroid (the centroid itself may lie outside a non-convex object). An image
 * without any object keeps an all-zero object channel and an empty target.
 */
public final class SpecificObject {
    private SpecificObject() {
    }

    /**
     * The images of {@code data} with the object channel appended ({@code C + 1} channels) and the masks reduced to
     * one object per image, drawn uniformly among the image's objects by {@code rng}.
     */
    public static TensorDataset select(SegmentationDataset data, SplittableRandom rng) {
        Tensor images = data.images();
        Tensor masks = data.masks();
        int n = images.dim(0);
        int h = images.dim(2);
        int w = images.dim(3);
        float[] channel = new float[n * h * w];
        float[] target = new float[n * h * w];
        for (int s = 0; s < n; s++) {
            ConnectedComponents objects = ConnectedComponents.of(BinaryMask.fromMask(masks, s),
                    ConnectedComponents.Connectivity.EIGHT);
            if (objects.count() == 0) {
                continue;
            }
            int chosen = 1 + rng.nextInt(objects.count());
            double sy = 0;
            double sx = 0;
            int size = 0;
            for (int p = 0; p < h * w; p++) {
                if (objects.labels()[p] == chosen) {
                    target[s * h * w + p] = 1;
                    sy += p / w;
                    sx += p % w;
                    size++;
                }
            }
            channel[s * h * w + nearest(objects.labels(), chosen, w, sy / size, sx / size)] = 1;
        }
        Tensor objectChannel = Tensor.wrap(channel, n, 1, h, w).to(images.dtype());
        return new TensorDataset(Tensor.concat(1, images, objectChannel),
                Tensor.wrap(target, n, 1, h, w).to(masks.dtype()));
    }

    /** The pixel of object {@code id} nearest to {@code (cy, cx)}, the first in row-major order on ties. */
    private static int nearest(int[] labels, int id, int w, double cy, double cx) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == id) {
                double d = (p / w - cy) * (p / w - cy) + (p % w - cx) * (p % w - cx);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = p;
                }
            }
        }
        return best;
    }
}
