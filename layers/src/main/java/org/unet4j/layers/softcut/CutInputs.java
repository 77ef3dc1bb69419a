package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * What a SoftCut network predicts before the cut: pixel scores {@code N x 1 x H x W} and the edge weights along
 * axis 0 ({@code N x 1 x (H-1) x W}) and axis 1 ({@code N x 1 x H x (W-1)}), already non-negative.
 */
public record CutInputs(Tensor scores, List<Tensor> weights) {

    /** The relaxed cut, differentiable. */
    public Tensor relaxed(RelaxedCut layer) {
        return layer.apply(scores, weights);
    }

    /** The exact max-flow cut for inference: 1 foreground, 0 background. */
    public Tensor hard() {
        return SoftCut.hardCut(scores, weights);
    }
}
