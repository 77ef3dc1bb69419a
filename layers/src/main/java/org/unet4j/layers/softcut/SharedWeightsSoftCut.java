package org.unet4j.layers.softcut;

import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.solvers.linear.GridLaplacianSystem;

/**
 * SoftCut for {@code K} class channels that share one set of edge weights per sample (the multiclass layer of
 * {@link MulticlassCut}), on the host: each sample's matrix {@code A_n = I + L_(w_n)} is prepared once (one sparse
 * Cholesky factor for {@link SoftCut.Solver#EXACT}, one multigrid hierarchy for {@link SoftCut.Solver#MGPCG}) and
 * serves the {@code K} forward solves {@code A_n x^k = p^k} and the {@code K} adjoint solves
 * {@code A_n lambda^k = dL/dx^k}, each set as one {@link LinearSolve#solveAll} (for {@link SoftCut.Solver#CG} and
 * {@code MGPCG} one CG per class in lockstep, sharing each iteration's pass over the weights). The gradients are those of {@link SoftCutFunction} with the weight gradient summed
 * over the classes that share the weight: {@code dL/dw_ij = -sum_k (lambda^k_i - lambda^k_j)(x^k_i - x^k_j)}.
 */
final class SharedWeightsSoftCut extends HostSoftCut {
    private final int classes;

    private SharedWeightsSoftCut(SoftCut options, SoftCutGeometry geometry, int classes) {
        super(options, geometry);
        this.classes = classes;
    }

    /**
     * @param scores  {@code N x K x spatial} on the host
     * @param weights one tensor per spatial axis of channel size 1, otherwise shaped as {@link SoftCut} requires
     */
    static Tensor apply(SoftCut options, Tensor scores, List<Tensor> weights) {
        SoftCutGeometry geometry = SoftCutGeometry.of(scores.slice(1, 0, 1), weights);
        return new SharedWeightsSoftCut(options, geometry, scores.dim(1)).apply(scores, weights);
    }

    @Override
    void solve(int n, LinearSolve a, double[] b, double[] out) {
        int points = geometry.points();
        double[][] solutions = a.solveAll(columns(b, n));
        for (int c = 0; c < classes; c++) {
            System.arraycopy(solutions[c], 0, out, (n * classes + c) * points, points);
        }
    }

    @Override
    void addWeightGradients(int n, GridLaplacianSystem grid, double[] lambda, double[] x, double[][] dw,
                            double[][] products) {
        for (int c = 0; c < classes; c++) {
            int s = n * classes + c;
            grid.edgeDifferenceProducts(slice(lambda, s), slice(x, s), products);
            for (int k = 0; k < products.length; k++) {
                int offset = n * geometry.edges(k);
                for (int e = 0; e < products[k].length; e++) {
                    dw[k][offset + e] -= products[k][e];
                }
            }
        }
    }

    /** The {@code K} class vectors of sample {@code n}. */
    private double[][] columns(double[] all, int n) {
        double[][] out = new double[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = slice(all, n * classes + c);
        }
        return out;
    }

    private double[] slice(double[] all, int system) {
        int points = geometry.points();
        return Arrays.copyOfRange(all, system * points, (system + 1) * points);
    }
}
