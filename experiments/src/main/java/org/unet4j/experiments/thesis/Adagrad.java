package org.unet4j.experiments.thesis;

import java.util.List;

import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.optim.Optimizer;

/**
 * Adagrad (Duchi, Hazan and Singer 2011) as PyTorch implements it without decay and with a zero initial accumulator,
 * the optimizer of the SoftCut thesis's Experiment 4: at a parameter's step t = 1, 2, ...
 * <pre>
 *   p = p - lr g_t / (sqrt(sum_(s <= t) g_s^2) + eps)
 * </pre>
 * It runs as the fused adaptive-moment kernel ({@link OptimizerKernels#adam}) with {@code beta1 = 0} and
 * {@code beta2 = (t - 1) / t}, whose second buffer then holds the mean {@code v_t = (1/t) sum g_s^2}, and the
 * correction {@code 1 / sqrt(t)}, so that {@code sqrt(v_t) sqrt(t)} is the root of the sum. The slots are
 * {@code "step"} (t), {@code "mean_sq"} (v_t) and the kernel's unused first moment {@code "grad"} (the last g). Lives
 * here because {@code layers.optim} has no Adagrad yet; it belongs there.
 */
public final class Adagrad extends Optimizer {
    private static final String STEP = "step";
    private static final String LAST_GRADIENT = "grad";
    private static final String MEAN_SQUARE = "mean_sq";

    private final double eps;

    /** Adagrad with PyTorch's {@code eps = 1e-10}. */
    public Adagrad(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 1e-10);
    }

    /** Adagrad with the denominator's stabilising term {@code eps >= 0}. */
    public Adagrad(List<Parameter> parameters, double learningRate, double eps) {
        super(parameters, learningRate);
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("Adagrad: eps must be finite and >= 0, got " + eps);
        }
        this.eps = eps;
    }

    @Override
    protected void update(int index, Tensor value, Tensor grad) {
        double t = ++slot(index, STEP)[0];
        kernels(value).adam(value, grad, buffer(index, LAST_GRADIENT, value), buffer(index, MEAN_SQUARE, value),
                new OptimizerKernels.AdamStep(1, 0, 0, (t - 1) / t, learningRate(), 1 / Math.sqrt(t), eps));
    }

    @Override
    protected boolean isCounter(String name) {
        return name.equals(STEP);
    }

    @Override
    protected Shape slotShape(String name, Shape parameterShape) {
        return switch (name) {
            case STEP -> Shape.scalar();
            case LAST_GRADIENT, MEAN_SQUARE -> parameterShape;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "Adagrad(lr " + number(learningRate()) + ", eps " + number(eps) + ", " + parameters().size()
                + " parameter tensors)";
    }
}
