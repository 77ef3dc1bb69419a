package org.unet4j.layers.splitting;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;

/**
 * The segmentation control problem that the splitting network solves (Tai, Liu, Chan, Li, "A Mathematical
 * Explanation of UNet", 2024; Tai, Liu, Chan, "PottsMGNet", 2024).
 *
 * <p><b>The problem.</b> Given an image f, find controls such that the solution of
 * <pre>
 *   du/dt = -sum_{l=1..L} sum_{s=1..C_l} P_l A_{l,s}(R_l u, R_l f) + F(f),       u(0) = u_0(f),   t in (0, T],
 * </pre>
 * with the constraint {@code u in (0, 1)} and the relaxed Potts (soft threshold dynamics) regulariser
 * {@code lambda <u, G * (1 - u)> + eps sum [u ln u + (1 - u) ln(1 - u)]} (G a Gaussian of width sigma), gives the
 * segmentation {@code 1[u(T) > 1/2]}. The controlled operators {@code A_{l,s}} live on grid level l and are indexed
 * by channel s; {@code R_l} restricts to level l by repeated 2x2 max pooling (of u and of the image alike) and
 * {@code P_l} prolongs back by nearest-neighbour upsampling. Training chooses the controls (convolution weights).
 *
 * <p><b>The splitting.</b> With {@code dt = tau = T / N}, each time step is solved by the hybrid splitting (parallel
 * over the channels of a level, sequential over levels: one V-cycle), each sub-problem by one of the sub-steps
 * {@link ExplicitParallelStep}, {@link EntropicImplicitStep}, {@link ReluProjection}, and the regulariser by the final
 * {@link SoftThresholdDynamicsStep}; {@link HybridSplittingNet} is the resulting network. This class holds the
 * problem's constants and its grid-transfer operators. The grid has 2 spatial axes (images) or 3 (volumes, where
 * the restriction is a 2x2x2 max pool, the prolongation nearest up-sampling by 2 along every axis and G a 3-D
 * Gaussian); {@link #restrict} and {@link #prolong} are the 2-D operators.
 */
public final class PottsControlProblem {
    private final double tau;
    private final double eps;
    private final double lambda;
    private final double sigma;
    private final int levels;
    private final int spatialDims;

    /**
     * The problem on 2-D images with time step {@code tau}, entropy weight {@code eps}, Potts weight
     * {@code lambda >= 0}, Gaussian width {@code sigma} (pixels) and {@code levels >= 1} grid levels.
     */
    public PottsControlProblem(double tau, double eps, double lambda, double sigma, int levels) {
        this(tau, eps, lambda, sigma, levels, 2);
    }

    /** The problem of {@link #PottsControlProblem(double, double, double, double, int)} on a grid of 2 or 3 axes. */
    public PottsControlProblem(double tau, double eps, double lambda, double sigma, int levels, int spatialDims) {
        this.tau = requirePositive("tau", tau);
        this.eps = requirePositive("eps", eps);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        this.lambda = lambda;
        this.sigma = requirePositive("sigma", sigma);
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        }
        this.levels = levels;
        if (spatialDims != 2 && spatialDims != 3) {
            throw new IllegalArgumentException("the Potts control problem is posed on 2-D images or 3-D volumes "
                    + "(spatialDims 2 or 3), got " + spatialDims);
        }
        this.spatialDims = spatialDims;
    }

    /** Time step tau = T / N. */
    public double tau() {
        return tau;
    }

    /** Entropy weight eps. */
    public double eps() {
        return eps;
    }

    /** Weight lambda of the Potts (perimeter) term. */
    public double lambda() {
        return lambda;
    }

    /** Width sigma of the Gaussian G, in pixels. */
    public double sigma() {
        return sigma;
    }

    /** Number of grid levels L. */
    public int levels() {
        return levels;
    }

    /** The number of spatial axes of the grid, 2 or 3. */
    public int spatialDims() {
        return spatialDims;
    }

    /** Restriction R to the next coarser level: 2x2 max pooling, applied to the state and the image alike. */
    public static Tensor restrict(Tensor fine) {
        return Pooling.maxPool2d(fine, 2);
    }

    /** Prolongation P to the next finer level: nearest-neighbour upsampling by 2. */
    public static Tensor prolong(Tensor coarse) {
        return Upsampling.nearest(coarse, 2);
    }

    /**
     * The segmentation {@code 1[u > 1/2]} of a state u, as 0/1 values (no gradient) with u's dtype and device;
     * thresholded on the host, so a device state is read back once.
     */
    public static Tensor segmentation(Tensor u) {
        double[] values = u.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] > 0.5 ? 1 : 0;
        }
        return Tensor.wrap(values, u.dims()).to(u.dtype()).to(u.device());
    }

    /**
     * The normalised Gaussian G as a {@code [1, 1, k, k]} convolution kernel ({@code [1, 1, k, k, k]} on volumes),
     * {@code k = 2 ceil(2 sigma) + 1}, {@code G(i, j) proportional to exp(-(i^2 + j^2) / (2 sigma^2))} (plus the
     * third offset's square in 3-D), entries summing to one. Computed on the host in float64 and converted to
     * {@code dtype} before it moves to the default device, so a float32 kernel can live on a device without float64.
     */
    public Tensor gaussian(DType dtype) {
        int radius = (int) Math.ceil(2 * sigma);
        int k = 2 * radius + 1;
        int depth = spatialDims == 3 ? k : 1;
        double[] w = new double[depth * k * k];
        double total = 0;
        for (int h = 0; h < depth; h++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double dh = spatialDims == 3 ? h - radius : 0;
                    double di = i - radius;
                    double dj = j - radius;
                    int at = (h * k + i) * k + j;
                    w[at] = Math.exp(-(dh * dh + di * di + dj * dj) / (2 * sigma * sigma));
                    total += w[at];
                }
            }
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        int[] dims = spatialDims == 3 ? new int[] {1, 1, k, k, k} : new int[] {1, 1, k, k};
        return Tensor.wrap(w, dims).to(dtype).to(Device.defaultDevice());
    }

    static double requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "PottsControlProblem(tau " + tau + ", eps " + eps + ", lambda " + lambda + ", sigma " + sigma
                + ", levels " + levels + (spatialDims == 2 ? "" : ", 3-D") + ")";
    }
}
