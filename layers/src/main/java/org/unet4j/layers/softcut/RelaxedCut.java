package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * A differentiable relaxation of the binary graph cut on a grid: from pixel scores {@code N x C x spatial} and one
 * non-negative edge-weight tensor per spatial axis (shapes as in {@link SoftCut}) to a relaxed output of the shape
 * of the scores, positive on the foreground, recorded on the tape. The SoftCut thesis compares two:
 * {@link SoftCut} (the linear system {@code (I + L_w) x = p}) and {@link SubmodularTotalVariation} (Djolonga and
 * Krause's weighted TV prox, its "Submodular" rows); the SoftCut networks and {@link MulticlassCut} take either.
 */
public interface RelaxedCut {
    /** The relaxed cut of every (sample, channel) system. */
    Tensor apply(Tensor scores, List<Tensor> weights);
}
