package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.solvers.linear.GridLaplacianSystem;

/**
 * SoftCut on the host, in float64, for one weight set {@code w_s} per system {@code s} of the geometry: the inputs
 * read and checked (scores finite, weights finite and {@code >= 0}, Theorem 2.2), each {@code A_s = I + L_(w_s)}
 * prepared once by the layer's solver on the engine's {@link Parallel} pool and kept for the backward pass, and the
 * record on the tape with
 * <pre>
 *   lambda = A_s^-1 dL/dx,     dL/dp = lambda,     dL/dw_ij = -sum (lambda_i - lambda_j)(x_i - x_j)
 * </pre>
 * summed over the right-hand sides that share {@code A_s}. Subclasses say which right-hand sides those are and how
 * they are solved; results take the dtype of the inputs.
 */
abstract class HostSoftCut {
    /** The weight sets: one system per set. */
    final SoftCutGeometry geometry;
    private final SoftCut options;

    HostSoftCut(SoftCut options, SoftCutGeometry geometry) {
        this.options = options;
        this.geometry = geometry;
    }

    /** Solves, with {@code a = A_set}, the right-hand sides of weight set {@code set} in {@code b} into {@code out}. */
    abstract void solve(int set, LinearSolve a, double[] b, double[] out);

    /**
     * Adds {@code dL/dw} of weight set {@code set} to {@code dw} (at the set's offset {@code set S_k}), given the
     * adjoints {@code lambda} and solutions {@code x} of all systems; {@code products} is scratch space of
     * {@code S_k} entries per axis.
     */
    abstract void addWeightGradients(int set, GridLaplacianSystem grid, double[] lambda, double[] x, double[][] dw,
                                     double[][] products);

    /** {@code x = A^-1 p} for every right-hand side, recorded on the tape against the scores and every weight tensor. */
    final Tensor apply(Tensor scores, List<Tensor> weights) {
        double[] p = scores.toDoubleArray();
        SoftCutGeometry.requireFiniteScores(scores, p);
        double[][] w = SoftCutGeometry.admissibleWeights(weights);
        LinearSolveFactory factory = options.solver().factory(geometry.sizes(), options.solutionCheck());
        LinearSolve[] solves = new LinearSolve[geometry.systems()];
        GridLaplacianSystem[] grids = new GridLaplacianSystem[geometry.systems()];
        double[] x = new double[p.length];
        Parallel.forRange(geometry.systems(), 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                grids[s] = new GridLaplacianSystem(geometry.sizes(), geometry.systemWeights(w, s));
                solves[s] = factory.prepare(grids[s]);
                solve(s, solves[s], p, x);
            }
        });
        Tensor out = Tensor.wrap(x, scores.dims()).to(scores.dtype());
        Tensor[] inputs = SoftCutGeometry.tapeInputs(scores, weights);
        return Autograd.record("softCut", out, g -> backward(grids, solves, x, g, inputs), inputs);
    }

    private Tensor[] backward(GridLaplacianSystem[] grids, LinearSolve[] solves, double[] x, Tensor gradOutput,
                              Tensor[] inputs) {
        int d = geometry.dimensions();
        double[] g = gradOutput.toDoubleArray();
        double[] dp = new double[g.length];
        double[][] dw = geometry.newEdgeArrays();
        Parallel.forRange(geometry.systems(), 1, (from, to) -> {
            double[][] products = new double[d][];
            for (int k = 0; k < d; k++) {
                products[k] = new double[geometry.edges(k)];
            }
            for (int s = from; s < to; s++) {
                solve(s, solves[s], g, dp);
                addWeightGradients(s, grids[s], dp, x, dw, products);
            }
        });
        return SoftCutGeometry.gradients(dp, dw, inputs);
    }
}
