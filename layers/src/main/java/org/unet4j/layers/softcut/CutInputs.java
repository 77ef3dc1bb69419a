package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * What a SoftCut network predicts before the cut: pixel scores {@code N x K x H x W} ({@code K = 1} for binary
 * segmentation, or the number of classes) and the edge weights along axis 0 ({@code N x 1 x (H-1) x W}) and axis 1
 * ({@code N x 1 x H x (W-1)}), already non-negative and shared by the classes.
 */
public record CutInputs(Tensor scores, List<Tensor> weights) {

    /** The relaxed cut, differentiable. */
    public Tensor relaxed(RelaxedCut layer) {
        return layer.apply(scores, weights);
    }

    /**
     * The exact max-flow cut for inference: 1 foreground, 0 background.
     *
     * @throws IllegalStateException for {@code K >= 2} class scores: the max-flow cut is binary
     */
    public Tensor hard() {
        if (scores.dim(1) != 1) {
            throw new IllegalStateException("the max-flow cut is binary, and these are " + scores.dim(1) + " class "
                    + "score maps; for several classes take MulticlassCut.labels of the relaxed output");
        }
        return SoftCut.hardCut(scores, weights);
    }
}
