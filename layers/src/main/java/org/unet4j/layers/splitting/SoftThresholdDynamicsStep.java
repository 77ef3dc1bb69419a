package org.unet4j.layers.splitting;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Buffer;
import org.unet4j.layers.Module;

/**
 * The soft-threshold-dynamics (STD) step: the final activation of the splitting network, which handles the relaxed
 * Potts regulariser and keeps {@code u in (0, 1)}.
 *
 * <p><b>Variational definition.</b> The last sub-problem is
 * {@code min_v 1/(2 tau) |v - x|^2 + lambda <v, G * (1 - v)> + eps sum [v ln v + (1 - v) ln(1 - v)]}, x the
 * network's proposal, G a normalised Gaussian. Linearising the two smooth terms at the current state u (their
 * gradients are {@code (u - x)/tau} and, G being symmetric, {@code lambda G * (1 - 2u)}) leaves the separable problem
 * <pre>
 *   v = argmin_{v in (0,1)} sum [ v c + eps (v ln v + (1 - v) ln(1 - v)) ],     c = (u - x)/tau + lambda G * (1 - 2u),
 * </pre>
 * whose optimality condition {@code c + eps ln(v / (1 - v)) = 0} gives the closed form
 * <pre>
 *   v = sigmoid(-[(u - x)/tau + lambda G * (1 - 2u)] / eps).
 * </pre>
 * The output is in (0, 1) and tends to the hard threshold {@code 1[c < 0]} as {@code eps -> 0}. {@link #logits}
 * returns the sigmoid's argument, so that the network can be trained with BCE on logits and
 * {@code 1[logit > 0] = 1[v > 1/2]} is the segmentation. G is applied with zero padding, in 2-D or 3-D as the
 * problem's grid.
 */
public final class SoftThresholdDynamicsStep extends Module {
    private final double tau;
    private final double eps;
    private final double lambda;
    private final Buffer gaussian;

    /** The step of the given problem (its tau, eps, lambda and Gaussian width). */
    public SoftThresholdDynamicsStep(PottsControlProblem problem) {
        this.tau = problem.tau();
        this.eps = problem.eps();
        this.lambda = problem.lambda();
        this.gaussian = registerBuffer("gaussian", problem.gaussian(DType.FLOAT32));
    }

    /** The Gaussian kernel G, {@code [1, 1, k, k]} ({@code [1, 1, k, k, k]} in 3-D), in this module's dtype. */
    Tensor gaussian() {
        return gaussian.tensor();
    }

    /**
     * The sigmoid's argument {@code -[(u - x)/tau + lambda G * (1 - 2u)] / eps}; u and x are {@code [N, 1, H, W]}
     * ({@code [N, 1, D, H, W]} in 3-D).
     */
    public Tensor logits(Tensor u, Tensor x) {
        Tensor g = gaussian.tensor();
        Tensor flipped = u.mul(-2).add(1);
        Tensor smoothed = g.rank() == 5
                ? Convolution.conv3d(flipped, g, null, Conv3dOptions.defaults().padding(Padding.SAME))
                : Convolution.conv2d(flipped, g, null, Conv2dOptions.defaults().padding(Padding.SAME));
        return u.sub(x).div(tau).add(smoothed.mul(lambda)).div(-eps);
    }

    /** The linearised cost {@code c = (u - x)/tau + lambda G * (1 - 2u)} whose entropic minimiser is the step. */
    public Tensor linearCost(Tensor u, Tensor x) {
        return logits(u, x).mul(-eps);
    }

    /** The per-pixel functional {@code v c + eps [v ln v + (1 - v) ln(1 - v)]} minimised by the step. */
    public double energy(double v, double c) {
        return v * c + eps * (v * Math.log(v) + (1 - v) * Math.log(1 - v));
    }

    /** The step {@code sigmoid(logits(u, x))} for the input {@code [u, x]} (two channels). */
    @Override
    public Tensor forward(Tensor stateAndProposal) {
        return logits(stateAndProposal.slice(1, 0, 1), stateAndProposal.slice(1, 1, 2)).sigmoid();
    }

    @Override
    protected String describe() {
        return "soft threshold dynamics: sigmoid(-[(u - x)/tau + lambda G*(1 - 2u)]/eps), tau " + tau + ", eps " + eps
                + ", lambda " + lambda + ", G " + gaussian.shape();
    }
}
