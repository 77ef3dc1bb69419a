package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.solvers.tv.TotalVariation1d;
import org.unet4j.solvers.tv.TotalVariation2d;

/**
 * The "Submodular" baseline of the SoftCut thesis (its reference [8]): J. Djolonga and A. Krause, <i>Differentiable
 * Learning of Submodular Models</i>, NeurIPS 2017, as the thesis ran it through the authors' torch-submod layer.
 * The forward pass is the min-norm point of the weighted graph-cut function, i.e. the weighted total-variation
 * proximal problem on the grid,
 * <pre>
 *   x = argmin_z 1/2 |z - p|^2 + sum_(edges ij) w_ij |z_i - z_j|
 * </pre>
 * (the thesis's eq. 13 writes {@code |X - Z|^2} without the 1/2: its weights are twice these), per sample and
 * channel, with the shapes of {@link SoftCut}: scores {@code N x C x spatial}, one weight tensor per spatial axis
 * (axis 0 the thesis's column weights {@code c}, axis 1 its row weights {@code r}). In 1-D the solve is exact
 * (Condat's algorithm, {@link TotalVariation1d}); in 2-D it is accelerated dual block descent to a certified tolerance
 * ({@link TotalVariation2d}; whose certified candidates include refined iterates only when the layer refines),
 * followed by default by torch-submod's isotonic-regression refinement, which makes the result exact whenever the
 * approximate solution orders the points correctly.
 *
 * <p>Backward (the paper's Jacobian; the thesis's Algorithm 1): the solution is piecewise constant, and on a block
 * {@code A} of it the optimality condition reads {@code x_A = mean_A(p) - (1/|A|) sum_(i in A, j not in A)
 * w_ij sign(x_i - x_j)}. Hence, with {@code gbar} the mean of {@code dL/dx} over each block,
 * <pre>
 *   dL/dp_i = gbar_(A(i)),      dL/dw_ij = -sign(x_i - x_j) (gbar_i - gbar_j)   (0 inside a block).
 * </pre>
 * (The thesis's text of Algorithm 1 prints the score gradient as {@code -gbar}; for this forward finite differences
 * give {@code +gbar}, and its weight gradient agrees with the one above.)
 * With {@link Averaging#CONNECTED_COMPONENTS} (torch-submod's default, which the thesis used) blocks are connected
 * sets of equal value and this is the exact derivative wherever the partition is locally stable (no ties: every
 * jump and every block's internal dual strictly inside its box), so GradCheck applies there;
 * {@link Averaging#EQUAL_VALUES} is the paper's Algorithm 1 (one block per distinct value), which differs when two
 * separate regions share a value. Without refinement the 2-D iterate is not exactly piecewise constant across
 * rows, its blocks are finer than the solution's and the derivative is only the thesis's "without isotonic
 * regression" approximation.
 *
 * <p>At inference {@code SoftCut.hardCut(scores, weights)} (max-flow, the thesis's Experiment 8) applies to the
 * same inputs: for the exact prox the set {@code {x > 0}} is the minimal minimiser of
 * {@code -sum_(i in S) p_i + w(cut S)}, the very cut {@link HardCut} computes, so the two agree.
 *
 * <pre>{@code
 * Tensor x = SubmodularTotalVariation.create().apply(scores, List.of(vertical, horizontal));
 * var plain = SubmodularTotalVariation.builder().isotonicRefinement(false).build();   // the thesis's other row
 * }</pre>
 */
public final class SubmodularTotalVariation implements RelaxedCut {
    private final boolean refine;
    private final Averaging averaging;
    private final TotalVariation2d solver;

    private SubmodularTotalVariation(boolean refine, Averaging averaging, TotalVariation2d solver) {
        this.refine = refine;
        this.averaging = averaging;
        this.solver = solver;
    }

    /** Which blocks the backward pass averages the incoming gradient over. */
    public enum Averaging {
        /** Connected sets of equal value (torch-submod's {@code average_connected=True}; the thesis's runs). */
        CONNECTED_COMPONENTS,
        /** All points of one value (the paper's Algorithm 1). */
        EQUAL_VALUES
    }

    /** Isotonic refinement on, connected-component averaging, 2-D tolerance {@code 1e-6} (RMS), cap 10,000. */
    public static SubmodularTotalVariation create() {
        return builder().build();
    }

    /** A builder with the defaults of {@link #create()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The weighted TV prox per system, recorded on the tape.
     *
     * @param scores  {@code N x C x n_0 [x n_1]} (one or two spatial axes), finite
     * @param weights one tensor per spatial axis, {@code n_k - 1} along axis {@code k}, finite and {@code >= 0}
     * @throws IllegalArgumentException      on shapes (named as in {@link SoftCut}), more than two spatial axes, a
     *                                       non-finite score or a negative or non-finite weight
     * @throws UnsupportedOperationException for tensors on a device other than the host
     * @throws org.unet4j.solvers.tv.ProxNotConvergedException when a 2-D solve reaches its cap
     */
    @Override
    public Tensor apply(Tensor scores, List<Tensor> weights) {
        SoftCutGeometry geometry = SoftCutGeometry.of(scores, weights);
        if (scores.device() != Device.CPU) {
            throw new UnsupportedOperationException("SubmodularTotalVariation runs on the host only, and the scores "
                    + "are on " + scores.device() + "; move the inputs with to(Device.CPU) and the result back with "
                    + "to(" + scores.device() + ") (gradients flow back through to)");
        }
        int d = geometry.dimensions();
        if (d > 2) {
            throw new IllegalArgumentException("SubmodularTotalVariation solves 1-D and 2-D grids, got " + d
                    + " spatial axes (scores of shape " + scores.shape() + ")");
        }
        double[] p = scores.toDoubleArray();
        SoftCutGeometry.requireFiniteScores(scores, p);
        double[][] w = SoftCutGeometry.admissibleWeights(weights);
        int[] sizes = geometry.sizes();
        int points = geometry.points();
        double[] x = new double[p.length];
        Parallel.forRange(geometry.systems(), 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                double[] xs = solve(geometry.systemPoints(p, s), geometry.systemWeights(w, s), sizes);
                System.arraycopy(xs, 0, x, s * points, points);
            }
        });
        Tensor out = Tensor.wrap(x, scores.dims()).to(scores.dtype());
        Tensor[] inputs = SoftCutGeometry.tapeInputs(scores, weights);
        return Autograd.record("submodularTotalVariation", out, g -> backward(geometry, x, g, inputs), inputs);
    }

    /** {@link #apply} with {@code softplus} in front of each weight tensor. */
    public Tensor applyLogits(Tensor scores, List<Tensor> weightLogits) {
        return apply(scores, weightLogits.stream().map(Tensor::softplus).toList());
    }

    private double[] solve(double[] p, double[][] w, int[] sizes) {
        if (sizes.length == 1) {
            return TotalVariation1d.prox(p, w[0]);
        }
        double[] x = solver.prox(p, sizes[0], sizes[1], w[0], w[1]);
        return refine ? TotalVariation2d.refine(p, sizes[0], sizes[1], w[0], w[1], x) : x;
    }

    private Tensor[] backward(SoftCutGeometry geometry, double[] x, Tensor gradOutput, Tensor[] inputs) {
        int d = geometry.dimensions();
        int[] sizes = geometry.sizes();
        int points = geometry.points();
        double[] g = gradOutput.toDoubleArray();
        double[] dp = new double[g.length];
        double[][] dw = geometry.newEdgeArrays();
        Parallel.forRange(geometry.systems(), 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                double[] xs = geometry.systemPoints(x, s);
                LevelSets blocks = averaging == Averaging.CONNECTED_COMPONENTS
                        ? LevelSets.connected(xs, sizes) : LevelSets.equalValues(xs);
                double[] mean = blocks.blockMeans(geometry.systemPoints(g, s));
                System.arraycopy(mean, 0, dp, s * points, points);
                int stride = 1;
                for (int k = d - 1; k >= 0; k--) {
                    int e = s * geometry.edges(k);
                    for (int i = 0; i < points; i++) {
                        if ((i / stride) % sizes[k] + 1 < sizes[k]) {
                            int j = i + stride;
                            dw[k][e++] = -Math.signum(xs[i] - xs[j]) * (mean[i] - mean[j]);
                        }
                    }
                    stride *= sizes[k];
                }
            }
        });
        return SoftCutGeometry.gradients(dp, dw, inputs);
    }

    /** Whether 2-D solutions are refined by isotonic regression. */
    public boolean isotonicRefinement() {
        return refine;
    }

    /** The blocks the backward pass averages over. */
    public Averaging averaging() {
        return averaging;
    }

    @Override
    public String toString() {
        return "SubmodularTotalVariation(" + (refine ? "isotonic refinement" : "no refinement") + ", " + averaging
                + ", " + solver + ")";
    }

    /** Options of a {@link SubmodularTotalVariation}. */
    public static final class Builder {
        private boolean refine = true;
        private Averaging averaging = Averaging.CONNECTED_COMPONENTS;
        private TotalVariation2d solver = TotalVariation2d.create();

        private Builder() {
        }

        /** Refine 2-D solutions by isotonic regression (default {@code true}, the thesis's "+ isotonic" rows). */
        public Builder isotonicRefinement(boolean on) {
            this.refine = on;
            return this;
        }

        /** The blocks of the backward pass (default {@link Averaging#CONNECTED_COMPONENTS}). */
        public Builder averaging(Averaging a) {
            if (a == null) {
                throw new IllegalArgumentException("averaging must not be null");
            }
            this.averaging = a;
            return this;
        }

        /** RMS tolerance of the 2-D solve's certified distance (default {@code 1e-6}, at least {@code 1e-7}). */
        public Builder tolerance(double rms) {
            this.solver = solver.tolerance(rms);
            return this;
        }

        /** Iteration cap of the 2-D solve (default 10,000). */
        public Builder maxIterations(int cap) {
            this.solver = solver.maxIterations(cap);
            return this;
        }

        /** The layer. */
        public SubmodularTotalVariation build() {
            return new SubmodularTotalVariation(refine, averaging, refine ? solver : solver.refinedCandidates(false));
        }
    }
}
