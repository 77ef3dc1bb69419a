package org.unet4j.layers.optim;

import java.util.List;

import org.unet4j.layers.Parameter;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): before the Adam step the parameter shrinks,
 * {@code p = p (1 - lr lambda)}, and the gradient is left alone; the rest of the rule is in
 * {@link AdaptiveMomentOptimizer}. Defaults as in PyTorch: betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
 *
 * <pre>{@code
 * var opt = new AdamW(net.parameters(), 1e-3);
 * var opt = AdamW.builder(1e-3).weightDecay(0.05).build(net.parameters());
 * }</pre>
 */
public final class AdamW extends AdaptiveMomentOptimizer {

    /** AdamW with the default betas, eps and weight decay 0.01. */
    public AdamW(List<Parameter> parameters, double learningRate) {
        this(parameters, builder(learningRate));
    }

    private AdamW(List<Parameter> parameters, Builder<AdamW> options) {
        super(parameters, options);
    }

    /** A builder starting from the defaults (weight decay 0.01). */
    public static Builder<AdamW> builder(double learningRate) {
        return new Builder<>(learningRate, 0.01, AdamW::new);
    }

    @Override
    boolean decoupledWeightDecay() {
        return true;
    }
}
