package org.unet4j.layers.optim;

import java.util.List;

import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, by
 * PyTorch's rule. With learning rate {@code lr}, weight decay {@code lambda}, momentum {@code mu} and dampening
 * {@code tau}, at step t:
 *
 * <pre>
 * d   = g + lambda p
 * b_t = d                              (first step)
 * b_t = mu b_{t-1} + (1 - tau) d       (later steps)
 * d   = d + mu b_t                     (Nesterov)    or    d = b_t    (classical momentum)
 * p   = p - lr d
 * </pre>
 *
 * With {@code mu = 0} there is no buffer and the update is {@code p = p - lr (g + lambda p)}. The buffer is the
 * slot {@code "momentum_buffer"}, on the parameter's device; each step is one fused {@link OptimizerKernels#sgd}
 * launch per parameter.
 *
 * <pre>{@code
 * var sgd = new SGD(net.parameters(), 0.1);
 * var sgd = SGD.builder(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4).build(net.parameters());
 * }</pre>
 */
public final class SGD extends Optimizer {
    private static final String BUFFER = "momentum_buffer";

    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    /** Plain gradient descent, {@code p = p - lr g}. */
    public SGD(List<Parameter> parameters, double learningRate) {
        this(builder(learningRate), parameters);
    }

    private SGD(Builder b, List<Parameter> parameters) {
        super(parameters, b.learningRate);
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
    }

    /** A builder starting from the given learning rate, no momentum and no weight decay. */
    public static Builder builder(double learningRate) {
        return new Builder(learningRate);
    }

    @Override
    protected void update(int index, Tensor value, Tensor grad) {
        boolean first = !hasSlot(index, BUFFER);
        Tensor buffer = momentum == 0 ? null : buffer(index, BUFFER, value);
        kernels(value).sgd(value, grad, buffer, new OptimizerKernels.SgdStep(learningRate(), weightDecay, momentum,
                dampening, nesterov, first));
    }

    @Override
    protected Shape slotShape(String name, Shape parameterShape) {
        return momentum != 0 && name.equals(BUFFER) ? parameterShape : null;
    }

    @Override
    public String toString() {
        return "SGD(lr " + number(learningRate()) + ", momentum " + number(momentum) + ", dampening "
                + number(dampening) + ", nesterov " + nesterov + ", weight decay " + number(weightDecay) + ", "
                + parameters().size() + " parameter tensors)";
    }

    /** Options of {@link SGD}, validated together by {@link #build}. */
    public static final class Builder {
        private final double learningRate;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        private Builder(double learningRate) {
            this.learningRate = learningRate;
        }

        /** Momentum {@code mu} in [0, 1) (default 0: none). */
        public Builder momentum(double momentum) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
            }
            this.momentum = momentum;
            return this;
        }

        /** Dampening {@code tau} in [0, 1] of the gradient added to the momentum buffer (default 0). */
        public Builder dampening(double dampening) {
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("SGD: dampening must be in [0, 1], got " + dampening);
            }
            this.dampening = dampening;
            return this;
        }

        /** Whether to use Nesterov momentum (needs momentum > 0 and no dampening). */
        public Builder nesterov(boolean on) {
            this.nesterov = on;
            return this;
        }

        /** L2 weight decay {@code lambda >= 0} added to the gradient (default 0). */
        public Builder weightDecay(double weightDecay) {
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("SGD: weight decay must be finite and >= 0, got " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /** The optimizer of {@code parameters}. */
        public SGD build(List<Parameter> parameters) {
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got "
                        + "momentum " + momentum + " and dampening " + dampening);
            }
            return new SGD(this, parameters);
        }
    }
}
