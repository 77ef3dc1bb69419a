package org.unet4j.layers.optim;

import java.util.List;
import java.util.function.BiFunction;

import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

/**
 * Adaptive moment estimation (Kingma and Ba, 2015) as PyTorch implements it; {@link Adam} and {@link AdamW} differ
 * only in how weight decay {@code lambda} enters. With learning rate {@code lr}, betas {@code b1, b2} and
 * {@code eps}, at a parameter's step t = 1, 2, ...:
 *
 * <pre>
 * g   = g + lambda p                        (Adam: L2 penalty through the gradient)
 * p   = p (1 - lr lambda)                   (AdamW: decoupled decay)
 * m_t = b1 m_{t-1} + (1 - b1) g
 * v_t = b2 v_{t-1} + (1 - b2) g^2
 * p   = p - (lr / (1 - b1^t)) m_t / (sqrt(v_t) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * The slots are {@code "step"} (t, a host counter), {@code "exp_avg"} (m) and {@code "exp_avg_sq"} (v), buffers on
 * the parameter's device; t counts the steps in which the parameter had a gradient. Each step is one fused
 * {@link OptimizerKernels#adam} launch per parameter.
 */
public abstract sealed class AdaptiveMomentOptimizer extends Optimizer permits Adam, AdamW {
    private static final String STEP = "step";
    private static final String FIRST_MOMENT = "exp_avg";
    private static final String SECOND_MOMENT = "exp_avg_sq";

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    AdaptiveMomentOptimizer(List<Parameter> parameters, Builder<?> b) {
        super(parameters, b.learningRate);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
    }

    /** True when weight decay multiplies the parameter directly (AdamW) instead of joining the gradient (Adam). */
    abstract boolean decoupledWeightDecay();

    /** The decay rate of the first moment estimate. */
    public final double beta1() {
        return beta1;
    }

    /** The decay rate of the second moment estimate. */
    public final double beta2() {
        return beta2;
    }

    /** The term added to the denominator for numerical stability. */
    public final double eps() {
        return eps;
    }

    /** The weight decay {@code lambda}. */
    public final double weightDecay() {
        return weightDecay;
    }

    @Override
    protected final void update(int index, Tensor value, Tensor grad) {
        double lr = learningRate();
        double[] step = slot(index, STEP);
        Tensor m = buffer(index, FIRST_MOMENT, value);
        Tensor v = buffer(index, SECOND_MOMENT, value);
        double t = ++step[0];
        boolean decoupled = decoupledWeightDecay();
        kernels(value).adam(value, grad, m, v, new OptimizerKernels.AdamStep(decoupled ? 1 - lr * weightDecay : 1,
                decoupled ? 0 : weightDecay, beta1, beta2, lr / (1 - Math.pow(beta1, t)),
                Math.sqrt(1 - Math.pow(beta2, t)), eps));
    }

    @Override
    protected final boolean isCounter(String name) {
        return name.equals(STEP);
    }

    @Override
    protected final Shape slotShape(String name, Shape parameterShape) {
        return switch (name) {
            case STEP -> Shape.scalar();
            case FIRST_MOMENT, SECOND_MOMENT -> parameterShape;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr " + number(learningRate()) + ", betas (" + number(beta1) + ", "
                + number(beta2) + "), eps " + number(eps) + ", weight decay " + number(weightDecay) + ", "
                + parameters().size() + " parameter tensors)";
    }

    /**
     * Options of {@link Adam} or {@link AdamW}, each validated when set.
     *
     * @param <O> the optimizer built
     */
    public static final class Builder<O extends AdaptiveMomentOptimizer> {
        private final BiFunction<List<Parameter>, Builder<O>, O> factory;
        private final double learningRate;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;

        Builder(double learningRate, double weightDecay, BiFunction<List<Parameter>, Builder<O>, O> factory) {
            this.learningRate = learningRate;
            this.factory = factory;
            weightDecay(weightDecay);
        }

        /** Decay rates of the moment estimates, each in [0, 1) (default 0.9 and 0.999). */
        public Builder<O> betas(double beta1, double beta2) {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam: betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
            }
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** The denominator's stabilising term, >= 0 (default 1e-8). */
        public Builder<O> eps(double eps) {
            if (!(eps >= 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("Adam: eps must be finite and >= 0, got " + eps);
            }
            this.eps = eps;
            return this;
        }

        /** Weight decay {@code lambda >= 0}. */
        public Builder<O> weightDecay(double weightDecay) {
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("Adam: weight decay must be finite and >= 0, got " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /** The optimizer of {@code parameters}. */
        public O build(List<Parameter> parameters) {
            return factory.apply(parameters, this);
        }
    }
}
