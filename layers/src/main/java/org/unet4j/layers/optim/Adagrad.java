package org.unet4j.layers.optim;

import java.util.List;

import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

/**
 * Adagrad (Duchi, Hazan and Singer 2011) as PyTorch implements it. With learning rate {@code lr}, learning-rate
 * decay {@code lrDecay}, weight decay {@code lambda}, initial accumulator value {@code a} and {@code eps}, at a
 * parameter's step t = 1, 2, ...:
 *
 * <pre>
 * g   = g + lambda p
 * s_t = s_{t-1} + g^2,   s_0 = a
 * p   = p - (lr / (1 + (t - 1) lrDecay)) g / (sqrt(s_t) + eps)
 * </pre>
 *
 * Each step is one fused {@link OptimizerKernels#adam} launch per parameter, on the parameter's device, with
 * {@code beta1 = 0} (the first moment is the decayed gradient itself) and {@code beta2 = t / (t + 1)}: the second
 * buffer then holds {@code v_t = s_t / (t + 1)} (so {@code v_0 = a}), and the correction {@code 1 / sqrt(t + 1)}
 * turns {@code sqrt(v_t)} back into {@code sqrt(s_t)}. The slots are {@code "step"} (t, a host counter),
 * {@code "mean_sum"} (v_t) and the kernel's first moment {@code "grad"} (the last decayed gradient).
 *
 * <pre>{@code
 * var adagrad = new Adagrad(net.parameters(), 1e-2);
 * var adagrad = Adagrad.builder(1e-2).lrDecay(1e-4).weightDecay(1e-5).initialAccumulatorValue(0.1)
 *         .build(net.parameters());
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private static final String STEP = "step";
    private static final String LAST_GRADIENT = "grad";
    private static final String MEAN_SUM = "mean_sum";

    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulatorValue;
    private final double eps;

    /** Adagrad with PyTorch's defaults: no decay, a zero initial accumulator, {@code eps = 1e-10}. */
    public Adagrad(List<Parameter> parameters, double learningRate) {
        this(builder(learningRate), parameters);
    }

    private Adagrad(Builder b, List<Parameter> parameters) {
        super(parameters, b.learningRate);
        this.lrDecay = b.lrDecay;
        this.weightDecay = b.weightDecay;
        this.initialAccumulatorValue = b.initialAccumulatorValue;
        this.eps = b.eps;
    }

    /** A builder starting from PyTorch's defaults. */
    public static Builder builder(double learningRate) {
        return new Builder(learningRate);
    }

    @Override
    protected void update(int index, Tensor value, Tensor grad) {
        boolean first = !hasSlot(index, MEAN_SUM);
        Tensor v = buffer(index, MEAN_SUM, value);
        if (first && initialAccumulatorValue != 0) {
            v.fill(initialAccumulatorValue);
        }
        double t = ++slot(index, STEP)[0];
        double lr = learningRate() / (1 + (t - 1) * lrDecay);
        kernels(value).adam(value, grad, buffer(index, LAST_GRADIENT, value), v,
                new OptimizerKernels.AdamStep(1, weightDecay, 0, t / (t + 1), lr, 1 / Math.sqrt(t + 1), eps));
    }

    @Override
    protected boolean isCounter(String name) {
        return name.equals(STEP);
    }

    @Override
    protected Shape slotShape(String name, Shape parameterShape) {
        return switch (name) {
            case STEP -> Shape.scalar();
            case LAST_GRADIENT, MEAN_SUM -> parameterShape;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "Adagrad(lr " + number(learningRate()) + ", lr decay " + number(lrDecay) + ", weight decay "
                + number(weightDecay) + ", initial accumulator " + number(initialAccumulatorValue) + ", eps "
                + number(eps) + ", " + parameters().size() + " parameter tensors)";
    }

    /** Options of {@link Adagrad}, each validated when set. */
    public static final class Builder {
        private final double learningRate;
        private double lrDecay;
        private double weightDecay;
        private double initialAccumulatorValue;
        private double eps = 1e-10;

        private Builder(double learningRate) {
            this.learningRate = learningRate;
        }

        /** The learning rate's decay {@code lrDecay >= 0}: step t uses {@code lr / (1 + (t - 1) lrDecay)}. */
        public Builder lrDecay(double lrDecay) {
            this.lrDecay = nonNegative("lr decay", lrDecay);
            return this;
        }

        /** L2 weight decay {@code lambda >= 0} added to the gradient (default 0). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = nonNegative("weight decay", weightDecay);
            return this;
        }

        /** The sum of squared gradients before the first step, {@code a >= 0} (default 0). */
        public Builder initialAccumulatorValue(double initialAccumulatorValue) {
            this.initialAccumulatorValue = nonNegative("initial accumulator value", initialAccumulatorValue);
            return this;
        }

        /** The denominator's stabilising term, >= 0 (default 1e-10). */
        public Builder eps(double eps) {
            this.eps = nonNegative("eps", eps);
            return this;
        }

        /** The optimizer of {@code parameters}. */
        public Adagrad build(List<Parameter> parameters) {
            return new Adagrad(this, parameters);
        }

        private static double nonNegative(String name, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("Adagrad: " + name + " must be finite and >= 0, got " + value);
            }
            return value;
        }
    }
}
