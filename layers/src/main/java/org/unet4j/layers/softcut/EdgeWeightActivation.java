package org.unet4j.layers.softcut;

import org.unet4j.autodiff.Tensor;

/**
 * How a network turns edge-weight logits into the non-negative weights SoftCut needs: {@code exp} (Figure 13 of
 * Bonfiglio's thesis, 2022, after Djolonga and Krause) or {@code softplus} (Figure 14, "for numerical stability").
 */
public enum EdgeWeightActivation {
    /** {@code w = exp(z)}. */
    EXP,
    /** {@code w = log(1 + exp(z))}. */
    SOFTPLUS;

    Tensor apply(Tensor logits) {
        return this == EXP ? logits.exp() : logits.softplus();
    }
}
