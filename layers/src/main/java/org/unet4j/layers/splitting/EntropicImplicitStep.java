package org.unet4j.layers.splitting;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * The entropy-regularised implicit sub-step of the splitting network, whose closed form is the sigmoid.
 *
 * <p><b>Variational definition.</b> With time step tau and entropy weight eps, the sub-step solves, pixel by pixel,
 * <pre>
 *   v = argmin_{v in (0,1)}  Q_x(v) + tau eps [v ln v + (1 - v) ln(1 - v)],
 * </pre>
 * where {@code Q_x(v)} is the proximal term {@code 1/2 |v - x|^2} in its relaxed Potts form: on the labels
 * {@code v in {0, 1}} one has {@code v^2 = v}, so {@code 1/2 |v - x|^2 = v (1/2 - x) + x^2/2}, and the relaxation
 * keeps this linear form {@code Q_x(v) = v (1/2 - x)} on all of (0, 1).
 *
 * <p><b>Closed form and its scaling.</b> The optimality condition is
 * {@code 1/2 - x + tau eps ln(v / (1 - v)) = 0}, hence
 * <pre>
 *   v = sigmoid((x - 1/2) / (tau eps)).
 * </pre>
 * So the plain sigmoid {@code sigmoid(z)} is this step for {@code x = 1/2 + tau eps z}; in the network the
 * affine map in front (batch norm's scale and shift) absorbs the factor {@code 1/(tau eps)} and the shift 1/2.
 * Keeping the full quadratic {@code 1/2 (v - x)^2} instead gives the implicit equation
 * {@code v = sigmoid((x - v) / (tau eps))}, which is not a closed form; the linear relaxation is what makes the
 * sigmoid exact. As {@code tau eps -> 0} the step tends to the hard threshold {@code 1[x > 1/2]}.
 */
public final class EntropicImplicitStep extends Module {
    private final double tau;
    private final double eps;

    /** The step for time step {@code tau > 0} and entropy weight {@code eps > 0}. */
    public EntropicImplicitStep(double tau, double eps) {
        this.tau = PottsControlProblem.requirePositive("tau", tau);
        this.eps = PottsControlProblem.requirePositive("eps", eps);
    }

    /** The functional {@code v (1/2 - x) + tau eps [v ln v + (1 - v) ln(1 - v)]} minimised by the step. */
    public double energy(double v, double x) {
        return v * (0.5 - x) + tau * eps * (v * Math.log(v) + (1 - v) * Math.log(1 - v));
    }

    /** The minimiser, {@code sigmoid((x - 1/2) / (tau eps))}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.sub(0.5).div(tau * eps).sigmoid();
    }

    @Override
    protected String describe() {
        return "implicit entropy step: sigmoid((x - 1/2) / (tau eps)), tau " + tau + ", eps " + eps;
    }
}
