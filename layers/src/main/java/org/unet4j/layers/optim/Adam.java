package org.unet4j.layers.optim;

import java.util.List;

import org.unet4j.layers.Parameter;

/**
 * Adam with optional L2 weight decay added to the gradient ({@code g = g + lambda p}); the update rule is in
 * {@link AdaptiveMomentOptimizer}. Defaults as in PyTorch: betas (0.9, 0.999), eps 1e-8, no weight decay.
 *
 * <pre>{@code
 * var adam = new Adam(net.parameters(), 1e-3);
 * var adam = Adam.builder(1e-3).betas(0.9, 0.99).weightDecay(1e-4).build(net.parameters());
 * }</pre>
 */
public final class Adam extends AdaptiveMomentOptimizer {

    /** Adam with the default betas and eps and no weight decay. */
    public Adam(List<Parameter> parameters, double learningRate) {
        this(parameters, builder(learningRate));
    }

    private Adam(List<Parameter> parameters, Builder<Adam> options) {
        super(parameters, options);
    }

    /** A builder starting from the defaults. */
    public static Builder<Adam> builder(double learningRate) {
        return new Builder<>(learningRate, 0, Adam::new);
    }

    @Override
    boolean decoupledWeightDecay() {
        return false;
    }
}
